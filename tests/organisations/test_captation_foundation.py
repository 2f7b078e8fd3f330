"""Foundation of the captation issue: the carte professionnelle rule, the captation roles and the
« captation » access of the one sharing rule, the territory of a local authority or platform."""

from datetime import date

import pytest

from clef.organisations import perms
from clef.organisations.models import OrganisationKind, Role, Share
from clef.organisations.territory import territory_communes
from clef.territories.models import Commune
from tests.factories.organisations import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("held", "issued", "expiry", "day", "valid"),
    [
        (False, None, None, date(2026, 3, 1), False),  # no card
        (True, None, None, date(2026, 3, 1), True),  # held, dates unknown
        (True, date(2026, 3, 2), None, date(2026, 3, 1), False),  # signed the day before it is issued
        (True, date(2026, 3, 1), None, date(2026, 3, 1), True),  # the day it is issued
        (True, None, date(2026, 3, 1), date(2026, 3, 1), True),  # its last day
        (True, None, date(2026, 2, 28), date(2026, 3, 1), False),  # expired the day before
    ],
)
def test_carte_pro_valid_on_a_signature_date(held, issued, expiry, day, valid):
    operator = OrganisationFactory(
        has_carte_professionnelle=held, carte_pro_issued_on=issued, carte_pro_expiry=expiry
    )
    assert operator.carte_pro_valid_on(day) is valid


ROLES = [Role.DIRECTOR, Role.CAPTATION_OFFICER, Role.RENTAL_MANAGER, Role.SOCIAL_WORKER, Role.READ_ONLY]


@pytest.mark.parametrize(
    ("role", "see", "edit", "contracts", "edit_contracts", "bank"),
    [
        (Role.DIRECTOR, True, True, True, True, True),
        (Role.CAPTATION_OFFICER, True, True, True, True, False),
        (Role.RENTAL_MANAGER, True, False, True, True, True),
        (Role.SOCIAL_WORKER, False, False, False, False, False),
        (Role.READ_ONLY, True, False, True, False, False),
    ],
)
def test_operator_roles_on_captation_and_contracts(role, see, edit, contracts, edit_contracts, bank):
    member = MembershipFactory(role=role)
    assert perms.can_see_captation(member) is see
    assert perms.can_edit_captation(member) is edit
    assert perms.can_see_contracts(member) is contracts
    assert perms.can_edit_contracts(member) is edit_contracts
    assert perms.can_read_bank_details(member) is bank


def test_platform_and_local_authority_members():
    platform = OrganisationFactory(kind=OrganisationKind.CAPTATION_PLATFORM, name="ADIL")
    animator = MembershipFactory(organisation=platform, role=Role.CAPTATION_OFFICER)
    reader = MembershipFactory(organisation=platform, role=Role.READ_ONLY)
    authority = MembershipFactory(
        organisation=OrganisationFactory(kind=OrganisationKind.LOCAL_AUTHORITY), role=Role.READ_ONLY
    )
    assert perms.is_platform_animator(animator) and not perms.is_platform_animator(reader)
    assert perms.can_edit_captation(animator) and not perms.can_edit_captation(reader)
    assert not perms.can_see_contracts(animator)
    assert perms.is_local_authority_member(authority)
    assert not perms.can_see_captation(authority) and not perms.can_see_contracts(authority)


@pytest.mark.parametrize(
    ("role", "edit"),
    [
        (Role.DIRECTOR, True),
        (Role.CAPTATION_OFFICER, True),
        (Role.RENTAL_MANAGER, False),
        (Role.READ_ONLY, False),
    ],
)
def test_a_captation_share_lets_the_partner_operators_captation_editors_act(role, edit):
    rights = perms.share_rights(MembershipFactory(role=role), Share.Access.CAPTATION)
    assert rights.view is True and rights.edit is edit and rights.stays is False


def test_territory_is_the_communes_of_its_epcis_plus_those_named():
    communes = list(Commune.objects.filter(epci__isnull=False).select_related("epci")[:1])
    if not communes:
        pytest.skip("no commune with an EPCI in the reference data")
    commune = communes[0]
    alone = Commune.objects.exclude(epci=commune.epci).first()
    authority = OrganisationFactory(kind=OrganisationKind.LOCAL_AUTHORITY)
    assert not territory_communes(authority).exists()
    authority.territory_epcis.add(commune.epci)
    authority.territory_communes.add(alone)
    found = set(territory_communes(authority).values_list("code", flat=True))
    assert commune.code in found and alone.code in found
    assert found == set(Commune.objects.filter(epci=commune.epci).values_list("code", flat=True)) | {
        alone.code
    }
