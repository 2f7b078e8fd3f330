"""The daily-work pages open on the demo's own data, for the logins `make demo` prints (a page, never a
server error), and the partner arrangement holds there: Clé Solidaire's social worker reads the notes of
a Toit Partagé household it supports, Toit Partagé's direction cannot."""

import pytest
from django.urls import reverse

from clef.accounts.models import User
from clef.agenda.models import Meeting
from clef.exits.models import ExitAssessment
from clef.orientation.enums import Decision
from clef.orientation.models import Availability, Proposal
from clef.orientation.services import decide, record_entry
from clef.support.models import SupportAgreement


@pytest.fixture(autouse=True)
def _db_access(db):
    """Each test runs in its own transaction, on top of the module's demo data."""


def login(client, email):
    client.force_login(User.objects.get(email=email))
    return client


def delegated(op1, op2):
    return (
        SupportAgreement.objects.filter(organisation=op1, support_organisation=op2, ends_on__isnull=True)
        .order_by("pk")
        .first()
    )


def test_the_siao_agent_finds_the_dwellings_offered_and_the_candidates(client, daily_demo):
    login(client, "siao@siao-rhone.test")
    pending = Proposal.objects.filter(organisation__external_id="demo-siao69", decision=Decision.PENDING)
    offered = Availability.objects.filter(siao__external_id="demo-siao69").order_by("pk")
    pages = [reverse("www:orientation_home"), reverse("www:orientation_delays")]
    pages += [reverse("www:availability_detail", args=[a.pk]) for a in offered[:3]]
    pages += [reverse("www:proposal_detail", args=[p.pk]) for p in pending.order_by("pk")[:2]]
    for url in pages:
        assert client.get(url).status_code == 200, url


def test_the_direction_finds_last_months_meeting_and_the_lists(client, daily_demo, op1):
    login(client, "direction@toit-partage.test")
    meeting = Meeting.objects.get(organisation=op1)
    pages = [
        reverse("www:meeting_list"),
        reverse("www:meeting_detail", args=[meeting.pk]),
        reverse("www:todo"),
        reverse("www:practice_settings"),
        reverse("www:orientation_home"),
        reverse("www:occupancy_terms_list"),
        reverse("www:occupancy_demands_list"),
        reverse("www:occupancy_slides_list"),
        reverse("www:support_overdue"),
        reverse("www:solicitation_figures"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Réunion IML" in client.get(reverse("www:meeting_detail", args=[meeting.pk])).content.decode()


def test_the_social_worker_opens_households_with_their_support_and_exit(client, daily_demo, op1):
    login(client, "social@toit-partage.test")
    agreement = SupportAgreement.objects.filter(support_organisation=op1, ends_on__isnull=True).first()
    assessment = ExitAssessment.objects.filter(organisation=op1).select_related("stay").first()
    pages = [
        reverse("www:todo"),
        reverse("www:household_detail", args=[agreement.household_id]),
        reverse("www:support_notes", args=[agreement.household_id]),
        reverse("www:household_detail", args=[assessment.stay.household_id]),
        reverse("www:exit_assessment", args=[assessment.stay.household_id, assessment.stay_id]),
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url


def test_the_partners_social_worker_reads_the_notes_the_managing_direction_cannot(
    client, daily_demo, op1, op2
):
    agreement = delegated(op1, op2)
    notes = reverse("www:support_notes", args=[agreement.household_id])
    response = login(client, "social@cle-solidaire.test").get(notes)
    assert response.status_code == 200
    assert agreement.household.support_notes.exists()
    client.logout()
    assert login(client, "direction@toit-partage.test").get(notes).status_code == 403
    household = client.get(reverse("www:household_detail", args=[agreement.household_id]))
    assert household.status_code == 200  # the household itself, and that its support is delegated


def test_a_pending_demo_candidate_goes_through_the_commission_and_enters_without_retyping(daily_demo, today):
    proposal = (
        Proposal.objects.filter(decision=Decision.PENDING, availability__status="open")
        .select_related("availability")
        .order_by("pk")
        .first()
    )
    director = User.objects.get(
        memberships__organisation_id=proposal.operator_id, email__startswith="direction@"
    )
    accepted = decide(proposal=proposal, decision=Decision.ACCEPTED, on=today, acting_user=director)
    stay = record_entry(
        proposal=accepted,
        on=today,
        visited_before_signing=True,
        alternative_offered=False,
        acting_user=director,
    )
    household = stay.household
    reference = household.members.get(role="reference")
    assert (reference.first_name, reference.last_name, reference.birth_date) == (
        proposal.first_name,
        proposal.last_name,
        proposal.birth_date,
    )
    assert household.members.count() == proposal.members.count() + 1
    assert stay.dwelling_id == proposal.availability.dwelling_id
