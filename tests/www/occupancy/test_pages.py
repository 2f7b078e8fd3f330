"""The occupancy pages through the web: a renewal, the demand, a review, the slide; bad input gets a
French message on its field (never a server error); constant query counts; the access log."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clef.dwellings.enums import DwellingExitReason, ManagementMode
from clef.journal.models import AccessLogEntry
from clef.occupancy.enums import TermDecision
from clef.occupancy.models import LeaseSlide, LeaseSlideReview, SocialHousingDemand
from clef.organisations.models import Role
from clef.stays.enums import Destination
from tests.conftest import member_client
from tests.factories.dwellings import DwellingFactory
from tests.factories.occupancy import (
    LeaseSlideReviewFactory,
    OccupancyTermFactory,
    SocialHousingDemandFactory,
)
from tests.factories.organisations import OrganisationFactory
from tests.factories.stays import StayFactory
from tests.www.queries import page_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return OrganisationFactory()


def _stay(owner, mode=ManagementMode.SOUS_LOCATION, entry=date(2024, 1, 1)):
    dwelling = DwellingFactory(organisation=owner, management_mode=mode)
    return StayFactory(household__organisation=owner, dwelling=dwelling, entry_date=entry)


def _form_errors(response) -> str:
    return response.content.decode()


def test_a_renewal_from_the_panel(client, owner):
    client = member_client(client, owner, Role.SOCIAL_WORKER)
    term = OccupancyTermFactory(stay=_stay(owner))
    page = client.get(reverse("www:household_detail", args=[term.stay.household_id])).content.decode()
    assert reverse("www:occupancy_term_renew", args=[term.pk]) in page
    form = client.get(reverse("www:occupancy_term_renew", args=[term.pk])).content.decode()
    assert "01/07/2024" in form and "31/12/2024" in form  # the next term's dates
    response = client.post(reverse("www:occupancy_term_renew", args=[term.pk]), {"reason": "", "version": 1})
    assert response.status_code == 302
    terms = list(term.stay.occupancy_terms.order_by("number").values_list("number", "decision"))
    assert terms == [(1, TermDecision.RENEWED), (2, TermDecision.PENDING)]


def test_a_third_renewal_without_reason_is_refused_on_the_field(client, owner):
    client = member_client(client, owner, Role.DIRECTOR)
    stay = _stay(owner)
    OccupancyTermFactory(stay=stay, renewed=True)
    OccupancyTermFactory(
        stay=stay, number=2, starts_on=date(2024, 7, 1), ends_on=date(2024, 12, 31), renewed=True
    )
    third = OccupancyTermFactory(stay=stay, number=3, starts_on=date(2025, 1, 1), ends_on=date(2025, 6, 30))
    url = reverse("www:occupancy_term_renew", args=[third.pk])
    assert "dépasse la durée préconisée (18 mois)" in client.get(url).content.decode()
    response = client.post(url, {"reason": "", "version": 1})
    assert response.status_code == 400
    assert "Au-delà de 2 renouvellements (durée préconisée : 18 mois)" in response.content.decode()
    assert stay.occupancy_terms.count() == 3


def test_a_stale_decision_form_is_refused(client, owner):
    client = member_client(client, owner, Role.DIRECTOR)
    term = OccupancyTermFactory(stay=_stay(owner))
    response = client.post(reverse("www:occupancy_term_end", args=[term.pk]), {"reason": "", "version": 7})
    assert response.status_code == 400
    assert "a été modifié depuis l" in response.content.decode()


def test_a_bad_version_is_a_form_error_not_a_server_error(client, owner):
    client = member_client(client, owner, Role.DIRECTOR)
    term = OccupancyTermFactory(stay=_stay(owner))
    response = client.post(reverse("www:occupancy_term_end", args=[term.pk]), {"version": "99999999999999"})
    assert response.status_code == 400


def test_ending_a_term_from_the_web(client, owner):
    client = member_client(client, owner, Role.RENTAL_MANAGER)
    term = OccupancyTermFactory(stay=_stay(owner))
    response = client.post(
        reverse("www:occupancy_term_end", args=[term.pk]), {"reason": "Relogé", "version": 1}
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert (term.decision, term.reason) == (TermDecision.ENDED, "Relogé")


def test_the_demand_from_the_web(client, owner):
    client = member_client(client, owner, Role.SOCIAL_WORKER)
    household = _stay(owner).household
    url = reverse("www:occupancy_demand", args=[household.pk])
    first = timezone.localdate() - timedelta(days=30)
    response = client.post(
        url, {"number": "069 012 100 00042", "first_demand_on": first.isoformat(), "syplo_labelled": "on"}
    )
    assert response.status_code == 302
    demand = SocialHousingDemand.objects.get(household=household)
    assert (demand.number, demand.syplo_labelled) == ("06901210000042", True)
    household.refresh_from_db()
    assert (household.social_housing_demand, household.social_housing_demand_number) == (
        True,
        "06901210000042",
    )
    # Regression: an edit without the version it was built from overwrote the demand (lock bypassed).
    response = client.post(url, {"number": "X0", "first_demand_on": first.isoformat()})
    assert response.status_code == 400
    assert "sa version manque" in response.content.decode()
    demand.refresh_from_db()
    assert (demand.number, demand.version) == ("06901210000042", 1)
    response = client.post(url, {"number": "X1", "first_demand_on": first.isoformat(), "version": 1})
    assert response.status_code == 302
    demand.refresh_from_db()
    assert (demand.number, demand.version) == ("X1", 2)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"number": "069/012", "first_demand_on": "2025-01-01"}, "lettres et de chiffres"),
        ({"number": "", "first_demand_on": "2999-01-01"}, "ne peut pas être dans le futur"),
        ({"number": "", "first_demand_on": "2025-01-01", "renewal_due_on": "2024-01-01"}, "doit suivre"),
        (
            {"number": "", "first_demand_on": "2025-01-01", "dalo_recognised_on": "2999-01-01"},
            "dans le futur",
        ),
        (
            {"number": "", "first_demand_on": "2025-01-01", "syplo_labelled_on": "2025-02-01"},
            "suppose que le ménage",
        ),
        ({"number": "", "first_demand_on": "pas une date"}, "Saisissez une date valide"),
        ({"number": "", "first_demand_on": "1800-01-01"}, "doit être comprise entre"),
    ],
)
def test_bad_demand_input_gets_a_french_message(client, owner, data, message):
    client = member_client(client, owner, Role.DIRECTOR)
    household = _stay(owner).household
    response = client.post(reverse("www:occupancy_demand", args=[household.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SocialHousingDemand.objects.exists()


def test_a_review_then_the_slide_from_the_web(client, owner):
    client = member_client(client, owner, Role.DIRECTOR)
    stay = _stay(owner, mode=ManagementMode.BAIL_GLISSANT)
    OccupancyTermFactory(stay=stay, starts_on=date(2024, 1, 1), ends_on=date(2024, 6, 30))
    today = timezone.localdate()
    household_url = reverse("www:household_detail", args=[stay.household_id])
    assert "Glisser le bail</a>" not in client.get(household_url).content.decode()
    response = client.post(
        reverse("www:occupancy_slide_review", args=[stay.pk]),
        {
            "reviewed_on": today.isoformat(),
            "outcome": "pret",
            "commission_decision": "favorable",
            "commission_on": today.isoformat(),
            "notes": "Plan d'apurement respecté depuis 3 mois.",
        },
    )
    assert response.status_code == 302
    assert LeaseSlideReview.objects.get(stay=stay).commission_decision == "favorable"
    assert "Glisser le bail</a>" in client.get(household_url).content.decode()
    response = client.post(reverse("www:occupancy_slide", args=[stay.pk]), {"slid_on": today.isoformat()})
    assert response.status_code == 302
    stay.refresh_from_db()
    stay.dwelling.refresh_from_db()
    assert (stay.exit_date, stay.destination) == (today, Destination.MAINTIEN_GLISSEMENT_BAIL)
    assert (stay.dwelling.exit_date, stay.dwelling.exit_reason) == (today, DwellingExitReason.GLISSEMENT_BAIL)
    assert LeaseSlide.objects.get().household == stay.household
    page = client.get(household_url).content.decode()
    assert "le ménage reste dans le même logement" in page


def test_a_slide_without_favourable_commission_is_refused_in_french(client, owner):
    client = member_client(client, owner, Role.RENTAL_MANAGER)
    stay = _stay(owner, mode=ManagementMode.BAIL_GLISSANT)
    response = client.post(
        reverse("www:occupancy_slide", args=[stay.pk]), {"slid_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 400
    assert "décision favorable de la commission" in response.content.decode()
    stay.refresh_from_db()
    assert stay.exit_date is None


def test_a_slide_date_before_the_entry_is_refused(client, owner):
    client = member_client(client, owner, Role.DIRECTOR)
    stay = _stay(owner, mode=ManagementMode.BAIL_GLISSANT)
    LeaseSlideReviewFactory(stay=stay, favourable=True)
    response = client.post(reverse("www:occupancy_slide", args=[stay.pk]), {"slid_on": "2023-01-01"})
    assert response.status_code == 400
    assert "présent dans le logement" in response.content.decode()


def test_a_review_with_bad_dates_is_refused_on_the_fields(client, owner):
    client = member_client(client, owner, Role.DIRECTOR)
    stay = _stay(owner, mode=ManagementMode.BAIL_GLISSANT)
    response = client.post(
        reverse("www:occupancy_slide_review", args=[stay.pk]),
        {
            "reviewed_on": "2025-01-10",
            "outcome": "pas_encore",
            "next_review_on": "2025-01-01",
            "commission_decision": "favorable",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Le prochain point doit suivre" in body and "Indiquez la date de la commission" in body


def test_no_review_page_for_a_mandat_de_gestion(client, owner):
    client = member_client(client, owner, Role.DIRECTOR)
    stay = _stay(owner, mode=ManagementMode.MANDAT_GESTION)
    assert client.get(reverse("www:occupancy_slide_review", args=[stay.pk])).status_code == 404


def _fill(owner, count: int):
    for _ in range(count):
        stay = _stay(owner, entry=date(2020, 1, 1))
        OccupancyTermFactory(
            stay=stay, starts_on=date(2020, 1, 1), ends_on=timezone.localdate() + timedelta(days=5)
        )
        SocialHousingDemandFactory(
            household=stay.household, renewal_due_on=timezone.localdate() + timedelta(days=5)
        )
        glide = _stay(owner, mode=ManagementMode.BAIL_GLISSANT, entry=date(2020, 1, 1))
        LeaseSlideReviewFactory(stay=glide, favourable=True)
        _stay(owner, mode=ManagementMode.BAIL_GLISSANT, entry=date(2020, 1, 1))  # a review due


# (url name, view, queries): session, user, membership, the operator's practice settings (not for the two
# lists without a window), count, page, members of the page's households, access log.
LIST_VIEWS = [
    ("occupancy_terms_list", "", 9),
    ("occupancy_terms_list", "?vue=au-dela", 9),
    ("occupancy_demands_list", "", 8),
    ("occupancy_demands_list", "?vue=a-renouveler", 9),
    ("occupancy_slides_list", "", 8),
    ("occupancy_slides_list", "?vue=points", 9),
]


@pytest.mark.parametrize(("name", "view", "queries"), LIST_VIEWS)
def test_lists_run_a_constant_number_of_queries(
    client, owner, django_assert_num_queries, name, view, queries
):
    client = member_client(client, owner, Role.DIRECTOR)
    url = reverse(f"www:{name}") + view
    _fill(owner, 1)
    one = page_queries(client, url, django_assert_num_queries, queries)
    _fill(owner, 3)
    many = page_queries(client, url, django_assert_num_queries, queries)
    assert one.content.decode().count("<tr>") < many.content.decode().count("<tr>")


def test_a_list_page_is_in_the_access_log(client, owner):
    client = member_client(client, owner, Role.SOCIAL_WORKER)
    stay = _stay(owner)
    OccupancyTermFactory(stay=stay, ends_on=timezone.localdate() + timedelta(days=3))
    client.get(reverse("www:occupancy_terms_list"))
    entry = AccessLogEntry.objects.get(context=AccessLogEntry.Context.LISTE)
    assert entry.household_id == stay.household_id


def test_the_household_panel_runs_a_constant_number_of_queries(client, owner, django_assert_num_queries):
    client = member_client(client, owner, Role.DIRECTOR)
    stay = _stay(owner, mode=ManagementMode.BAIL_GLISSANT)
    OccupancyTermFactory(stay=stay, renewed=True)
    SocialHousingDemandFactory(household=stay.household)
    url = reverse("www:household_detail", args=[stay.household_id])
    client.get(reverse("www:home"))
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    OccupancyTermFactory(stay=stay, number=2, starts_on=date(2024, 7, 1), ends_on=date(2024, 12, 31))
    LeaseSlideReviewFactory(stay=stay)
    LeaseSlideReviewFactory(stay=stay, reviewed_on=date(2023, 1, 1), next_review_on=None)
    page_queries(client, url, django_assert_num_queries, len(before.captured_queries))


def test_the_panel_itself_runs_six_queries(rf, owner, django_assert_num_queries):
    """Practice settings, demand, current stay, its terms, its reviews, the last slide: whatever the history."""
    from clef.households.models import Household
    from clef.www.occupancy.panels import household_panel
    from tests.factories.organisations import MembershipFactory

    stay = _stay(owner, mode=ManagementMode.BAIL_GLISSANT)
    for number in range(1, 4):
        start = date(2024, 1, 1) + timedelta(days=183 * (number - 1))
        OccupancyTermFactory(stay=stay, number=number, starts_on=start, ends_on=start + timedelta(days=180))
    LeaseSlideReviewFactory(stay=stay)
    SocialHousingDemandFactory(household=stay.household)
    request = rf.get("/")
    request.membership = MembershipFactory(organisation=owner, role=Role.DIRECTOR)
    household = Household.objects.get(pk=stay.household_id)
    with django_assert_num_queries(6):
        panel = household_panel(request, household, timezone.localdate())
    assert len(panel.context["terms"]) == 3


def test_the_panel_shows_a_declared_demand_as_active(client, owner):
    """Regression: the household page said « Demande active : Oui » and the panel « Sans demande active »."""
    client = member_client(client, owner, Role.DIRECTOR)
    stay = _stay(owner)
    household = stay.household
    household.social_housing_demand, household.social_housing_demand_number = True, "ABC123"
    household.save()
    page = client.get(reverse("www:household_detail", args=[household.pk])).content.decode()
    assert "Sans demande active" not in page
    assert "Déclarée sur la fiche du ménage (n° ABC123), dates inconnues" in page


def test_a_slide_before_the_favourable_commission_is_refused_on_its_field(client, owner):
    client = member_client(client, owner, Role.DIRECTOR)
    stay = _stay(owner, mode=ManagementMode.BAIL_GLISSANT, entry=date(2021, 1, 1))
    LeaseSlideReviewFactory(stay=stay, favourable=True)  # review 10/01/2022, commission 20/01/2022
    response = client.post(reverse("www:occupancy_slide", args=[stay.pk]), {"slid_on": "2022-01-15"})
    assert response.status_code == 400
    assert "avant la commission favorable du 20/01/2022" in response.content.decode()
    assert not LeaseSlide.objects.exists()


@pytest.mark.parametrize(("role", "slides"), [(Role.DIRECTOR, True), (Role.SOCIAL_WORKER, False)])
def test_the_slide_list_leads_to_the_slide_and_the_review(client, owner, role, slides):
    """Regression: a household « commission favorable » on the list had only its name as a link."""
    client = member_client(client, owner, role)
    stay = _stay(owner, mode=ManagementMode.BAIL_GLISSANT, entry=date(2021, 1, 1))
    LeaseSlideReviewFactory(stay=stay, favourable=True)
    page = client.get(reverse("www:occupancy_slides_list")).content.decode()
    slide_url = reverse("www:occupancy_slide", args=[stay.pk])
    assert (f'href="{slide_url}">Glisser le bail' in page) is slides
    assert f'href="{reverse("www:occupancy_slide_review", args=[stay.pk])}">Faire un point' in page


def test_a_term_is_named_one_way_and_its_end_today_is_said_so(client, owner):
    """Regression: row « Renouvellement n° 5 », button « … période n° 6 », « Échéance dans 0 jours »."""
    client = member_client(client, owner, Role.DIRECTOR)
    stay = _stay(owner)
    OccupancyTermFactory(stay=stay, renewed=True)
    today = timezone.localdate()
    second = OccupancyTermFactory(stay=stay, number=2, starts_on=date(2024, 7, 1), ends_on=today)
    page = client.get(reverse("www:household_detail", args=[stay.household_id])).content.decode()
    assert (
        "<td>Période n° 1 (initiale)</td>" in page and "<td>Période n° 2 (renouvellement n° 1)</td>" in page
    )
    assert 'Renouveler<span class="fr-sr-only"> la période n° 2 (renouvellement n° 1)</span>' in page
    assert "Échéance aujourd'hui" in page and "0 jour" not in page
    renewal = client.get(reverse("www:occupancy_term_renew", args=[second.pk])).content.decode()
    assert "Période n° 2 (renouvellement n° 1) du 01/07/2024" in renewal
    assert ": Période n° 3 (renouvellement n° 2)." in renewal
