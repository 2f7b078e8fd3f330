"""The demo's daily work (issue 8): every part filled, realistically, without touching the register.

The demo is loaded once for the module (`daily_demo`, tests/demo/conftest.py) and removed afterwards."""

from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Count, F, Q

from clef.agenda.models import AgendaItem, Meeting
from clef.demo.daily import daily_work_loaded, load_daily_work
from clef.demo.daily import exits as daily_exits
from clef.demo.daily import orientation as daily_orientation
from clef.demo.daily.context import DAILY_SINCE, HORIZON, build_context
from clef.dwellings.enums import ManagementMode
from clef.exits import rules as exit_rules
from clef.exits.enums import Perspective
from clef.exits.models import ExitAssessment, ExitPerspective, ExitReadiness, Solicitation
from clef.exits.queries import disagreements
from clef.households.enums import PersonRole
from clef.households.models import Household
from clef.occupancy.enums import TermDecision
from clef.occupancy.models import LeaseSlide, LeaseSlideReview, OccupancyTerm, SocialHousingDemand
from clef.organisations.models import Organisation, Share
from clef.orientation.enums import AvailabilityStatus, Decision, HouseholdAnswer
from clef.orientation.models import Availability, EntryChoice, Proposal, ReorientationRequest, Wishes
from clef.orientation.queries import availabilities_without_proposal, open_reorientation_requests
from clef.stays.enums import EXIT_DESTINATIONS, Destination
from clef.stays.models import Stay
from clef.support import rules as support_rules
from clef.support.enums import HOME_VISIT_KINDS, AppointmentKind
from clef.support.models import (
    Appointment,
    HomeVisitConsent,
    RelayOrientation,
    SupportAgreement,
    SupportNote,
    SupportObjective,
    SupportReview,
)
from clef.support.queries import overdue_joint_visits, overdue_meetings, support_organisation_id
from tests.demo.cleanup import DAILY_MODELS
from tests.demo.conftest import demo_stays


@pytest.fixture(autouse=True)
def _db_access(db):
    """Each test runs in its own transaction, on top of the module's demo data."""


# ----------------------------------------------------------------- every part, once


@pytest.mark.parametrize(
    "model",
    [
        Availability,
        Proposal,
        Wishes,
        EntryChoice,
        ReorientationRequest,
        OccupancyTerm,
        SocialHousingDemand,
        LeaseSlideReview,
        LeaseSlide,
        SupportAgreement,
        SupportObjective,
        SupportReview,
        HomeVisitConsent,
        Appointment,
        SupportNote,
        RelayOrientation,
        ExitReadiness,
        ExitAssessment,
        ExitPerspective,
        Solicitation,
        Meeting,
        AgendaItem,
    ],
)
def test_every_part_of_the_daily_work_has_rows(daily_demo, model):
    assert model.objects.exists()


def test_a_second_seed_duplicates_nothing(daily_demo):
    counts = [m.objects.count() for m in (Availability, Proposal, OccupancyTerm, Appointment, Share, Meeting)]
    assert daily_work_loaded()
    assert load_daily_work() == {}
    call_command("seed_demo", "--quiet-logins", stdout=StringIO())
    assert counts == [
        m.objects.count() for m in (Availability, Proposal, OccupancyTerm, Appointment, Share, Meeting)
    ]


def test_records_already_entered_for_a_demo_operator_are_never_mixed_with_the_generation(daily_demo, op2):
    """A demo loaded before issue 8 gets its daily work on the next `make demo`, unless its users already
    entered daily records (here: only op2's meeting is left)."""
    for label in DAILY_MODELS:
        if label not in ("agenda.AgendaItem", "agenda.Meeting"):
            apps.get_model(label).objects.all().delete()
    Meeting.objects.exclude(organisation=op2).delete()
    assert daily_work_loaded()
    assert load_daily_work() == {}
    Meeting.objects.all().delete()
    assert not daily_work_loaded()
    counts = load_daily_work()
    assert counts["propositions"] == Proposal.objects.count() > 0


def test_the_login_list_says_what_each_role_can_try(daily_demo):
    assert "siao@siao-isere.test" in daily_demo
    for line in daily_demo.splitlines():
        if "@" in line and ".test" in line:
            assert "→" in line, line


# ----------------------------------------------------------------- orientation


def test_each_siao_entry_since_2025_came_through_an_accepted_proposal_without_retyping(daily_demo):
    entered = (
        demo_stays()
        .filter(entry_date__gte=DAILY_SINCE, household__siao_oriented=True)
        .filter(Q(pathway_start__isnull=True) | Q(pathway_start=F("entry_date")))
    )
    assert entered.count() > 20
    accepted = Proposal.objects.filter(decision=Decision.ACCEPTED)
    assert set(accepted.values_list("stay_id", flat=True)) == set(entered.values_list("pk", flat=True))
    for proposal in accepted.select_related("stay", "household", "availability"):
        reference = proposal.household.members.get(role=PersonRole.REFERENCE)
        assert (proposal.first_name, proposal.last_name, proposal.birth_date, proposal.sex) == (
            reference.first_name,
            reference.last_name,
            reference.birth_date,
            reference.sex,
        )
        assert proposal.composition == proposal.household.composition
        assert proposal.stay.household_id == proposal.household_id
        assert proposal.availability.dwelling_id == proposal.stay.dwelling_id
        assert proposal.availability.status == AvailabilityStatus.FILLED
        assert proposal.availability.closed_on == proposal.stay.entry_date
        assert proposal.availability.available_from <= proposal.proposed_on <= proposal.decided_on
        assert proposal.decided_on <= proposal.stay.entry_date
        assert proposal.household.members.count() == proposal.members.count() + 1


def test_proposals_carry_every_decision_and_households_refusals_are_kept(daily_demo):
    decisions = set(Proposal.objects.values_list("decision", flat=True))
    assert decisions == set(Decision.values)
    declined = Proposal.objects.filter(decision=Decision.DECLINED)
    assert not declined.exclude(household_answer=HouseholdAnswer.NO).exists()
    assert not declined.filter(household_reason="").exists()
    assert not Proposal.objects.filter(decision=Decision.REFUSED, refusal_reason="").exists()
    # Some availabilities had several candidates: a refusal then the household who entered.
    assert Availability.objects.annotate(n=Count("proposals")).filter(n__gte=2).exists()


def test_the_siao_and_the_commission_have_work_today(daily_demo, op1, op2):
    for operator in (op1, op2):
        siao = Organisation.objects.get(
            kind="siao", head_office_department_id=operator.head_office_department_id
        )
        open_ones = Availability.objects.filter(
            organisation=operator, siao=siao, status=AvailabilityStatus.OPEN
        )
        pending = Proposal.objects.filter(availability__in=open_ones, decision=Decision.PENDING)
        assert pending.exists()  # the commission decides
        assert open_reorientation_requests(siao.pk).filter(organisation=operator).exists()  # the SIAO answers
        # a household's refusal, then another candidate for the same dwelling
        assert Proposal.objects.filter(availability__in=open_ones, decision=Decision.DECLINED).exists()
        assert availabilities_without_proposal(siao.pk).exists()  # the SIAO has candidates to find


def test_orientation_records_are_shared_with_the_other_side(daily_demo):
    for model, partner in (
        (Availability, "siao_id"),
        (Proposal, "operator_id"),
        (ReorientationRequest, "siao_id"),
    ):
        shares = Share.objects.of_model(model).filter(access=Share.Access.ORIENTATION)
        assert shares.count() == model.objects.count()
        expected = set(model.objects.values_list("pk", "organisation_id", partner))
        assert set(shares.values_list("object_id", "organisation_id", "partner_id")) == expected


def test_every_stay_entered_since_2025_records_the_choice_at_entry(daily_demo):
    entered = demo_stays().filter(entry_date__gte=DAILY_SINCE)
    assert EntryChoice.objects.count() == entered.count()
    assert set(EntryChoice.objects.values_list("visited_before_signing", flat=True)) == {True, False, None}
    assert set(EntryChoice.objects.values_list("alternative_offered", flat=True)) == {True, False, None}


def test_accepted_households_keep_the_wishes_of_their_proposal(daily_demo):
    household_wishes = Wishes.objects.filter(household__isnull=False)
    assert (
        household_wishes.count()
        == Proposal.objects.filter(decision=Decision.ACCEPTED).values("household").distinct().count()
    )
    assert household_wishes.filter(communes__isnull=False).exists()


# ----------------------------------------------------------------- occupancy


def test_terms_concern_sublet_stays_only_and_follow_each_other(daily_demo):
    assert not OccupancyTerm.objects.filter(
        stay__dwelling__management_mode=ManagementMode.MANDAT_GESTION
    ).exists()
    later = OccupancyTerm.objects.filter(number__gt=1)
    previous = {(t.stay_id, t.number): t.ends_on for t in OccupancyTerm.objects.all()}
    for term in later:
        assert previous[(term.stay_id, term.number - 1)] == term.starts_on - timedelta(days=1)


def test_every_present_sublet_stay_has_one_pending_term_its_last(daily_demo, today):
    present = demo_stays().filter(
        exit_date__isnull=True,
        dwelling__management_mode__in=[ManagementMode.SOUS_LOCATION, ManagementMode.BAIL_GLISSANT],
    )
    pending = OccupancyTerm.objects.filter(decision=TermDecision.PENDING)
    assert set(pending.values_list("stay_id", flat=True)) == set(present.values_list("pk", flat=True))
    assert pending.count() == present.count()
    for term in pending:
        assert term.number == OccupancyTerm.objects.filter(stay_id=term.stay_id).count()
    soon = pending.filter(ends_on__lte=today + timedelta(days=31))
    assert soon.exists()  # some terms are due within the month
    assert pending.filter(ends_on__lt=today).exists()  # some wait for a decision past their end


def test_renewals_beyond_18_months_carry_a_reason(daily_demo):
    beyond = OccupancyTerm.objects.filter(decision=TermDecision.RENEWED, number__gt=2)
    assert beyond.exists()
    assert not beyond.filter(reason="").exists()
    assert not OccupancyTerm.objects.filter(number__lte=2).exclude(reason="").exists()


def test_ended_stays_close_their_last_term(daily_demo):
    ended = OccupancyTerm.objects.filter(stay__exit_date__isnull=False)
    last = ended.filter(decision__in=[TermDecision.ENDED, TermDecision.SLID])
    assert last.count() == ended.values("stay").distinct().count()
    assert (
        not last.filter(decision=TermDecision.SLID)
        .exclude(stay__destination=Destination.MAINTIEN_GLISSEMENT_BAIL)
        .exists()
    )


def test_demands_follow_the_register_and_some_need_attention(daily_demo, today, op1, op2):
    assert not SocialHousingDemand.objects.filter(household__social_housing_demand=False).exists()
    present = Household.objects.filter(stays__exit_date__isnull=True, organisation__in=[op1, op2])
    without = present.exclude(social_housing_demand_record__renewal_due_on__gte=today)
    assert without.exists() and without.count() < present.count() / 3
    assert SocialHousingDemand.objects.filter(renewal_due_on__lt=today).exists()
    assert SocialHousingDemand.objects.filter(
        renewal_due_on__gte=today, renewal_due_on__lte=today + timedelta(days=31)
    ).exists()
    assert not SocialHousingDemand.objects.exclude(number="").exists()  # the register carries no number


def test_lease_slides_are_the_registers_own(daily_demo):
    slid = demo_stays().filter(
        destination=Destination.MAINTIEN_GLISSEMENT_BAIL,
        dwelling__exit_reason="glissement_bail",
        dwelling__exit_date=F("exit_date"),
    )
    assert set(LeaseSlide.objects.values_list("stay_id", flat=True)) == set(slid.values_list("pk", flat=True))
    assert not LeaseSlide.objects.exclude(slid_on=F("stay__exit_date")).exists()
    assert not LeaseSlide.objects.exclude(dwelling=F("stay__dwelling")).exists()


# ----------------------------------------------------------------- support


def test_clé_solidaire_does_the_support_of_part_of_toit_partagés_households(daily_demo, op1, op2, today):
    delegated = SupportAgreement.objects.filter(organisation=op1, support_organisation=op2)
    assert delegated.filter(ends_on__isnull=True).count() >= 3
    assert not delegated.filter(share__isnull=True).exists()
    for agreement in delegated.filter(ends_on__isnull=True).select_related("share", "household"):
        assert agreement.share.access == Share.Access.SUPPORT
        assert agreement.share.partner_id == op2.pk and agreement.share.object_id == agreement.household_id
        assert support_organisation_id(agreement.household, today) == op2.pk
    notes = SupportNote.objects.filter(household__in=delegated.values("household"))
    assert notes.exists() and not notes.exclude(organisation=op2).exists()
    assert not SupportAgreement.objects.filter(organisation=op2).exclude(support_organisation=op2).exists()


def test_home_visits_only_with_consent_and_one_consent_withdrawn(daily_demo):
    withdrawn = HomeVisitConsent.objects.filter(withdrawn_on__isnull=False)
    assert withdrawn.count() == 1
    visits = Appointment.objects.filter(kind__in=HOME_VISIT_KINDS)
    assert visits.exists()
    for visit in visits:
        assert support_rules.home_visits_allowed(visit.household_id, visit.held_on)
    household = withdrawn.get().household_id
    assert not visits.filter(household_id=household, held_on__gte=withdrawn.get().withdrawn_on).exists()
    assert Appointment.objects.filter(
        household_id=household, held_on__gte=withdrawn.get().withdrawn_on
    ).exists()


def test_appointments_follow_the_cadences_with_some_overdue(daily_demo, op1, op2, today):
    assert not Appointment.objects.filter(held_on__gt=today).exists()
    assert Appointment.objects.filter(kind=AppointmentKind.VISITE_CONJOINTE).exists()
    overdue = [overdue_meetings(op.pk, today).count() for op in (op1, op2)]
    assert sum(overdue) > 0
    joint = [overdue_joint_visits(op.pk, today).count() for op in (op1, op2)]
    assert sum(joint) > 0
    supported = SupportAgreement.objects.filter(ends_on__isnull=True).count()
    assert sum(overdue) < supported / 3  # most households are met every month


def test_joint_visits_bring_the_owners_rental_manager_and_the_social_worker(daily_demo):
    visit = Appointment.objects.filter(kind=AppointmentKind.VISITE_CONJOINTE).first()
    assert visit.attendees.count() == 2


# ----------------------------------------------------------------- exits


def test_every_real_exit_since_2025_has_its_assessment_with_five_perspectives(daily_demo):
    exits = demo_stays().filter(exit_date__gte=DAILY_SINCE, destination__in=EXIT_DESTINATIONS)
    assert ExitAssessment.objects.count() == exits.count()
    assert set(exits.values_list("pk", flat=True)) <= set(
        ExitReadiness.objects.values_list("stay_id", flat=True)
    )
    assert not ExitAssessment.objects.annotate(n=Count("perspectives")).exclude(n=len(Perspective)).exists()
    for perspective in ExitPerspective.objects.all():
        exit_rules.check_criteria(perspective.perspective, perspective.criteria)
    assert disagreements(ExitAssessment.objects.all()).exists()
    assert disagreements(ExitAssessment.objects.all()).count() < ExitAssessment.objects.count() / 2


def test_some_present_households_prepare_their_exit(daily_demo, today):
    preparing = ExitReadiness.objects.filter(stay__exit_date__isnull=True)
    assert preparing.exists()
    assert not preparing.filter(checked_on__gt=today).exists()
    assert not preparing.filter(checked_on__lt=F("stay__entry_date")).exists()


def test_solicitations_come_after_the_pathway_ended(daily_demo, today):
    assert Solicitation.objects.exists()
    for solicitation in Solicitation.objects.all():
        stays = Stay.objects.filter(household_id=solicitation.household_id)
        assert not stays.filter(exit_date__isnull=True).exists()
        assert stays.filter(exit_date__lt=solicitation.solicited_on).exists()
        assert solicitation.solicited_on <= today


# ----------------------------------------------------------------- agenda


def test_one_past_monthly_meeting_per_demo_operator_with_decisions(daily_demo, op1, op2, today):
    for operator in (op1, op2):
        meeting = Meeting.objects.get(organisation=operator)
        assert meeting.held_on < today
        assert meeting.items.exclude(decision="").exists()
        assert not meeting.items.filter(decision="", decided_by__isnull=False).exists()


# ----------------------------------------------------------------- determinism


def test_history_up_to_the_horizon_does_not_depend_on_the_day_the_demo_is_loaded(daily_demo, today):
    def history(day):
        ctx = build_context(day)
        offers = daily_orientation.history(ctx)
        proposals = [
            (c.proposal.proposed_on, c.proposal.decision, c.proposal.decided_on, c.proposal.last_name)
            for offer in offers
            for c in offer.candidates
        ]
        assessments, perspectives = daily_exits.assessments(ctx)
        judged = [
            (
                a.stay_id,
                a.household_choice,
                a.relay_kind,
                [(p.perspective, p.judgement) for p in perspectives[a.stay_id]],
            )
            for a in assessments
            if a.assessed_on <= HORIZON
        ]
        solicitations = [(s.household_id, s.solicited_on, s.subject) for s in daily_exits.solicitations(ctx)]
        return proposals, judged, [s for s in solicitations if s[1] <= HORIZON]

    assert history(today) == history(today + timedelta(days=45))
