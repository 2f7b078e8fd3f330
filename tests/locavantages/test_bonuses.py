"""Local bonus schemes and grants: rules (territory, validity, managing operator), journaled writes,
optimistic locking, database constraints."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from clef.journal.models import JournalEntry
from clef.locavantages import services
from clef.locavantages.models import LocalBonusScheme
from clef.utils.writes import StaleEditError
from tests.factories.dwellings import DwellingFactory
from tests.factories.locavantages import (
    CHAMBERY,
    GRAND_CHAMBERY,
    BonusGrantFactory,
    LocalAuthorityFactory,
    LocalBonusSchemeFactory,
)
from tests.factories.organisations import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return MembershipFactory(role="platform_admin", organisation__state=True)


def _scheme(**kwargs):
    fields = {
        "name": "Prime test",
        "epci_id": GRAND_CHAMBERY,
        "amount": Decimal("1000"),
        "valid_from": date(2026, 1, 1),
    }
    return LocalBonusScheme(**(fields | kwargs))


def test_saving_a_scheme_is_journaled_under_the_funding_authority(admin):
    authority = LocalAuthorityFactory()
    scheme = services.save_scheme(
        scheme=_scheme(authority=authority), acting_user=admin.user, organisation_id=admin.organisation_id
    )
    entry = JournalEntry.objects.get()
    assert (entry.organisation_id, entry.action, entry.object_id) == (authority.pk, "create", scheme.pk)


def test_a_platform_scheme_is_journaled_under_the_administrators_organisation(admin):
    services.save_scheme(scheme=_scheme(), acting_user=admin.user, organisation_id=admin.organisation_id)
    assert JournalEntry.objects.get().organisation_id == admin.organisation_id


def test_a_stale_edit_is_refused(admin):
    scheme = services.save_scheme(
        scheme=_scheme(), acting_user=admin.user, organisation_id=admin.organisation_id
    )
    first = LocalBonusScheme.objects.get(pk=scheme.pk)
    first.amount = Decimal("1200")
    services.save_scheme(
        scheme=first, acting_user=admin.user, organisation_id=admin.organisation_id, expected_version=1
    )
    second = LocalBonusScheme.objects.get(pk=scheme.pk)
    second.amount = Decimal("900")
    with pytest.raises(StaleEditError):
        services.save_scheme(
            scheme=second, acting_user=admin.user, organisation_id=admin.organisation_id, expected_version=1
        )
    assert LocalBonusScheme.objects.get(pk=scheme.pk).amount == Decimal("1200")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"epci_id": None}, "Choisissez une commune ou un EPCI"),
        ({"commune_id": CHAMBERY}, "Choisissez une commune ou un EPCI"),  # both
        ({"amount": Decimal("0")}, "Le montant de la prime doit être comprise"),
        ({"valid_until": date(2025, 1, 1)}, "La fin de validité ne peut pas précéder son début."),
        (
            {"for_mandat_gestion": False, "for_sous_location": False, "for_bail_glissant": False},
            "Cochez au moins un mode de gestion.",
        ),
        (
            {"for_loc1": False, "for_loc2": False, "for_loc3": False, "for_sans_convention": False},
            "Cochez au moins un niveau de loyer",
        ),
    ],
)
def test_a_bad_scheme_is_refused(admin, fields, message):
    with pytest.raises(ValidationError) as error:
        services.save_scheme(
            scheme=_scheme(**fields), acting_user=admin.user, organisation_id=admin.organisation_id
        )
    assert message in " ".join(error.value.messages)
    assert not LocalBonusScheme.objects.exists()


def test_a_local_authority_scheme_stays_in_its_territory(admin):
    authority = LocalAuthorityFactory()
    authority.territory_epcis.add(GRAND_CHAMBERY)
    services.save_scheme(
        scheme=_scheme(authority=authority, epci_id=None, commune_id=CHAMBERY),
        acting_user=admin.user,
        organisation_id=admin.organisation_id,
    )
    with pytest.raises(ValidationError, match="n'est pas dans le territoire"):
        services.save_scheme(
            scheme=_scheme(authority=authority, epci_id=None, commune_id="38185"),
            acting_user=admin.user,
            organisation_id=admin.organisation_id,
        )
    with pytest.raises(ValidationError, match="n'est pas dans le territoire"):
        services.save_scheme(
            scheme=_scheme(authority=authority, epci_id="200040715"),
            acting_user=admin.user,
            organisation_id=admin.organisation_id,
        )


def test_database_refuses_two_territories():
    with pytest.raises(IntegrityError):
        LocalBonusSchemeFactory(commune_id=CHAMBERY)  # EPCI and commune


def test_grant_for_a_dwelling_of_the_territory_is_journaled_in_its_history(admin):
    scheme = LocalBonusSchemeFactory()
    dwelling = DwellingFactory(commune_id=CHAMBERY)
    grant = services.grant_bonus(
        scheme=scheme, dwelling=dwelling, granted_on=date(2026, 3, 1), acting_user=admin.user
    )
    assert (grant.amount, grant.organisation_id) == (Decimal("1500"), dwelling.organisation_id)
    entry = JournalEntry.objects.get()
    assert (entry.dwelling_id, entry.organisation_id) == (dwelling.pk, dwelling.organisation_id)


@pytest.mark.parametrize(
    ("commune", "granted_on", "message"),
    [
        ("38185", date(2026, 3, 1), "n'est pas dans le territoire de la prime"),
        (CHAMBERY, date(2025, 12, 31), "n'est pas en vigueur le 31/12/2025"),
    ],
)
def test_a_grant_outside_the_scheme_is_refused(admin, commune, granted_on, message):
    scheme = LocalBonusSchemeFactory()
    with pytest.raises(ValidationError, match=message):
        services.grant_bonus(
            scheme=scheme,
            dwelling=DwellingFactory(commune_id=commune),
            granted_on=granted_on,
            acting_user=admin.user,
        )


def test_a_bonus_is_granted_once_per_dwelling_and_paid_after_granted(admin):
    grant = BonusGrantFactory()
    with pytest.raises(ValidationError):
        services.grant_bonus(
            scheme=grant.scheme, dwelling=grant.dwelling, granted_on=date(2026, 4, 1), acting_user=admin.user
        )
    grant.paid_on = date(2026, 2, 1)
    with pytest.raises(ValidationError):
        services.save_grant(grant=grant, acting_user=admin.user, expected_version=1)
    grant.paid_on = date(2026, 5, 1)
    services.save_grant(grant=grant, acting_user=admin.user, expected_version=1)
    grant.refresh_from_db()
    assert (grant.paid_on, grant.version) == (date(2026, 5, 1), 2)


def test_factories_build_states_the_rules_accept():
    """The factories' defaults pass model validation and the app's rules (tests built on them test real
    states)."""
    from clef.locavantages import rules
    from tests.factories.locavantages import RentCeilingFactory

    RentCeilingFactory(sample=True).full_clean()
    scheme = LocalBonusSchemeFactory(for_commune=True)
    scheme.full_clean()
    rules.check_scheme_territory(scheme)
    grant = BonusGrantFactory()
    grant.full_clean()
    rules.check_grant(grant)
