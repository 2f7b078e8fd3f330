"""Stay workflows: a household enters a dwelling, leaves the scheme, or moves to another dwelling of the
operator. Each is one transaction, journaled, and keeps the pathway (parcours) start of every stay.

On PostgreSQL, two concurrent entries that both passed the checks are stopped by the exclusion
constraints of the stay table (stay_no_double_occupancy, stay_household_one_dwelling_at_a_time): the
loser gets the same French message as the check (clef.utils.writes)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection

from clef.dwellings.models import Dwelling
from clef.households.models import Household
from clef.households.rules import places_warning
from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.stays import rules
from clef.stays.enums import Destination
from clef.stays.models import Stay
from clef.stays.rules import DWELLING_OCCUPIED, HOUSEHOLD_ELSEWHERE
from clef.utils import bounds
from clef.utils.writes import register_constraint_errors, register_write

Action = JournalEntry.Action


register_constraint_errors(
    {
        "stay_no_double_occupancy": {"dwelling": DWELLING_OCCUPIED},
        "stay_household_one_dwelling_at_a_time": {"entry_date": HOUSEHOLD_ELSEWHERE},
    }
)


def _check_stay_fits(*, stay: Stay) -> None:
    """The stay's rules (clef.stays.rules), against the dwelling and the other stays in the database."""
    dwelling, household = stay.dwelling, stay.household
    rules.check_same_structure(
        household_organisation_id=household.organisation_id, dwelling_organisation_id=dwelling.organisation_id
    )
    rules.check_stay_dates(entry_date=stay.entry_date, exit_date=stay.exit_date, destination=stay.destination)
    rules.check_stay_in_park(
        entry_date=stay.entry_date,
        exit_date=stay.exit_date,
        park_entry=dwelling.entry_date,
        park_exit=dwelling.exit_date,
    )
    others = Stay.objects.exclude(pk=stay.pk).filter(rules.overlapping_q(stay.entry_date, stay.exit_date))
    if others.filter(dwelling=dwelling).exists():
        raise ValidationError({"dwelling": DWELLING_OCCUPIED})
    if others.filter(household=household).exists():
        raise ValidationError({"entry_date": HOUSEHOLD_ELSEWHERE})


def recompute_pathways(household: Household) -> None:
    """Set pathway_start on every stay of the household (clef.stays.rules.pathway_starts)."""
    stays = list(household.stays.order_by("entry_date", "pk"))
    for stay, start in zip(
        stays, rules.pathway_starts((s.entry_date, s.destination) for s in stays), strict=True
    ):
        if stay.pathway_start != start:
            Stay.objects.filter(pk=stay.pk).update(pathway_start=start)


def _hold_dwelling(dwelling: Dwelling) -> None:
    """While a household enters a dwelling, nobody takes the dwelling out of the park: on PostgreSQL the
    row is held FOR SHARE (save_dwelling's FOR UPDATE waits for it, and the other way round), then its park
    dates are read again. Concurrent entries share the lock: the exclusion constraint settles them. On
    SQLite every write transaction is already serialised (BEGIN IMMEDIATE)."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Dwelling._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR SHARE", [dwelling.pk])
    dwelling.refresh_from_db(fields=["entry_date", "exit_date", "exit_reason"])


@register_write(retry=True)
def enter_dwelling(*, household: Household, dwelling: Dwelling, on: date, acting_user) -> Stay:
    """A household enters a dwelling: the dwelling must be in the park and free that day.

    The check and the insert share one transaction; on PostgreSQL a concurrent entry that passed the
    same check is stopped by the exclusion constraint and gets the same French message."""
    try:
        bounds.ENTRY_DATE.check(on)
        bounds.ENTRY_NOT_IN_FUTURE.check(on)
    except ValidationError as exc:
        raise ValidationError({"entry_date": exc.messages}) from exc
    _hold_dwelling(dwelling)
    stay = Stay(
        organisation_id=household.organisation_id,
        household=household,
        dwelling=dwelling,
        entry_date=on,
    )
    earlier = household.stays.filter(entry_date__lte=on).order_by("entry_date", "pk")
    chain = [*earlier.values_list("entry_date", "destination"), (on, "")]
    stay.pathway_start = rules.pathway_starts(chain)[-1]
    _check_stay_fits(stay=stay)
    stay.full_clean()
    stay.save()
    recompute_pathways(household)
    journal.record(
        acting_user=acting_user,
        instance=stay,
        action=Action.CREATE,
        household_id=household.pk,
        dwelling_id=dwelling.pk,
    )
    return stay


# What other applications do when a stay ends, in the exit's transaction, before the stay is saved (it may
# set the loss flags from the accounts): registered from their AppConfig.ready (clef.exits registers the
# closing of the rent account), since the applications above clef.stays may not be imported from here.
_exit_follow_ups: list = []


def on_stay_ended(follow_up):
    """Registers `follow_up(stay, acting_user)`, called by `end_stay` once the exit is checked."""
    _exit_follow_ups.append(follow_up)
    return follow_up


@register_write(retry=True)
def end_stay(
    *,
    stay: Stay,
    on: date,
    destination: str,
    loss_unpaid_rent: bool,
    loss_damage: bool,
    exit_debt=None,
    acting_user,
) -> Stay:
    """End a stay with its date, destination and loss flags. The exit cannot be in the future (whatever
    the entry point: the exit form, an internal move)."""
    try:
        bounds.EXIT_NOT_IN_FUTURE.check(on)
    except ValidationError as exc:
        raise ValidationError({"exit_date": exc.messages}) from exc
    locked = Stay.objects.select_for_update().get(pk=stay.pk)  # a concurrent exit waits, then sees it
    if locked.exit_date is not None:
        raise ValidationError("Ce séjour est déjà terminé.", code="already_ended")
    before = journal.snapshot(locked)
    ended = {
        "exit_date": on,
        "destination": destination,
        "loss_unpaid_rent": loss_unpaid_rent,
        "loss_damage": loss_damage,
        "exit_debt": exit_debt,
    }
    for name, value in ended.items():
        setattr(locked, name, value)
    _check_stay_fits(stay=locked)
    locked.full_clean()
    for follow_up in _exit_follow_ups:
        follow_up(locked, acting_user)
    locked.save()
    recompute_pathways(locked.household)
    journal.record(
        acting_user=acting_user,
        instance=locked,
        action=Action.UPDATE,
        before=before,
        household_id=locked.household_id,
        dwelling_id=locked.dwelling_id,
    )
    for name in ended:  # the caller's instance shows the exit too (and the flags from the accounts)
        setattr(stay, name, getattr(locked, name))
    return locked


@register_write(retry=True)
def move_internally(*, stay: Stay, to_dwelling: Dwelling, on: date, acting_user) -> Stay:
    """Internal move: ends the stay with mutation_interne_iml and opens the next one, in one step."""
    if to_dwelling.pk == stay.dwelling_id:
        raise ValidationError({"dwelling": "Choisissez un autre logement que le logement actuel."})
    bounds.MOVE_NOT_IN_FUTURE.check(on)
    end_stay(
        stay=stay,
        on=on,
        destination=Destination.MUTATION_INTERNE_IML,
        loss_unpaid_rent=False,
        loss_damage=False,
        acting_user=acting_user,
    )
    return enter_dwelling(household=stay.household, dwelling=to_dwelling, on=on, acting_user=acting_user)


def entry_warnings(stay: Stay) -> list[str]:
    """What deserves a look after an entry or a move, without refusing it: more people than places."""
    warning = places_warning(places=stay.dwelling.places, household_size=stay.household.members.count())
    return [warning] if warning else []
