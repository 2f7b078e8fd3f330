"""The orientation pages: the workflow through the forms, French errors (never a 500), the access log,
constant query counts."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clef.journal.models import AccessLogEntry
from clef.orientation.enums import AvailabilityStatus, Decision
from clef.orientation.models import Availability, EntryChoice, Proposal, Wishes
from tests.factories.dwellings import DwellingFactory
from tests.factories.orientation import AvailabilityFactory, ProposalFactory
from tests.factories.stays import StayFactory
from tests.www.orientation.conftest import login_as
from tests.www.queries import page_queries

pytestmark = pytest.mark.django_db


def _candidate_post(**overrides):
    data = {
        "first_name": "Awa",
        "last_name": "Diallo",
        "birth_date": "1990-02-03",
        "sex": "F",
        "composition": "famille_monoparentale",
        "monthly_resources": "1100,50",
        "main_resource": "rsa",
        "prior_situation": "hotel",
        "dalo": "on",
        "demand_number": "",
        "urgency": "elevee",
        "situation": "Hébergée à l'hôtel.",
        "membres-TOTAL_FORMS": "4",
        "membres-INITIAL_FORMS": "0",
        "membres-0-role": "enfant",
        "membres-0-first_name": "Moussa",
        "membres-0-sex": "M",
        "membres-0-birth_date": "2016-09-01",
        "souhaits-typology_min": "T2",
        "souhaits-typology_max": "T3",
        "souhaits-environment": "urbain",
        "souhaits-commune_1": "69383",
        "souhaits-near_school": "on",
    }
    data.update(overrides)
    return data


def test_the_siao_proposes_and_the_commission_accepts_without_retyping(client, world):
    login_as(client, world, "siao_agent")
    response = client.post(reverse("www:proposal_create", args=[world.availability.pk]), _candidate_post())
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal = Proposal.objects.get(last_name="Diallo")
    assert proposal.wishes.communes.get().pk == "69383"
    login_as(client, world, "social_worker")
    world.accepted.decision = Decision.DECLINED  # free the dwelling: the other accepted one declined
    Proposal.objects.filter(pk=world.accepted.pk).update(
        decision=Decision.DECLINED, household=None, household_answer="no", household_reason="Autre choix"
    )
    response = client.post(
        reverse("www:proposal_decide", args=[proposal.pk]),
        {"decision": "accepted", "decided_on": timezone.localdate().isoformat(), "version": proposal.version},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    household = proposal.household
    assert sorted(p.first_name for p in household.members.all()) == ["Awa", "Moussa"]
    page = client.get(household.get_absolute_url()).content.decode()
    assert "Diallo".upper() in page and "panneau-orientation" in page


def test_a_candidate_form_with_bad_input_answers_400_in_french(client, world):
    login_as(client, world, "siao_agent")
    response = client.post(
        reverse("www:proposal_create", args=[world.availability.pk]),
        _candidate_post(
            monthly_resources="99999999",
            **{"membres-0-birth_date": "", "souhaits-typology_min": "T5+", "souhaits-commune_1": "Nullepart"},
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Commune introuvable" in page
    assert "Indiquez-le pour chaque membre" in page
    assert not Proposal.objects.filter(last_name="Diallo").exists()


def test_a_composition_that_contradicts_the_members_is_refused_on_its_field(client, world):
    login_as(client, world, "siao_agent")
    response = client.post(
        reverse("www:proposal_create", args=[world.availability.pk]),
        _candidate_post(
            **{
                "membres-0-role": "",
                "membres-0-first_name": "",
                "membres-0-sex": "",
                "membres-0-birth_date": "",
            }
        ),
    )
    assert response.status_code == 400
    assert "au moins un enfant" in response.content.decode()


def test_a_decision_from_a_stale_page_is_refused(client, world):
    login_as(client, world, "director")
    url = reverse("www:proposal_decide", args=[world.pending.pk])
    Proposal.objects.filter(pk=world.pending.pk).update(version=5)
    response = client.post(
        url,
        {"decision": "refused", "refusal_reason": "typologie", "decided_on": "2024-02-01", "version": 1},
    )
    assert response.status_code == 400
    assert "modifié depuis" in response.content.decode()
    assert Proposal.objects.get(pk=world.pending.pk).decision == Decision.PENDING


def test_a_refusal_without_reason_and_a_future_date_are_explained(client, world):
    login_as(client, world, "director")
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(
        reverse("www:proposal_decide", args=[world.pending.pk]),
        {"decision": "refused", "decided_on": future, "version": world.pending.version},
    )
    assert response.status_code == 400
    assert "ne peut pas être dans le futur" in response.content.decode()
    response = client.post(
        reverse("www:proposal_decide", args=[world.pending.pk]),
        {"decision": "refused", "decided_on": "2024-02-01", "version": world.pending.version},
    )
    assert response.status_code == 400
    assert "Indiquez le motif du refus" in response.content.decode()


def test_entry_with_the_two_questions(client, world):
    Availability.objects.filter(pk=world.availability.pk).update(available_from=date(2024, 1, 1))
    login_as(client, world, "rental_manager")
    response = client.post(
        reverse("www:proposal_entry", args=[world.accepted.pk]),
        {"entry_date": "2024-02-01", "visited_before_signing": "non", "alternative_offered": ""},
    )
    assert response.status_code == 302
    choice = EntryChoice.objects.get(stay__household=world.accepted.household)
    assert (choice.visited_before_signing, choice.alternative_offered) == (False, None)
    assert Availability.objects.get(pk=world.availability.pk).status == AvailabilityStatus.FILLED


def test_the_register_entry_form_records_the_choice_too(client, operator):
    from tests.factories.households import HouseholdFactory

    household = HouseholdFactory(organisation=operator)
    dwelling = DwellingFactory(organisation=operator)
    from clef.organisations.models import Role
    from tests.conftest import member_client

    member_client(client, operator, Role.SOCIAL_WORKER)
    response = client.post(
        reverse("www:stay_enter", args=[household.pk]),
        {
            "dwelling": dwelling.pk,
            "entry_date": "2024-02-01",
            "visited_before_signing": "oui",
            "alternative_offered": "oui",
        },
    )
    assert response.status_code == 302
    choice = EntryChoice.objects.get(stay__household=household)
    assert (choice.visited_before_signing, choice.alternative_offered) == (True, True)


def test_making_available_through_the_form(client, world):
    dwelling = DwellingFactory(organisation=world.operator)
    login_as(client, world, "captation_officer")
    response = client.post(
        reverse("www:availability_create"),
        {
            "dwelling": dwelling.pk,
            "available_from": "2024-02-01",
            "places": "2",
            "rent_total": "550,00",
            "household_share": "600",
            "comments": "",
        },
    )
    assert response.status_code == 400
    assert "ne peut pas dépasser le loyer" in response.content.decode()
    response = client.post(
        reverse("www:availability_create"),
        {
            "dwelling": dwelling.pk,
            "available_from": "2024-02-01",
            "places": "500",
            "rent_total": "550",
            "household_share": "100",
        },
    )
    assert response.status_code == 400
    assert "Ce logement compte 2 places" in response.content.decode()
    response = client.post(
        reverse("www:availability_create"),
        {
            "dwelling": dwelling.pk,
            "available_from": "2024-02-01",
            "places": "2",
            "rent_total": "550",
            "household_share": "100",
        },
    )
    assert response.status_code == 302
    assert Availability.objects.get(dwelling=dwelling).siao == world.siao
    # The same dwelling a second time: no longer in the list (a French sentence, not a constraint's name).
    again = {"dwelling": dwelling.pk, "available_from": "2024-02-01", "places": "2", "rent_total": "550"}
    response = client.post(reverse("www:availability_create"), {**again, "household_share": "100"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choisissez un logement de la liste" in page
    assert "availability_one_open_per_dwelling" not in page


def test_wishes_of_the_household(client, world):
    login_as(client, world, "social_worker")
    url = reverse("www:household_wishes", args=[world.household.pk])
    response = client.post(url, {"typology_min": "T4", "typology_max": "T2", "environment": "rural"})
    assert response.status_code == 400
    assert "ne peut pas être plus petite" in response.content.decode()
    response = client.post(
        url, {"typology_min": "T2", "environment": "rural", "does_not_want": "Un rez-de-chaussée"}
    )
    assert response.status_code == 302
    assert Wishes.objects.get(household=world.household).does_not_want == "Un rez-de-chaussée"


def test_reading_a_candidate_is_in_the_access_log(client, world):
    login_as(client, world, "social_worker")
    client.get(reverse("www:proposal_detail", args=[world.pending.pk]))
    entry = AccessLogEntry.objects.get(user=client.membership.user)
    assert (entry.context, entry.subject_type, entry.subject_id, entry.household_id) == (
        "proposition",
        "orientation.proposal",
        world.pending.pk,
        None,
    )


def test_lists_show_no_candidate_name(client, world):
    login_as(client, world, "siao_agent")
    page = client.get(reverse("www:orientation_home")).content.decode()
    assert world.pending.last_name not in page
    assert f"Proposition n° {world.pending.pk}" in page
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize("extra", [0, 4])
def test_the_orientation_home_runs_a_constant_number_of_queries(
    client, world, django_assert_num_queries, extra
):
    for _ in range(extra):
        availability = AvailabilityFactory(dwelling__organisation=world.operator, siao=world.siao)
        ProposalFactory(availability=availability)
    login_as(client, world, "director")
    page_queries(client, reverse("www:orientation_home"), django_assert_num_queries, 7)
    login_as(client, world, "siao_agent")
    page_queries(client, reverse("www:orientation_home"), django_assert_num_queries, 7)


@pytest.mark.parametrize("extra", [0, 4])
def test_the_availability_and_proposal_pages_run_a_constant_number_of_queries(
    client, world, django_assert_num_queries, extra
):
    for _ in range(extra):
        ProposalFactory(availability=world.availability)
    login_as(client, world, "siao_agent")
    page_queries(
        client, reverse("www:availability_detail", args=[world.availability.pk]), django_assert_num_queries, 6
    )
    page_queries(
        client, reverse("www:proposal_detail", args=[world.pending.pk]), django_assert_num_queries, 8
    )


@pytest.mark.parametrize("extra", [0, 3])
def test_the_delays_page_runs_a_constant_number_of_queries(client, world, django_assert_num_queries, extra):
    for _ in range(extra):
        AvailabilityFactory(dwelling__organisation=world.operator, siao=world.siao)
    login_as(client, world, "director")
    response = page_queries(client, reverse("www:orientation_delays"), django_assert_num_queries, 11)
    assert len(response.context["tables"]["by_dwelling"]) == 1 + extra


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_reorientation_for_a_household_no_longer_housed_is_explained_not_a_server_error(
    client, world, method
):
    """Regression: the form added its error before being bound, and the page answered 500."""
    ended = StayFactory(
        household__organisation=world.operator,
        entry_date=date(2023, 1, 1),
        exit_date=date(2024, 6, 30),
        destination="parc_social",
    )
    login_as(client, world, "director")
    url = reverse("www:reorientation_create", args=[ended.household_id])
    response = getattr(client, method)(url, {})
    assert response.status_code == (200 if method == "get" else 400)
    assert "une réorientation ne se demande que pour un ménage présent" in response.content.decode()
