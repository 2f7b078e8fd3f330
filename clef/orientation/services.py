"""Orientation workflows: each one transaction, journaled, the share with the other side created in the same
transaction (`clef.organisations.services.share_record`). Decisions on a proposal lock its row and check
its version: two members of the commission deciding at once cannot both win."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from clef.dwellings.models import Dwelling
from clef.households.enums import PersonRole
from clef.households.models import Household
from clef.households.services import MemberData, save_household
from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.occupancy.services import DemandData, open_first_term, save_demand
from clef.orientation import rules
from clef.orientation.enums import AvailabilityStatus, Decision
from clef.orientation.models import Availability, EntryChoice, Proposal, ProposedMember, Wishes
from clef.orientation.models.availability import ALREADY_OPEN
from clef.orientation.reorientation import answer_reorientation, close_reorientation, request_reorientation
from clef.orientation.sharing import create_shared, share_with
from clef.orientation.wishes import WishesData, copy_wishes, write_wishes
from clef.stays.models import Stay
from clef.stays.services import enter_dwelling
from clef.utils.writes import lock_and_check_version, register_constraint_errors, register_write

Action = JournalEntry.Action

__all__ = [
    "Candidate",
    "answer_reorientation",
    "close_reorientation",
    "decide",
    "enter_with_choice",
    "make_available",
    "propose",
    "record_entry",
    "request_reorientation",
    "withdraw_availability",
]

register_constraint_errors(
    {
        "availability_one_open_per_dwelling": {"dwelling": ALREADY_OPEN},
    }
)


@dataclass
class Candidate:
    """The candidate household's summary, as the SIAO writes it."""

    first_name: str
    last_name: str
    birth_date: date
    sex: str
    composition: str
    monthly_resources: Decimal
    main_resource: str = ""
    prior_situation: str = "inconnue"
    dalo: bool = False
    demand_number: str = ""
    first_demand_on: date | None = None
    urgency: str = "normale"
    situation: str = ""
    members: list[MemberData] = field(default_factory=list)  # the other members (not the reference)


@register_write
def make_available(
    *,
    dwelling: Dwelling,
    available_from: date,
    places: int,
    rent_total: Decimal,
    household_share: Decimal,
    accessible_pmr: bool = False,
    comments: str = "",
    acting_user,
) -> Availability:
    """Offer a vacant dwelling of the park to the SIAO of its department, and share it with that SIAO."""
    rules.check_offer(
        dwelling_places=dwelling.places,
        places=places,
        available_from=available_from,
        today=timezone.localdate(),
    )
    rules.check_available(dwelling=dwelling, on=available_from)
    rules.check_rent(rent_total=rent_total, household_share=household_share)
    siao = rules.require_siao_of(dwelling.commune.department_id)
    availability = Availability(
        organisation_id=dwelling.organisation_id,
        dwelling=dwelling,
        siao=siao,
        available_from=available_from,
        places=places,
        accessible_pmr=accessible_pmr,
        rent_total=rent_total,
        household_share=household_share,
        comments=comments.strip(),
        created_by=acting_user,
    )
    return create_shared(
        availability,
        partner=siao,
        reason="Mise à disposition au SIAO",
        on=available_from,
        acting_user=acting_user,
        dwelling_id=dwelling.pk,
    )


def _close(availability: Availability, status: str, on: date, acting_user) -> None:
    before = journal.snapshot(availability)
    availability.status, availability.closed_on = status, on
    availability.version += 1
    availability.full_clean()
    availability.save()
    journal.record(
        acting_user=acting_user,
        instance=availability,
        action=Action.UPDATE,
        before=before,
        dwelling_id=availability.dwelling_id,
    )


@register_write
def withdraw_availability(
    *, availability: Availability, on: date, acting_user, expected_version: int | None = None
) -> Availability:
    """The operator takes the dwelling back from the SIAO (the pending candidates stay for the record)."""
    locked = lock_and_check_version(availability, expected_version)
    rules.check_open(locked.status)
    _close(locked, AvailabilityStatus.WITHDRAWN, on, acting_user)
    return locked


@register_write
def propose(
    *, availability: Availability, candidate: Candidate, wishes: WishesData | None, on: date, acting_user
) -> Proposal:
    """The SIAO proposes a candidate for an availability shared with it; the proposal is shared with the
    operator. Earlier answers of the same household play no part (no penalty for a refusal)."""
    rules.check_open(Availability.objects.values_list("status", flat=True).get(pk=availability.pk))
    members = [m for m in candidate.members if not m.delete]
    errors = rules.candidate_errors(
        composition=candidate.composition,
        member_roles=[PersonRole.REFERENCE, *(m.role for m in members)],
        demand_number=candidate.demand_number,
        first_demand_on=candidate.first_demand_on,
        on=on,
    )
    if errors:
        raise ValidationError(errors)
    adults, children = rules.count_adults([candidate.birth_date, *(m.birth_date for m in members)], on)
    summary = {name: getattr(candidate, name) for name in Candidate.__dataclass_fields__ if name != "members"}
    summary["demand_number"] = rules.clean_demand(candidate.demand_number, candidate.first_demand_on, on=on)
    proposal = Proposal(
        organisation_id=availability.siao_id,
        availability=availability,
        operator_id=availability.organisation_id,
        proposed_on=on,
        proposed_by=acting_user,
        adults=max(adults, 1),
        children=children,
        **summary,
    )
    proposal.full_clean()
    proposal.save()
    for data in members:
        member = ProposedMember(
            proposal=proposal,
            role=data.role,
            first_name=data.first_name.strip(),
            last_name=data.last_name.strip(),
            sex=data.sex,
            birth_date=data.birth_date,
        )
        member.full_clean()
        member.save()
        journal.record(
            acting_user=acting_user,
            instance=member,
            action=Action.CREATE,
            organisation_id=proposal.organisation_id,
        )
    journal.record(acting_user=acting_user, instance=proposal, action=Action.CREATE)
    if wishes is not None:
        write_wishes(Wishes(proposal=proposal), wishes)
    share_with(
        proposal,
        partner=availability.organisation,
        reason="Proposition d'un candidat par le SIAO",
        on=on,
        acting_user=acting_user,
    )
    return proposal


def _create_household(proposal: Proposal, acting_user) -> Household:
    """The household file, from the proposal's summary and members (no retyping), its wishes copied."""
    household = Household(
        organisation_id=proposal.operator_id,
        composition=proposal.composition,
        siao_oriented=True,
        dalo=proposal.dalo,
        prior_situation=proposal.prior_situation,
        social_housing_demand=bool(proposal.demand_number),
        social_housing_demand_number=proposal.demand_number,
    )
    reference = MemberData(
        role=PersonRole.REFERENCE,
        sex=proposal.sex,
        birth_date=proposal.birth_date,
        first_name=proposal.first_name,
        last_name=proposal.last_name,
    )
    others = [
        MemberData(
            role=m.role, sex=m.sex, birth_date=m.birth_date, first_name=m.first_name, last_name=m.last_name
        )
        for m in proposal.members.all()
    ]
    household = save_household(
        household=household,
        members=[reference, *others],
        resources=[proposal.main_resource] if proposal.main_resource else [],
        acting_user=acting_user,
    )
    copy_wishes(proposal=proposal, household=household)
    if proposal.demand_number and proposal.first_demand_on:
        # The demand record too (renewal date by the operator's practice): the household page then says the
        # same thing everywhere (its v1 flag is set by `save_demand` from the record).
        save_demand(
            household=household,
            data=DemandData(number=proposal.demand_number, first_demand_on=proposal.first_demand_on),
            acting_user=acting_user,
        )
    return household


@register_write
def decide(
    *,
    proposal: Proposal,
    decision: str,
    on: date,
    acting_user,
    refusal_reason: str = "",
    refusal_detail: str = "",
    household_reason: str = "",
    expected_version: int | None = None,
) -> Proposal:
    """Record the commission's decision (accepted, refused with a reason, declined by the household with
    its reason) or the SIAO's withdrawal. Accepting creates the household file from the summary."""
    locked = lock_and_check_version(proposal, expected_version)
    rules.check_transition(current=locked.decision, new=decision, has_stay=locked.stay_id is not None)
    rules.check_decision(
        decision=decision,
        refusal_reason=refusal_reason,
        refusal_detail=refusal_detail,
        household_reason=household_reason,
        on=on,
        proposed_on=locked.proposed_on,
    )
    if decision == Decision.ACCEPTED:
        availability = Availability.objects.select_for_update().get(pk=locked.availability_id)
        rules.check_open(availability.status)
        waiting = availability.proposals.filter(decision=Decision.ACCEPTED, stay__isnull=True).exists()
        rules.check_single_acceptance(other_accepted_waiting=waiting)
    before = journal.snapshot(locked)
    locked.decision, locked.decided_on, locked.decided_by = decision, on, acting_user
    locked.refusal_reason, locked.refusal_detail = refusal_reason, refusal_detail.strip()
    locked.household_answer = rules.household_answer_for(decision, locked.household_answer)
    locked.household_reason = household_reason.strip()
    if decision == Decision.ACCEPTED:
        locked.household = _create_household(locked, acting_user)
    locked.version += 1
    locked.full_clean()
    locked.save()
    journal.record(
        acting_user=acting_user,
        instance=locked,
        action=Action.UPDATE,
        before=before,
        household_id=locked.household_id,
        organisation_id=locked.operator_id if decision != Decision.WITHDRAWN else locked.organisation_id,
    )
    proposal.version = locked.version
    return locked


@register_write(retry=True)
def enter_with_choice(
    *,
    household: Household,
    dwelling: Dwelling,
    on: date,
    visited_before_signing: bool | None,
    alternative_offered: bool | None,
    acting_user,
) -> Stay:
    """An entry (`clef.stays.services.enter_dwelling`) with the two questions of the household's choice,
    and its first occupancy term: one transaction."""
    stay = enter_dwelling(household=household, dwelling=dwelling, on=on, acting_user=acting_user)
    choice = EntryChoice(
        stay=stay,
        organisation_id=stay.organisation_id,
        visited_before_signing=visited_before_signing,
        alternative_offered=alternative_offered,
        recorded_by=acting_user,
    )
    choice.full_clean()
    choice.save()
    journal.record(acting_user=acting_user, instance=choice, action=Action.CREATE, household_id=household.pk)
    open_first_term(stay=stay, acting_user=acting_user)  # nothing under a mandat de gestion
    return stay


@register_write(retry=True)
def record_entry(
    *,
    proposal: Proposal,
    on: date,
    visited_before_signing: bool | None,
    alternative_offered: bool | None,
    acting_user,
    expected_version: int | None = None,
) -> Stay:
    """The accepted candidate enters the dwelling made available: the stay starts, the choice is recorded,
    the availability is filled, the proposal points at the stay (the SIAO sees the entry date)."""
    locked = lock_and_check_version(proposal, expected_version)
    availability = (
        Availability.objects.select_for_update().select_related("dwelling").get(pk=locked.availability_id)
    )
    rules.check_entry(
        decision=locked.decision,
        has_stay=locked.stay_id is not None,
        on=on,
        decided_on=locked.decided_on,
        available_from=availability.available_from,
    )
    rules.check_open(availability.status)
    stay = enter_with_choice(
        household=locked.household,
        dwelling=availability.dwelling,
        on=on,
        visited_before_signing=visited_before_signing,
        alternative_offered=alternative_offered,
        acting_user=acting_user,
    )
    before = journal.snapshot(locked)
    locked.stay = stay
    locked.version += 1
    locked.save(update_fields=["stay", "version"])
    journal.record(
        acting_user=acting_user,
        instance=locked,
        action=Action.UPDATE,
        before=before,
        household_id=locked.household_id,
        organisation_id=locked.operator_id,
    )
    _close(availability, AvailabilityStatus.FILLED, on, acting_user)
    proposal.version = locked.version
    return stay
