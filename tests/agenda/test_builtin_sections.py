"""The built-in sections wrap the query functions of the apps that own the records: the items they give
(subject, household, label, due date, page) and the number of queries they cost."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clef.agenda import sections as registry
from clef.dwellings.enums import ManagementMode
from clef.organisations.models import Role
from tests.factories.occupancy import (
    LeaseSlideReviewFactory,
    OccupancyTermFactory,
    SocialHousingDemandFactory,
)
from tests.factories.orientation import AvailabilityFactory, ProposalFactory, ReorientationRequestFactory
from tests.factories.stays import StayFactory
from tests.factories.support import AppointmentFactory

ON = date(2026, 11, 5)
BUILT_IN = [
    "terms_due",
    "beyond_recommended",
    "without_demand",
    "demands_to_renew",
    "slide_candidates",
    "slide_reviews",
    "overdue_meetings",
    "overdue_joint_visits",
    "reorientations",
    "availabilities_without_proposal",
]


def _items(code, organisation_id):
    return registry.get_section(code).items(organisation_id, ON)


def test_the_built_in_sections_follow_the_practice_order():
    codes = [section.code for section in registry.all_sections()]
    expected = [
        "overdue_meetings",
        "overdue_joint_visits",
        "reorientations",
        "availabilities_without_proposal",
    ]
    assert [code for code in codes if code in expected] == expected


def test_roles_of_the_built_in_sections():
    assert registry.get_section("overdue_meetings").roles == {Role.DIRECTOR, Role.SOCIAL_WORKER}
    assert Role.RENTAL_MANAGER in registry.get_section("overdue_joint_visits").roles
    assert registry.get_section("availabilities_without_proposal").roles == {Role.SIAO_AGENT}
    assert not registry.get_section("availabilities_without_proposal").meeting


@pytest.mark.django_db
def test_overdue_meeting_and_joint_visit_items(operator):
    met = StayFactory(household__organisation=operator, entry_date=date(2026, 1, 1)).household
    AppointmentFactory(household=met, held_on=date(2026, 9, 1))
    never = StayFactory(household__organisation=operator, entry_date=date(2026, 2, 1)).household
    AppointmentFactory(
        household=StayFactory(household__organisation=operator).household, held_on=date(2026, 11, 1)
    )

    items = _items("overdue_meetings", operator.pk)

    assert [item.household_id for item in items] == [never.pk, met.pk]
    assert (
        items[0].label
        == "Rencontre du ménage en retard (aucune depuis l'entrée le 01/02/2026 ; tous les mois)"
    )
    assert items[0].due_on == date(2026, 3, 1)
    assert items[1].label.startswith("Rencontre du ménage en retard (dernière le 01/09/2026")
    assert items[1].due_on == date(2026, 10, 1)
    assert (items[1].url_name, items[1].url_args) == ("www:support_appointment", (met.pk,))
    visits = _items("overdue_joint_visits", operator.pk)
    assert {item.household_id for item in visits} >= {met.pk, never.pk}
    assert all("Visite conjointe" in item.label for item in visits)


@pytest.mark.django_db
def test_reorientation_items_for_the_operator_and_for_the_siao(operator):
    request = ReorientationRequestFactory(
        stay__household__organisation=operator, requested_on=date(2026, 10, 2)
    )
    (mine,) = _items("reorientations", operator.pk)
    assert mine.subject == request and mine.household_id == request.household_id
    assert mine.label.endswith("en attente de la réponse du SIAO") and "02/10/2026" in mine.label
    assert mine.due_on == date(2026, 10, 2)
    assert (mine.url_name, mine.url_args) == ("www:reorientation_detail", (request.pk,))
    (to_answer,) = _items("reorientations", request.siao_id)
    assert to_answer.label.endswith(f"à traiter pour {operator.name}")
    # Regression: the SIAO's item was shown with the household's name; it names the request instead.
    assert to_answer.household_id is None
    commune = request.stay.dwelling.commune.name
    assert f"Demande de réorientation n° {request.pk} du 02/10/2026" in to_answer.label
    assert f"logement à {commune}" in to_answer.label


@pytest.mark.django_db
def test_availability_without_candidate_items(operator):
    waiting = AvailabilityFactory(dwelling__organisation=operator, available_from=date(2026, 10, 1))
    AvailabilityFactory(dwelling__organisation=operator, siao=waiting.siao)
    ProposalFactory(availability__dwelling__organisation=operator, availability__siao=waiting.siao)
    items = _items("availabilities_without_proposal", waiting.siao_id)
    assert [item.subject.pk for item in items][-1] == waiting.pk
    assert len(items) == 2 and items[-1].household_id is None
    assert items[-1].label.startswith(
        f"Logement mis à disposition par {operator.name} le 01/10/2026 sans candidat en cours"
    )


@pytest.mark.django_db
def test_a_dwelling_whose_candidate_declined_is_without_candidate_in_progress(operator):
    """Regression: « sans candidat » for a dwelling with one declined candidate: the provider counts only
    pending or accepted candidates, the label says « sans candidat en cours »."""
    proposal = ProposalFactory(
        availability__dwelling__organisation=operator,
        availability__available_from=date(2026, 10, 1),
        declined=True,
    )
    (item,) = _items("availabilities_without_proposal", proposal.availability.siao_id)
    assert item.subject == proposal.availability and "sans candidat en cours" in item.label


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "expected"), [("overdue_meetings", 2), ("overdue_joint_visits", 2), ("reorientations", 1)]
)
def test_queries_per_section_do_not_grow_with_the_rows(operator, code, expected):
    for _ in range(3):
        household = StayFactory(household__organisation=operator, entry_date=date(2025, 1, 1)).household
        AppointmentFactory(household=household, held_on=date(2025, 6, 1))
        ReorientationRequestFactory(stay=household.stays.get())
    with CaptureQueriesContext(connection) as queries:
        items = _items(code, operator.pk)
    assert len(items) == 3
    assert len(queries) == expected


# --- Occupancy ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_term_items_say_which_term_ends_when(operator):
    stay = StayFactory(household__organisation=operator, entry_date=date(2026, 5, 20))
    term = OccupancyTermFactory(stay=stay, starts_on=date(2026, 5, 20), ends_on=date(2026, 11, 19))
    OccupancyTermFactory(stay__household__organisation=operator, ends_on=date(2027, 6, 1))  # not yet
    (item,) = _items("terms_due", operator.pk)
    assert item.subject == term and item.household_id == stay.household_id
    assert item.label == "Période n° 1 (initiale) : fin le 19/11/2026, à renouveler ou non"
    assert item.due_on == date(2026, 11, 19)
    assert (item.url_name, item.url_args) == ("www:occupancy_term_renew", (term.pk,))


@pytest.mark.django_db
def test_a_term_already_past_says_so(operator):
    OccupancyTermFactory(stay__household__organisation=operator, ends_on=date(2026, 10, 1))
    (item,) = _items("terms_due", operator.pk)
    assert "(dépassée)" in item.label


@pytest.mark.django_db
def test_demand_items(operator):
    without = StayFactory(household__organisation=operator, entry_date=date(2026, 3, 2)).household
    renew = StayFactory(household__organisation=operator).household
    SocialHousingDemandFactory(
        household=renew, first_demand_on=date(2025, 11, 20), renewal_due_on=date(2026, 11, 20)
    )
    (missing,) = _items("without_demand", operator.pk)
    assert missing.household_id == without.pk and missing.due_on == date(2026, 3, 2)
    assert (
        missing.label == "Pas de demande de logement social active (dans le dispositif depuis le 02/03/2026)"
    )
    assert (missing.url_name, missing.url_args) == ("www:occupancy_demand", (without.pk,))
    (to_renew,) = _items("demands_to_renew", operator.pk)
    assert to_renew.household_id == renew.pk and to_renew.due_on == date(2026, 11, 20)
    assert to_renew.label == "Demande de logement social à renouveler avant le 20/11/2026"


@pytest.mark.django_db
def test_slide_items(operator):
    ready = StayFactory(
        household__organisation=operator, dwelling__management_mode=ManagementMode.BAIL_GLISSANT
    )
    LeaseSlideReviewFactory(
        stay=ready, favourable=True, reviewed_on=date(2026, 10, 1), commission_on=date(2026, 10, 15)
    )
    review = StayFactory(
        household__organisation=operator, dwelling__management_mode=ManagementMode.BAIL_GLISSANT
    )
    LeaseSlideReviewFactory(stay=review, reviewed_on=date(2026, 5, 10), next_review_on=date(2026, 11, 10))
    (candidate,) = _items("slide_candidates", operator.pk)
    assert (
        candidate.subject == ready
        and candidate.label == "Glissement du bail possible (avis favorable de la commission le 15/10/2026)"
    )
    assert (candidate.url_name, candidate.url_args) == ("www:occupancy_slide", (ready.pk,))
    (due,) = _items("slide_reviews", operator.pk)
    assert due.subject == review and due.due_on == date(2026, 11, 10)
    assert due.label == "Point sur le glissement du bail à faire (dernier le 10/05/2026)"


@pytest.mark.django_db
def test_stays_beyond_the_recommended_length(operator):
    long = StayFactory(household__organisation=operator, entry_date=date(2024, 1, 15))
    StayFactory(household__organisation=operator, entry_date=date(2026, 1, 15))
    (item,) = _items("beyond_recommended", operator.pk)
    assert item.subject == long
    assert item.label == (
        "Dans le logement depuis le 15/01/2024 : au-delà de la durée d'occupation préconisée depuis le 15/07/2025"
    )
    assert item.due_on == date(2025, 7, 15)  # the day it passed 18 months, not the current term's end
