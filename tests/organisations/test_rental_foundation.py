"""Foundation of the rental-management issue: who sees a household's rent account, the owner's side,
recovery and litigation; the network that manages the regional security fund; where uploads are stored."""

import pytest

from clef.organisations import perms
from clef.organisations.models import OrganisationKind, Role
from clef.utils.storage import default_storage_from_env
from tests.factories.organisations import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "ledger", "edit_ledger", "owner_side", "recovery", "litigation", "captation", "bank"),
    [
        (Role.DIRECTOR, True, True, True, True, True, True, True),
        (Role.RENTAL_MANAGER, True, True, True, True, True, True, True),
        # A social worker sees the household's balance and its cases, never the owner's side nor bank details.
        (Role.SOCIAL_WORKER, True, False, False, False, True, False, False),
        (Role.LITIGATION_OFFICER, True, False, False, True, True, False, False),
        (Role.CAPTATION_OFFICER, False, False, False, False, False, True, False),
        (Role.READ_ONLY, True, False, True, False, False, True, False),
    ],
)
def test_operator_roles_on_rent_accounts(
    role, ledger, edit_ledger, owner_side, recovery, litigation, captation, bank
):
    membership = MembershipFactory(role=role)
    assert perms.can_see_ledger(membership) is ledger
    assert perms.can_edit_ledger(membership) is edit_ledger
    assert perms.can_see_owner_accounts(membership) is owner_side
    assert perms.can_edit_recovery(membership) is recovery
    assert perms.can_see_litigation(membership) is litigation
    assert perms.can_see_captation(membership) is captation
    assert perms.can_read_bank_details(membership) is bank


@pytest.mark.parametrize(
    "kind",
    [
        OrganisationKind.SIAO,
        OrganisationKind.STATE,
        OrganisationKind.CAPTATION_PLATFORM,
        OrganisationKind.NETWORK,
    ],
)
def test_no_member_of_another_kind_sees_a_rent_account(kind):
    role = (
        Role.DIRECTOR
        if kind in (OrganisationKind.CAPTATION_PLATFORM, OrganisationKind.NETWORK)
        else Role.READ_ONLY
    )
    membership = MembershipFactory(organisation=OrganisationFactory(kind=kind), role=role)
    assert not perms.can_see_ledger(membership)
    assert not perms.can_see_owner_accounts(membership)
    assert not perms.can_see_litigation(membership)


def test_the_network_director_manages_the_fund_its_readers_only_look():
    network = OrganisationFactory(kind=OrganisationKind.NETWORK)
    director = MembershipFactory(organisation=network, role=Role.DIRECTOR)
    reader = MembershipFactory(organisation=network, role=Role.READ_ONLY)
    operator_director = MembershipFactory(role=Role.DIRECTOR)
    assert perms.is_network_member(director) and perms.can_manage_fund(director)
    assert perms.is_network_member(reader) and not perms.can_manage_fund(reader)
    assert not perms.is_network_member(operator_director) and not perms.can_manage_fund(operator_director)
    assert not perms.can_manage_fund(None)


def test_uploads_on_the_local_disk_unless_a_bucket_is_named():
    assert default_storage_from_env({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    s3 = default_storage_from_env(
        {
            "CLEF_S3_BUCKET": "clef-prod",
            "CLEF_S3_ENDPOINT_URL": "https://s3.example.fr",
            "CLEF_S3_REGION": " ",
        }
    )
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s3["OPTIONS"]["bucket_name"] == "clef-prod"
    assert s3["OPTIONS"]["endpoint_url"] == "https://s3.example.fr"
    assert s3["OPTIONS"]["default_acl"] is None and s3["OPTIONS"]["file_overwrite"] is False
    assert "region_name" not in s3["OPTIONS"]  # a blank variable is not an option
