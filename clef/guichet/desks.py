"""Settings of a desk, written by its platform's animators: the desk itself (title, presentation, delay,
open or closed) and its routing rules. Each write one transaction, journaled."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from clef.guichet import rules
from clef.guichet.models import Desk, RoutingRule, RoutingTarget
from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.utils.writes import lock_and_check_version, register_constraint_errors, register_write

Action = JournalEntry.Action

register_constraint_errors(
    {
        "routing_rule_unique_epci": "Une règle existe déjà pour cet EPCI : supprimez-la d'abord.",
        "routing_rule_unique_commune": "Une règle existe déjà pour cette commune : supprimez-la d'abord.",
        "guichet_desk_slug_key": {"slug": "Cette adresse est déjà prise par un autre guichet."},
    }
)


@register_write
def save_desk(*, desk: Desk, acting_user, version: int | None = None) -> Desk:
    """Create the platform's desk or save its settings (optimistic lock on an existing desk)."""
    before = None
    if desk.pk:
        stored = lock_and_check_version(desk, version)
        before = journal.snapshot(stored)
        desk.version = stored.version + 1
    desk.full_clean()
    desk.save()
    journal.record(
        acting_user=acting_user,
        instance=desk,
        action=Action.UPDATE if before else Action.CREATE,
        before=before,
        organisation_id=desk.platform_id,
    )
    return desk


def _rule_changes(rule: RoutingRule, targets) -> dict:
    names = ", ".join(
        f"{operator.name}" + (f" ({capacity} par mois)" if capacity else "") for operator, capacity in targets
    )
    return {
        "territory": journal.change("Territoire", new=str(rule)),
        "method": journal.change("Répartition", new=rule.get_method_display()),
        "targets": journal.change("Structures", new=names),
    }


@register_write
def add_rule(*, desk: Desk, epci=None, commune=None, method: str, targets, acting_user) -> RoutingRule:
    """A rule on one EPCI or one commune; `targets`: (operator, capacity per month) in rotation order."""
    rules.check_capacities(method, [capacity for _, capacity in targets])
    if not targets:
        raise ValidationError("Choisissez au moins une structure.", code="no_target")
    rule = RoutingRule(desk=desk, epci=epci, commune=commune, method=method)
    rule.full_clean()
    rule.save()
    for position, (operator, capacity) in enumerate(targets, start=1):
        target = RoutingTarget(rule=rule, operator=operator, capacity_per_month=capacity, position=position)
        target.full_clean()
        target.save()
    journal.record_action(
        acting_user=acting_user,
        organisation_id=desk.platform_id,
        subject=rule,
        action=Action.CREATE,
        changes=_rule_changes(rule, targets),
        label=f"Règle de répartition — {rule}",
    )
    return rule


@register_write
def delete_rule(*, rule: RoutingRule, acting_user) -> None:
    targets = [(t.operator, t.capacity_per_month) for t in rule.targets.select_related("operator")]
    journal.record_action(
        acting_user=acting_user,
        organisation_id=rule.desk.platform_id,
        subject=rule,
        action=Action.DELETE,
        changes=_rule_changes(rule, targets),
        label=f"Règle de répartition — {rule}",
    )
    rule.targets.all().delete()
    rule.delete()
