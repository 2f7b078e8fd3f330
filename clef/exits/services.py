"""Writes of the guided exit and of the contact after exit: each one transaction, journaled, with the
rules of clef.exits.rules. The guided exit ends the stay through clef.stays.services.end_stay (the one
exit workflow) and writes the assessment and its perspectives in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from clef.exits import rules
from clef.exits.enums import CRITERIA, READINESS_ITEMS, Perspective
from clef.exits.models import ExitAssessment, ExitPerspective, ExitReadiness, Solicitation
from clef.households.models import Household
from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.stays.enums import Destination
from clef.stays.models import Stay
from clef.stays.services import end_stay
from clef.utils.writes import lock_and_check_version, register_constraint_errors, register_write

Action = JournalEntry.Action

register_constraint_errors(
    {
        "exit_perspective_unique": "Ce point de vue vient d'être renseigné par un collègue : rouvrez le bilan.",
        "exits_exitassessment_stay_id_key": "Le bilan de cette sortie vient d'être enregistré par un collègue.",
        "exits_exitreadiness_stay_id_key": "Le point « prêt à sortir » vient d'être enregistré par un collègue.",
    }
)


@dataclass(frozen=True)
class PerspectiveInput:
    """One perspective as a form gives it: criteria codes, judgement, comment."""

    criteria: list[str] = field(default_factory=list)
    judgement: str = ""
    comment: str = ""

    @property
    def filled(self) -> bool:
        return rules.is_filled(criteria=self.criteria, judgement=self.judgement, comment=self.comment)


@dataclass(frozen=True)
class Outcome:
    """The household's word on its new housing and the relay after the exit."""

    household_choice: str
    relay_kind: str
    relay_name: str = ""
    relay_resource: object = None  # a clef.support.models.RelayResource, or None


@dataclass(frozen=True)
class ExitFacts:
    """What ends the stay (clef.stays.services.end_stay)."""

    on: date
    destination: str
    loss_unpaid_rent: bool = False
    loss_damage: bool = False
    exit_debt: Decimal | None = None


def _journal(instance, *, action, acting_user, stay: Stay, before=None, organisation_id=None, extra=None):
    journal.record(
        acting_user=acting_user,
        instance=instance,
        action=action,
        before=before,
        household_id=stay.household_id,
        dwelling_id=stay.dwelling_id,
        organisation_id=organisation_id,
        extra=extra,
    )


@register_write
def save_readiness(
    *, stay: Stay, checked_on: date, items: dict[str, bool], acting_user, expected_version: int | None = None
) -> ExitReadiness:
    """Create or update the « prêt à sortir » checklist of a present stay."""
    rules.check_readiness(stay_exit_date=stay.exit_date, entry_date=stay.entry_date, checked_on=checked_on)
    readiness = ExitReadiness.objects.filter(stay=stay).first()
    before = None
    if readiness is None:
        readiness = ExitReadiness(organisation_id=stay.organisation_id, stay=stay)
    else:
        readiness = lock_and_check_version(readiness, expected_version)
        before = journal.snapshot(readiness)
        readiness.version += 1
    for name, _label in READINESS_ITEMS:
        setattr(readiness, name, bool(items.get(name, False)))
    readiness.checked_on, readiness.checked_by = checked_on, acting_user
    readiness.full_clean(exclude=["stay", "organisation", "checked_by"])
    readiness.save()
    action = Action.CREATE if before is None else Action.UPDATE
    _journal(readiness, action=action, acting_user=acting_user, stay=stay, before=before)
    return readiness


def _criteria_text(perspective: str, codes) -> str | None:
    labels = dict(CRITERIA[Perspective(perspective)])
    return " ; ".join(labels.get(code, code) for code in codes) or None


def _set_perspectives(
    *, assessment: ExitAssessment, stay: Stay, perspectives: dict[str, PerspectiveInput], acting_user
) -> None:
    """Write the given perspectives (an unfilled one removes what was there), each journaled."""
    existing = {p.perspective: p for p in assessment.perspectives.all()}
    for code, given in perspectives.items():
        code = Perspective(code)
        current = existing.get(code)
        label = str(ExitPerspective._meta.get_field("criteria").verbose_name)
        if not given.filled:
            if current is not None:
                before = journal.snapshot(current)
                _journal(
                    current,
                    action=Action.DELETE,
                    acting_user=acting_user,
                    stay=stay,
                    before=before,
                    organisation_id=assessment.organisation_id,
                )
                current.delete()
            continue
        rules.check_perspective(
            perspective=code,
            criteria=given.criteria,
            judgement=given.judgement,
            comment=given.comment,
            loss_unpaid_rent=stay.loss_unpaid_rent,
            loss_damage=stay.loss_damage,
        )
        before = journal.snapshot(current) if current else None
        old_criteria = _criteria_text(code, current.criteria) if current else None
        row = current or ExitPerspective(assessment=assessment, perspective=code)
        row.criteria, row.judgement, row.comment, row.filled_by = (
            list(given.criteria),
            given.judgement,
            given.comment,
            acting_user,
        )
        row.full_clean(exclude=["assessment", "filled_by"])
        row.save()
        extra = {"criteria": journal.change(label, old_criteria, _criteria_text(code, row.criteria))}
        if old_criteria == extra["criteria"]["new"]:
            extra = None
        _journal(
            row,
            action=Action.CREATE if current is None else Action.UPDATE,
            acting_user=acting_user,
            stay=stay,
            before=before,
            organisation_id=assessment.organisation_id,
            extra=extra,
        )


def _apply_outcome(assessment: ExitAssessment, outcome: Outcome) -> None:
    resource_id = getattr(outcome.relay_resource, "pk", None)
    rules.check_household_choice(outcome.household_choice)
    rules.check_relay(kind=outcome.relay_kind, name=outcome.relay_name, resource_id=resource_id)
    assessment.household_choice = outcome.household_choice
    assessment.relay_kind = outcome.relay_kind
    assessment.relay_name = outcome.relay_name.strip()
    assessment.relay_resource = outcome.relay_resource


@register_write
def guided_exit(
    *,
    stay: Stay,
    facts: ExitFacts,
    outcome: Outcome,
    perspectives: dict[str, PerspectiveInput],
    acting_user,
    readiness: dict[str, bool] | None = None,
) -> ExitAssessment:
    """The guided exit in one transaction: the checklist (if given), the exit itself (end_stay: date,
    destination, losses and debt), the household's word and the relay, then the perspectives."""
    rules.check_destination(facts.destination)
    rules.check_exit_after_entry(entry_date=stay.entry_date, exit_date=facts.on)
    if readiness is not None:
        save_readiness(
            stay=stay, checked_on=facts.on, items=readiness, acting_user=acting_user, expected_version=None
        )
    assessment = ExitAssessment(
        organisation_id=stay.organisation_id, stay=stay, assessed_on=facts.on, assessed_by=acting_user
    )
    _apply_outcome(assessment, outcome)  # before the exit: its errors come first
    end_stay(
        stay=stay,
        on=facts.on,
        destination=facts.destination,
        loss_unpaid_rent=facts.loss_unpaid_rent,
        loss_damage=facts.loss_damage,
        exit_debt=facts.exit_debt,
        acting_user=acting_user,
    )
    rules.check_assessable(exit_date=stay.exit_date, destination=stay.destination)
    assessment.full_clean(exclude=["stay", "organisation", "assessed_by", "relay_resource"])
    assessment.save()
    _journal(assessment, action=Action.CREATE, acting_user=acting_user, stay=stay)
    _set_perspectives(assessment=assessment, stay=stay, perspectives=perspectives, acting_user=acting_user)
    return assessment


@register_write
def assess_exit(
    *, stay: Stay, outcome: Outcome, perspectives: dict[str, PerspectiveInput], on: date, acting_user
) -> ExitAssessment:
    """The assessment of a stay already ended (by the quick exit form, or an import)."""
    rules.check_assessable(exit_date=stay.exit_date, destination=stay.destination)
    assessment = ExitAssessment(
        organisation_id=stay.organisation_id, stay=stay, assessed_on=on, assessed_by=acting_user
    )
    _apply_outcome(assessment, outcome)
    assessment.full_clean(exclude=["stay", "organisation", "assessed_by", "relay_resource"])
    assessment.save()
    _journal(assessment, action=Action.CREATE, acting_user=acting_user, stay=stay)
    _set_perspectives(assessment=assessment, stay=stay, perspectives=perspectives, acting_user=acting_user)
    return assessment


@register_write
def update_assessment(
    *,
    assessment: ExitAssessment,
    outcome: Outcome | None,
    perspectives: dict[str, PerspectiveInput],
    acting_user,
    expected_version: int | None,
) -> ExitAssessment:
    """Complete or correct an assessment after the exit (the funder's perspective, typically). `outcome`
    None leaves the household's word and the relay as they are."""
    stored = lock_and_check_version(assessment, expected_version)
    stay = stored.stay
    if outcome is not None:
        before = journal.snapshot(stored)
        _apply_outcome(stored, outcome)
        stored.full_clean(exclude=["stay", "organisation", "assessed_by", "relay_resource"])
        _journal(stored, action=Action.UPDATE, acting_user=acting_user, stay=stay, before=before)
    stored.version += 1
    stored.save()
    _set_perspectives(assessment=stored, stay=stay, perspectives=perspectives, acting_user=acting_user)
    return stored


@register_write
def record_solicitation(
    *,
    household: Household,
    organisation_id: int,
    solicited_on: date,
    subject: str,
    answered_by,
    minutes_spent: int,
    note: str,
    acting_user,
) -> Solicitation:
    """A household whose pathway has ended calls on the organisation (its former operator, or the partner
    that supported it)."""
    solicitation = Solicitation(
        organisation_id=organisation_id,
        household=household,
        solicited_on=solicited_on,
        subject=subject,
        answered_by=answered_by,
        minutes_spent=minutes_spent,
        note=note,
        created_by=acting_user,
    )
    solicitation.full_clean(exclude=["household", "organisation", "answered_by", "created_by"])
    stays = Stay.objects.filter(household=household)
    rules.check_pathway_ended(
        housed_that_day=stays.holding_on(solicited_on).exists(),
        exited_before=stays.filter(exit_date__lte=solicited_on)
        .exclude(destination=Destination.MUTATION_INTERNE_IML)
        .exists(),
    )
    solicitation.save()
    journal.record(
        acting_user=acting_user, instance=solicitation, action=Action.CREATE, household_id=household.pk
    )
    return solicitation
