"""Every URL of the exits area × every persona: the owner's five operator roles, a partner operator with
an « accompagnement » share (four roles), a SIAO agent who sees the household through an « orientation »
share, a State coordinator, the director of another operator. Exact status codes."""

from datetime import date

import pytest
from django.urls import reverse

from clef.organisations.models import Role, Share
from clef.organisations.services import share_record
from tests.factories.accounts import UserFactory
from tests.factories.exits import ExitAssessmentFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db

OWNER = [Role.DIRECTOR, Role.SOCIAL_WORKER, Role.RENTAL_MANAGER, Role.CAPTATION_OFFICER, Role.READ_ONLY]
PARTNER = [Role.DIRECTOR, Role.SOCIAL_WORKER, Role.RENTAL_MANAGER, Role.READ_ONLY]
PERSONAS = (
    [("owner", role) for role in OWNER]
    + [("partner", role) for role in PARTNER]
    + [("siao", Role.SIAO_AGENT), ("state", Role.STATE_COORDINATOR), ("other", Role.DIRECTOR)]
)
STAY_EDITORS = {Role.DIRECTOR, Role.SOCIAL_WORKER, Role.RENTAL_MANAGER}


def _expected_guide(whose, role):
    if whose == "owner":
        return 200 if role in STAY_EDITORS else 403
    return 403 if whose == "partner" else 404


def _expected_solicit(whose, role):
    if whose == "owner":
        return 200 if role in STAY_EDITORS else 403
    if whose == "partner":
        return 200 if role in {Role.DIRECTOR, Role.SOCIAL_WORKER} else 403
    return 404


# url name → (which household: "present" or "ended", expected status for (whose, role))
URLS = {
    "exit_readiness": ("present", _expected_guide),
    "guided_exit": ("present", _expected_guide),
    "exit_assessment": ("ended", _expected_guide),
    "solicitation_create": ("ended", _expected_solicit),
}


def _share(household, partner, access):
    share_record(
        record=household,
        partner=partner,
        access=access,
        reason="Test",
        starts_on=date(2020, 1, 1),
        acting_user=UserFactory(),
    )


def _login(client, whose, role, household):
    if whose == "owner":
        organisation = household.organisation
    elif whose == "partner":
        organisation = OrganisationFactory()
        _share(household, organisation, Share.Access.SUPPORT)
    elif whose == "siao":
        organisation = OrganisationFactory(siao=True)
        _share(household, organisation, Share.Access.ORIENTATION)
    elif whose == "state":
        organisation = OrganisationFactory(state=True)
    else:
        organisation = OrganisationFactory()
    client.force_login(MembershipFactory(organisation=organisation, role=role).user)


@pytest.mark.parametrize(("whose", "role"), PERSONAS)
@pytest.mark.parametrize("name", list(URLS))
def test_every_exit_url_answers_each_persona(client, name, whose, role):
    which, expected = URLS[name]
    stay = StayFactory(entry_date=date(2024, 1, 1)) if which == "present" else ExitAssessmentFactory().stay
    _login(client, whose, role, stay.household)
    args = [stay.household_id, stay.pk] if name == "exit_assessment" else [stay.household_id]
    response = client.get(reverse(f"www:{name}", args=args))
    assert response.status_code == expected(whose, role)
    posted = client.post(reverse(f"www:{name}", args=args), {})
    assert posted.status_code in ({200, 400} if expected(whose, role) == 200 else {expected(whose, role)})


def test_the_assessment_of_a_present_stay_or_of_another_household_is_not_found(client):
    stay = StayFactory(entry_date=date(2024, 1, 1))
    other = ExitAssessmentFactory(stay__household__organisation=stay.organisation).stay
    client.force_login(MembershipFactory(organisation=stay.organisation, role=Role.DIRECTOR).user)
    assert client.get(reverse("www:exit_assessment", args=[stay.household_id, stay.pk])).status_code == 404
    assert client.get(reverse("www:exit_assessment", args=[stay.household_id, other.pk])).status_code == 404
    moved = StayFactory(moved_out=True, household__organisation=stay.organisation)
    assert client.get(reverse("www:exit_assessment", args=[moved.household_id, moved.pk])).status_code == 404


@pytest.mark.parametrize(
    ("kind", "role", "expected"),
    [(None, role, 200) for role in OWNER]
    + [("siao", Role.SIAO_AGENT, 403), ("siao", Role.READ_ONLY, 403)]
    + [
        ("state", Role.STATE_COORDINATOR, 403),
        ("state", Role.PLATFORM_ADMIN, 403),
        ("state", Role.READ_ONLY, 403),
    ],
)
def test_the_solicitation_figures_page(client, kind, role, expected):
    organisation = OrganisationFactory(**({kind: True} if kind else {}))
    client.force_login(MembershipFactory(organisation=organisation, role=role).user)
    assert client.get(reverse("www:solicitation_figures")).status_code == expected


def test_the_figures_page_counts_only_the_members_organisation(client):
    from tests.factories.exits import SolicitationFactory

    mine = SolicitationFactory()
    SolicitationFactory(solicited_on=date(2024, 5, 5))  # another operator's
    client.force_login(MembershipFactory(organisation=mine.organisation, role=Role.READ_ONLY).user)
    content = client.get(reverse("www:solicitation_figures")).content.decode()
    rows = content[content.find('data-testid="par-annee"') : content.find("</table>")]
    assert rows.count("<tr>") == 2  # header + 2024 (one solicitation, not two)
    assert '<td class="clef-num">1</td>' in rows


@pytest.mark.parametrize(
    ("whose", "role", "shown", "buttons"),
    [
        ("owner", Role.DIRECTOR, True, True),
        ("owner", Role.READ_ONLY, True, False),
        ("owner", Role.CAPTATION_OFFICER, True, False),
        ("partner", Role.SOCIAL_WORKER, True, False),
        ("siao", Role.SIAO_AGENT, False, False),
    ],
)
def test_the_household_page_panel(client, whose, role, shown, buttons):
    stay = StayFactory(entry_date=date(2024, 1, 1))
    _login(client, whose, role, stay.household)
    response = client.get(reverse("www:household_detail", args=[stay.household_id]))
    assert response.status_code == 200
    content = response.content.decode()
    assert ('data-testid="panneau-sortie"' in content) is shown
    assert (reverse("www:guided_exit", args=[stay.household_id]) in content) is buttons


def test_a_support_partners_social_worker_records_a_solicitation_counted_for_the_partner(client):
    from clef.exits.models import Solicitation

    stay = StayFactory(exited=True)
    partner = OrganisationFactory()
    _share(stay.household, partner, Share.Access.SUPPORT)
    worker = MembershipFactory(organisation=partner, role=Role.SOCIAL_WORKER)
    client.force_login(worker.user)
    url = reverse("www:solicitation_create", args=[stay.household_id])
    data = {
        "solicited_on": "2024-04-02",
        "subject": "conseil",
        "answered_by": worker.user_id,
        "minutes_spent": "15",
    }
    assert client.post(url, data).status_code == 302
    solicitation = Solicitation.objects.get()
    assert (solicitation.organisation_id, solicitation.household_id) == (partner.pk, stay.household_id)
    owners_member = MembershipFactory(organisation=stay.organisation, role=Role.DIRECTOR).user
    refused = client.post(url, {**data, "answered_by": owners_member.pk})
    assert refused.status_code == 400
    assert "Choisissez une personne de la liste." in refused.content.decode()
