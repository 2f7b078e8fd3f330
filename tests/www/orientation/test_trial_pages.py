"""The orientation pages after the user trial: the entry date, the offer's bounds and its stable choice
list, every error of the candidate form in one pass, families of 6 and more, proposing a household again
elsewhere, wording."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clef.orientation.enums import Decision, HouseholdAnswer
from clef.orientation.models import Proposal, ProposedMember, Wishes
from tests.factories.dwellings import DwellingFactory
from tests.factories.orientation import AvailabilityFactory, ProposalFactory
from tests.factories.stays import StayFactory
from tests.www.orientation.conftest import login_as
from tests.www.orientation.test_pages import _candidate_post

pytestmark = pytest.mark.django_db


def test_an_entry_dated_before_the_decision_is_explained_on_its_field(client, world):
    login_as(client, world, "rental_manager")
    response = client.post(
        reverse("www:proposal_entry", args=[world.accepted.pk]), {"entry_date": "2024-01-10"}
    )
    assert response.status_code == 400
    assert "précéder l&#x27;accord de la commission (le 20/01/2024)" in response.content.decode()
    assert world.accepted.household.stays.count() == 0


def _choices(response) -> list:
    return [value for value, _ in response.context["form"].fields["dwelling"].choices if value]


def test_the_offer_form_keeps_its_choice_list_and_bounds_places_and_date(client, world):
    vacant = DwellingFactory(organisation=world.operator, places=1)
    StayFactory(dwelling=DwellingFactory(organisation=world.operator), household__organisation=world.operator)
    login_as(client, world, "captation_officer")
    url = reverse("www:availability_create")
    offered = _choices(client.get(url))
    assert [c.value for c in offered] == [vacant.pk]  # not the occupied one, not the one already offered
    far = timezone.localdate() + timedelta(days=400)
    response = client.post(
        url,
        {
            "dwelling": vacant.pk,
            "available_from": far.isoformat(),
            "places": "9",
            "rent_total": "500",
            "household_share": "100",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ce logement compte 1 place : la mise à disposition ne peut pas en offrir davantage." in page
    assert "au plus 92 jours à l&#x27;avance" in page
    assert [c.value for c in _choices(response)] == [vacant.pk]


def test_the_candidate_form_shows_every_error_at_once(client, world):
    login_as(client, world, "siao_agent")
    empty_member = {f"membres-0-{name}": "" for name in ("role", "first_name", "sex", "birth_date")}
    response = client.post(
        reverse("www:proposal_create", args=[world.availability.pk]),
        _candidate_post(
            monthly_resources="25000",
            demand_number="ab$",
            **{"souhaits-typology_min": "T4", "souhaits-typology_max": "T2"},
            **empty_member,
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "au moins un enfant" in page  # the members against the composition
    assert "comprise entre 0 € et 20\u202f000 €" in page  # the resources bound, on the form field
    assert "lettres et de chiffres" in page  # the numéro unique, by the occupancy rule
    assert "typologie la plus grande" in page


def test_a_family_of_seven_is_proposed_with_the_add_a_person_button(client, world):
    login_as(client, world, "siao_agent")
    url = reverse("www:proposal_create", args=[world.availability.pk])
    assert "Ajouter une personne" in client.get(url).content.decode()
    data = _candidate_post(**{"membres-TOTAL_FORMS": "6"})
    for i in range(1, 6):
        data |= {
            f"membres-{i}-role": "enfant",
            f"membres-{i}-sex": "F",
            f"membres-{i}-birth_date": f"2015-01-0{i}",
        }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    proposal = Proposal.objects.get(last_name="Diallo")
    assert (proposal.members.count(), proposal.household_size) == (6, 7)


def test_a_declined_household_is_proposed_elsewhere_from_a_prefilled_form(client, world):
    declined = ProposalFactory(availability=world.availability, declined=True, first_name="Nadia")
    ProposedMember.objects.create(
        proposal=declined, role="enfant", first_name="Inès", sex="F", birth_date=date(2018, 3, 4)
    )
    Wishes.objects.create(proposal=declined, typology_min="T3", near_school=True)
    other = AvailabilityFactory(
        dwelling__organisation=world.operator, siao=world.siao, dwelling__address="3 rue Neuve"
    )
    login_as(client, world, "siao_agent")
    page = client.get(reverse("www:proposal_detail", args=[declined.pk])).content.decode()
    assert "Proposer ce ménage sur un autre logement" in page
    assert reverse("www:availability_detail", args=[world.availability.pk]) in page  # its dwelling, linked
    link = reverse("www:proposal_create", args=[other.pk]) + f"?depuis={declined.pk}"
    assert link in page
    form = client.get(link)
    assert form.status_code == 200
    assert form.context["form"]["first_name"].value() == "Nadia"
    assert form.context["members"].forms[0]["first_name"].value() == "Inès"
    assert form.context["wishes"]["typology_min"].value() == "T3"
    # A pending proposal is not taken up again; the operator cannot use it either.
    pending = reverse("www:proposal_create", args=[other.pk]) + f"?depuis={world.pending.pk}"
    assert client.get(pending).status_code == 403


def test_the_summary_reads_naturally(client, world):
    Proposal.objects.filter(pk=world.pending.pk).update(sex="F")
    Wishes.objects.create(proposal=world.pending, near_school=True)
    login_as(client, world, "siao_agent")
    page = client.get(reverse("www:proposal_detail", args=[world.pending.pk])).content.decode()
    assert ", femme, née le 04/05/1980" in page
    assert "<dt>Proximité</dt><dd>école</dd>" in page


def test_the_withdrawal_message_keeps_siao_in_capitals(client, world):
    login_as(client, world, "director")
    Proposal.objects.filter(pk=world.pending.pk).update(
        decision=Decision.WITHDRAWN, decided_on=date(2024, 1, 20), household_answer=HouseholdAnswer.UNKNOWN
    )
    response = client.post(
        reverse("www:proposal_decide", args=[world.pending.pk]),
        {"decision": "accepted", "decided_on": "2024-01-21", "version": world.pending.version},
    )
    assert "« retirée par le SIAO »" in response.content.decode()


def test_the_household_panel_keeps_siao_in_capitals(client, world):
    login_as(client, world, "social_worker")
    page = client.get(world.household.get_absolute_url()).content.decode()
    assert "état : En attente de réponse du SIAO." in page and "du siao" not in page
