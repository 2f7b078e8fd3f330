"""Every support URL × every persona, with exact codes: the owner's roles (doing the support itself, or
having delegated it), the partner's roles with a share in force, revoked or expired, the SIAO, the State
and another operator (404)."""

from datetime import date

import pytest
from django.urls import reverse

from clef.organisations.models import Role
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory
from tests.factories.support import SupportAgreementFactory, SupportShareFactory

pytestmark = pytest.mark.django_db

TEAM_URLS = ["support_agreement", "support_review", "support_consent", "support_notes", "support_relays"]
HOUSEHOLD_URLS = [*TEAM_URLS, "support_appointment", "support_delegation"]
D, SW, RM, CO, RO = (
    Role.DIRECTOR,
    Role.SOCIAL_WORKER,
    Role.RENTAL_MANAGER,
    Role.CAPTATION_OFFICER,
    Role.READ_ONLY,
)


def _expected(team: bool, joint_visit: bool, delegate: bool) -> dict[str, int]:
    codes = dict.fromkeys(TEAM_URLS, 200 if team else 403)
    codes["support_appointment"] = 200 if joint_visit else 403
    codes["support_delegation"] = 200 if delegate else 403
    return codes


NOTHING = dict.fromkeys(HOUSEHOLD_URLS, 404)
# (who, role) → codes; "owner" with the owner doing the support, "owner_delegated" when a partner does it.
MATRIX = {
    ("owner", D): _expected(True, True, True),
    ("owner", SW): _expected(True, True, False),
    ("owner", RM): _expected(False, True, False),
    ("owner", CO): _expected(False, False, False),
    ("owner", RO): _expected(False, False, False),
    ("owner_delegated", D): _expected(False, False, True),
    ("owner_delegated", SW): _expected(False, False, False),
    ("owner_delegated", RM): _expected(False, True, False),
    ("owner_delegated", CO): _expected(False, False, False),
    ("owner_delegated", RO): _expected(False, False, False),
    ("partner", D): _expected(True, True, False),
    ("partner", SW): _expected(True, True, False),
    ("partner", RM): _expected(False, False, False),
    ("partner", CO): _expected(False, False, False),
    ("partner", RO): _expected(False, False, False),
    **{("partner_revoked", role): NOTHING for role in (D, SW, RM, RO)},
    **{("partner_expired", role): NOTHING for role in (D, SW, RM, RO)},
    ("siao", Role.SIAO_AGENT): NOTHING,
    ("siao", RO): NOTHING,
    ("state", Role.STATE_COORDINATOR): NOTHING,
    ("ddets", RO): NOTHING,
    ("other_operator", D): NOTHING,
    ("other_operator", SW): NOTHING,
}


def _setup(who: str):
    stay = StayFactory(entry_date=date(2024, 1, 1))
    household = stay.household
    SupportAgreementFactory(household=household, signed_on=date(2024, 1, 15))
    share = None
    if who in ("owner_delegated", "partner"):
        share = SupportShareFactory(record=household)
    elif who == "partner_revoked":
        share = SupportShareFactory(record=household, revoked=True)
    elif who == "partner_expired":
        share = SupportShareFactory(record=household, expired=True)
    if who.startswith("owner"):
        organisation = household.organisation
    elif who.startswith("partner"):
        organisation = share.partner
    elif who == "other_operator":
        organisation = OrganisationFactory()
    else:
        organisation = OrganisationFactory(**{who: True})
    return household, organisation


@pytest.mark.parametrize(("who", "role"), sorted(MATRIX), ids=[f"{w}-{r}" for w, r in sorted(MATRIX)])
def test_every_support_url_answers_each_persona_with_the_exact_code(client, who, role):
    household, organisation = _setup(who)
    client.force_login(MembershipFactory(organisation=organisation, role=role).user)
    got = {
        name: client.get(reverse(f"www:{name}", args=[household.pk])).status_code for name in HOUSEHOLD_URLS
    }
    assert got == MATRIX[(who, role)]


@pytest.mark.parametrize(
    ("who", "role"), [("partner_revoked", SW), ("other_operator", D), ("siao", Role.SIAO_AGENT)]
)
def test_a_post_from_outside_answers_404_and_writes_nothing(client, who, role):
    household, organisation = _setup(who)
    client.force_login(MembershipFactory(organisation=organisation, role=role).user)
    for name in HOUSEHOLD_URLS:
        response = client.post(reverse(f"www:{name}", args=[household.pk]), {"text": "x", "on": "2024-02-01"})
        assert response.status_code == 404, name
    assert not household.support_notes.exists() and not household.home_visit_consents.exists()


LIST_EXPECTED = {
    D: {"relay_directory": 200, "relay_create": 200, "relay_withdraw": 302, "support_overdue": 200},
    SW: {"relay_directory": 200, "relay_create": 200, "relay_withdraw": 302, "support_overdue": 200},
    RM: {"relay_directory": 200, "relay_create": 403, "relay_withdraw": 403, "support_overdue": 200},
    CO: {"relay_directory": 200, "relay_create": 403, "relay_withdraw": 403, "support_overdue": 200},
    RO: {"relay_directory": 200, "relay_create": 403, "relay_withdraw": 403, "support_overdue": 200},
}
OUTSIDE = {"relay_directory": 403, "relay_create": 403, "relay_withdraw": 403, "support_overdue": 403}


@pytest.mark.parametrize(
    ("kind", "role"),
    [(None, r) for r in (D, SW, RM, CO, RO)]
    + [("siao", Role.SIAO_AGENT), ("state", Role.STATE_COORDINATOR), ("state", Role.PLATFORM_ADMIN)],
)
def test_directory_and_overdue_lists_by_role(client, kind, role):
    organisation = OrganisationFactory(**({kind: True} if kind else {}))
    client.force_login(MembershipFactory(organisation=organisation, role=role).user)
    got = {name: client.get(reverse(f"www:{name}")).status_code for name in OUTSIDE}
    assert got == (OUTSIDE if kind else LIST_EXPECTED[role])
