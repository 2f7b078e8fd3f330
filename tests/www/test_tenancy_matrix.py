"""Every register URL × every role × own / other organisation.

Rules: a record of another organisation answers 404 to everybody; household-level records never show
to non-operator members (State, SIAO, platform administration): 404 on records, 403 on lists; within
its own operator, the role decides who may edit (403 otherwise).
"""

from datetime import date

import pytest
from django.urls import reverse

from clef.organisations.models import Role
from tests.factories.dwellings import DwellingFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory

OPERATOR_ROLES = [
    Role.DIRECTOR,
    Role.SOCIAL_WORKER,
    Role.RENTAL_MANAGER,
    Role.CAPTATION_OFFICER,
    Role.READ_ONLY,
]
OUTSIDE_ROLES = {Role.STATE_COORDINATOR: "state", Role.SIAO_AGENT: "siao", Role.PLATFORM_ADMIN: "state"}

HOUSEHOLD_EDITORS = {Role.DIRECTOR, Role.SOCIAL_WORKER}
DWELLING_EDITORS = {Role.DIRECTOR, Role.RENTAL_MANAGER, Role.CAPTATION_OFFICER}
STAY_EDITORS = {Role.DIRECTOR, Role.SOCIAL_WORKER, Role.RENTAL_MANAGER}

# url name → (object it needs, roles that may use it; None = every operator role)
OBJECT_URLS = {
    "dwelling_detail": ("dwelling", None),
    "dwelling_edit": ("dwelling", DWELLING_EDITORS),
    "household_detail": ("household", None),
    "household_edit": ("household", HOUSEHOLD_EDITORS),
    "stay_enter": ("household", STAY_EDITORS),
    "stay_end": ("stay", STAY_EDITORS),
    "stay_move": ("stay", STAY_EDITORS),
}
LIST_URLS = {
    "dwelling_list": None,
    "dwelling_create": DWELLING_EDITORS,
    "household_list": None,
    "household_create": HOUSEHOLD_EDITORS,
}
ALL_ROLES = OPERATOR_ROLES + list(OUTSIDE_ROLES)


def _records(organisation):
    stay = StayFactory(household__organisation=organisation, entry_date=date(2024, 1, 1))
    return {"dwelling": stay.dwelling, "household": stay.household, "stay": stay}


def _login(client, role):
    if role in OUTSIDE_ROLES:
        organisation = OrganisationFactory(**{OUTSIDE_ROLES[role]: True})
    else:
        organisation = OrganisationFactory()
    membership = MembershipFactory(organisation=organisation, role=role)
    client.force_login(membership.user)
    return organisation


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("url_name", list(OBJECT_URLS))
@pytest.mark.parametrize("whose", ["own", "other"])
def test_object_urls(client, role, url_name, whose):
    organisation = _login(client, role)
    owner = organisation if whose == "own" else OrganisationFactory()
    records = _records(owner)
    needed, editors = OBJECT_URLS[url_name]
    response = client.get(reverse(f"www:{url_name}", args=[records[needed].pk]))
    if whose == "other" or role in OUTSIDE_ROLES:
        # Outside roles "own" no record of an operator: the record was created in their organisation
        # (which is not an operator), and must still not be shown.
        expected = 404
    elif editors is None or role in editors:
        expected = 200
    else:
        expected = 403
    assert response.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("url_name", list(LIST_URLS))
def test_list_and_create_urls(client, role, url_name):
    _login(client, role)
    response = client.get(reverse(f"www:{url_name}"))
    editors = LIST_URLS[url_name]
    if role in OUTSIDE_ROLES:
        expected = 403
    elif editors is None or role in editors:
        expected = 200
    else:
        expected = 403
    assert response.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
def test_home_is_open_to_every_role_and_never_lists_households(client, role):
    organisation = _login(client, role)
    other = _records(OrganisationFactory())
    response = client.get(reverse("www:home"))
    assert response.status_code == 200
    reference = other["household"].reference_person
    assert reference.last_name.upper() not in response.content.decode()
    assert (organisation.kind == "operator") == ("<h1>Tableau de bord" in response.content.decode())


@pytest.mark.django_db
def test_lists_only_show_own_records(client):
    organisation = _login(client, Role.DIRECTOR)
    own = _records(organisation)
    other = _records(OrganisationFactory())
    dwellings = client.get(reverse("www:dwelling_list")).content.decode()
    assert own["dwelling"].address in dwellings
    assert other["dwelling"].address not in dwellings
    households = client.get(reverse("www:household_list")).content.decode()
    assert own["household"].reference_person.last_name.upper() in households
    assert other["household"].reference_person.last_name.upper() not in households


@pytest.mark.django_db
def test_posting_to_another_organisation_record_is_404_and_changes_nothing(client):
    _login(client, Role.DIRECTOR)
    other = _records(OrganisationFactory())
    stay = other["stay"]
    response = client.post(
        reverse("www:stay_end", args=[stay.pk]),
        {
            "exit_date": "2024-06-01",
            "destination": "parc_social",
            "loss_unpaid_rent": "non",
            "loss_damage": "non",
        },
    )
    assert response.status_code == 404
    stay.refresh_from_db()
    assert stay.exit_date is None


@pytest.mark.django_db
def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("www:household_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_dwelling_referenced_by_other_org_cannot_be_used_for_entry(client):
    organisation = _login(client, Role.DIRECTOR)
    own = _records(organisation)
    foreign_dwelling = DwellingFactory(organisation=OrganisationFactory())
    own["stay"].delete()
    response = client.post(
        reverse("www:stay_enter", args=[own["household"].pk]),
        {"dwelling": foreign_dwelling.pk, "entry_date": "2024-05-01"},
    )
    assert response.status_code == 400
    assert "Choisissez un logement de la liste." in response.content.decode()
    assert not own["household"].stays.exists()
