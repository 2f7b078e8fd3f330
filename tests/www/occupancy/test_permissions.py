"""Every occupancy URL × every role: the operator's roles (who may do what), the SIAO agent, the State
coordinator, the support partner (a SUPPORT share of the household) and another operator."""

from datetime import date

import pytest
from django.urls import reverse

from clef.dwellings.enums import ManagementMode
from clef.organisations.models import Role, Share
from clef.organisations.services import share_record
from tests.factories.dwellings import DwellingFactory
from tests.factories.occupancy import LeaseSlideReviewFactory, OccupancyTermFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db

DIRECTOR, SW, RM, CO, RO = (
    Role.DIRECTOR,
    Role.SOCIAL_WORKER,
    Role.RENTAL_MANAGER,
    Role.CAPTATION_OFFICER,
    Role.READ_ONLY,
)
PERSONAS = [
    "director",
    "social_worker",
    "rental_manager",
    "captation_officer",
    "read_only",
    "siao",
    "state",
    "partner",
    "other",
]

# url name → (record, expected status per persona, in PERSONAS order)
RECORD_URLS = {
    "occupancy_term_renew": ("term", [200, 200, 200, 403, 403, 404, 404, 404, 404]),
    "occupancy_term_end": ("term", [200, 200, 200, 403, 403, 404, 404, 404, 404]),
    "occupancy_demand": ("household", [200, 200, 403, 403, 403, 404, 404, 403, 404]),
    "occupancy_slide_review": ("stay", [200, 200, 200, 403, 403, 404, 404, 404, 404]),
    "occupancy_slide": ("stay", [200, 403, 200, 403, 403, 404, 404, 404, 404]),
}
LIST_URLS = {
    "occupancy_terms_list": [200, 200, 200, 200, 200, 403, 403, 200, 200],
    "occupancy_demands_list": [200, 200, 200, 200, 200, 403, 403, 200, 200],
    "occupancy_slides_list": [200, 200, 200, 200, 200, 403, 403, 200, 200],
}


@pytest.fixture
def world():
    owner = OrganisationFactory()
    dwelling = DwellingFactory(organisation=owner, management_mode=ManagementMode.BAIL_GLISSANT)
    stay = StayFactory(household__organisation=owner, dwelling=dwelling, entry_date=date(2024, 1, 1))
    term = OccupancyTermFactory(stay=stay, starts_on=date(2024, 1, 1), ends_on=date(2024, 6, 30))
    LeaseSlideReviewFactory(
        stay=stay, favourable=True, reviewed_on=date(2024, 5, 1), commission_on=date(2024, 5, 2)
    )
    partner = OrganisationFactory(name="Partenaire")
    director = MembershipFactory(organisation=owner, role=DIRECTOR)
    share_record(
        record=stay.household,
        partner=partner,
        access=Share.Access.SUPPORT,
        reason="Accompagnement délégué",
        starts_on=date(2024, 1, 1),
        acting_user=director.user,
    )
    return {"owner": owner, "partner": partner, "term": term, "stay": stay, "household": stay.household}


def _member(world, persona):
    roles = {
        "director": DIRECTOR,
        "social_worker": SW,
        "rental_manager": RM,
        "captation_officer": CO,
        "read_only": RO,
    }
    if persona in roles:
        return MembershipFactory(organisation=world["owner"], role=roles[persona])
    if persona == "siao":
        return MembershipFactory(organisation=OrganisationFactory(siao=True), role=Role.SIAO_AGENT)
    if persona == "state":
        return MembershipFactory(organisation=OrganisationFactory(ddets=True), role=Role.STATE_COORDINATOR)
    if persona == "partner":
        return MembershipFactory(organisation=world["partner"], role=SW)
    return MembershipFactory(organisation=OrganisationFactory(), role=DIRECTOR)


CASES = [
    (name, persona, expected)
    for name, (_, statuses) in RECORD_URLS.items()
    for persona, expected in zip(PERSONAS, statuses, strict=True)
]


@pytest.mark.parametrize(("name", "persona", "expected"), CASES, ids=[f"{n}-{p}" for n, p, _ in CASES])
def test_record_pages(client, world, name, persona, expected):
    client.force_login(_member(world, persona).user)
    record = world[RECORD_URLS[name][0]]
    assert client.get(reverse(f"www:{name}", args=[record.pk])).status_code == expected
    posted = client.post(reverse(f"www:{name}", args=[record.pk]), {"x": "1"})
    assert posted.status_code == (400 if expected == 200 else expected)  # an empty form is refused


LIST_CASES = [
    (name, persona, expected)
    for name, statuses in LIST_URLS.items()
    for persona, expected in zip(PERSONAS, statuses, strict=True)
]


@pytest.mark.parametrize(
    ("name", "persona", "expected"), LIST_CASES, ids=[f"{n}-{p}" for n, p, _ in LIST_CASES]
)
def test_list_pages(client, world, name, persona, expected):
    client.force_login(_member(world, persona).user)
    assert client.get(reverse(f"www:{name}")).status_code == expected


def test_another_operator_lists_never_show_the_owner_households(client, world):
    client.force_login(_member(world, "other").user)
    for name in LIST_URLS:
        for view in ("", "?vue=au-dela", "?vue=a-renouveler", "?vue=points"):
            assert str(world["household"]) not in client.get(reverse(f"www:{name}") + view).content.decode()


def _panel(client, world, persona) -> str:
    client.force_login(_member(world, persona).user)
    response = client.get(reverse("www:household_detail", args=[world["household"].pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_partner_sees_the_demand_but_not_the_terms_nor_the_slide(client, world):
    page = _panel(client, world, "partner")
    assert "Demande de logement social" in page
    assert "Périodes d'occupation" not in page
    assert "Glisser le bail" not in page
    assert "Enregistrer la demande" not in page


@pytest.mark.parametrize(
    ("persona", "renew", "demand", "slide"),
    [
        ("director", True, True, True),
        ("social_worker", True, True, False),
        ("rental_manager", True, False, True),
        ("captation_officer", False, False, False),
        ("read_only", False, False, False),
    ],
)
def test_the_panel_offers_what_the_role_may_do(client, world, persona, renew, demand, slide):
    page = _panel(client, world, persona)
    assert "Périodes d'occupation" in page
    assert ("Renouveler<span" in page) is renew
    assert ("Mettre fin<span" in page) is renew
    assert ("Enregistrer la demande" in page) is demand
    assert ("Glisser le bail</a>" in page) is slide


FIRST_TERM = [302, 302, 302, 403, 403, 404, 404, 404, 404]


@pytest.mark.parametrize(("persona", "expected"), list(zip(PERSONAS, FIRST_TERM, strict=True)), ids=PERSONAS)
def test_opening_the_first_term(client, world, persona, expected):
    stay = world["stay"]
    stay.occupancy_terms.all().delete()
    client.force_login(_member(world, persona).user)
    response = client.post(reverse("www:occupancy_first_term", args=[stay.pk]))
    assert response.status_code == expected
    assert stay.occupancy_terms.exists() is (expected == 302)


def test_the_panel_offers_to_open_a_missing_first_term(client, world):
    stay = world["stay"]
    stay.occupancy_terms.all().delete()
    page = _panel(client, world, "rental_manager")
    assert reverse("www:occupancy_first_term", args=[stay.pk]) in page
    client.post(reverse("www:occupancy_first_term", args=[stay.pk]))
    assert stay.occupancy_terms.get().starts_on == stay.entry_date
    response = client.post(reverse("www:occupancy_first_term", args=[stay.pk]), follow=True)
    assert "a déjà une période" in response.content.decode()
    assert stay.occupancy_terms.count() == 1
