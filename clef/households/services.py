"""Register workflows: every write to a household, person, dwelling or stay goes through here and is
journaled in the same transaction.

Concurrency. Each workflow is one transaction that checks and writes (on SQLite the transaction takes
the write lock at BEGIN, so writers are serialised). On PostgreSQL, what two concurrent transactions
could both find true is enforced by the database: exclusion constraints on the stays' periods
(migration 0004) and the one-reference constraint; their IntegrityError comes back as a French
ValidationError, never as a server error. Households and dwellings carry a version: an edit made from a
stale form is refused (StaleEditError) instead of silently overwriting what another user saved.
"""

import functools
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, models, transaction

from clef.dwellings.models import Dwelling
from clef.households.models import Household, HouseholdResource, Person, Stay
from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.referential.enums import Destination, PersonRole
from clef.utils import bounds
from clef.utils.text import search_key

Action = JournalEntry.Action

DWELLING_OCCUPIED = "Ce logement est déjà occupé sur cette période."
HOUSEHOLD_ELSEWHERE = "Ce ménage occupe déjà un autre logement sur cette période."
MEMBERS_CHANGED = (
    "Les membres de ce ménage ont été modifiés entre-temps par un autre utilisateur : "
    "rien n'a été enregistré. Rechargez la page pour repartir de la version à jour."
)

# Database constraints whose violation a user can cause by racing another one: constraint name →
# the French error. (SQLite names a unique index violation by its columns, not by its name.)
CONSTRAINT_ERRORS = {
    "stay_no_double_occupancy": {"dwelling": DWELLING_OCCUPIED},
    "stay_household_one_dwelling_at_a_time": {"entry_date": HOUSEHOLD_ELSEWHERE},
    "person_one_reference_per_household": MEMBERS_CHANGED,
    "households_person.household_id": MEMBERS_CHANGED,
}


class StaleEditError(ValidationError):
    """The record was saved by someone else since the form was built (its version moved on)."""

    def __init__(self, *, instance: models.Model, current_version: int):
        self.instance = instance
        self.current_version = current_version
        super().__init__(
            f"Ce {instance._meta.verbose_name} a été modifié depuis l'ouverture de ce formulaire (par un "
            "collègue, ou par vous dans un autre onglet) : rien n'a été enregistré. Ses changements sont "
            "repris ci-dessous là où vous n'aviez rien modifié ; vérifiez les champs signalés, puis "
            "enregistrez à nouveau.",
            code="stale",
        )


def _constraint_error(exc: IntegrityError) -> ValidationError | None:
    diag = getattr(exc.__cause__, "diag", None)
    name = getattr(diag, "constraint_name", None)
    if name in CONSTRAINT_ERRORS:
        return ValidationError(CONSTRAINT_ERRORS[name], code="concurrent_change")
    text = str(exc)
    for known, message in CONSTRAINT_ERRORS.items():
        if known in text:
            return ValidationError(message, code="concurrent_change")
    return None


# PostgreSQL: deadlock_detected (two inserts waiting on each other's exclusion-constraint check) and
# serialization_failure. The transaction was rolled back: running it again is safe.
RETRYABLE_SQLSTATES = {"40P01", "40001"}
BUSY = ValidationError(
    "L'enregistrement n'a pas pu se faire : la base de données est occupée par d'autres enregistrements. "
    "Réessayez dans un instant ; rien n'a été enregistré.",
    code="busy",
)


def _is_retryable(exc: OperationalError) -> bool:
    return getattr(exc.__cause__, "sqlstate", None) in RETRYABLE_SQLSTATES


def _is_busy(exc: OperationalError) -> bool:
    return "database is locked" in str(exc)  # SQLite, after its busy timeout


def register_write(func=None, *, retry: bool = False):
    """One transaction per workflow; a constraint violation caused by a concurrent writer becomes a
    French ValidationError (the transaction, or the savepoint when nested, is rolled back first).

    `retry`: for workflows that build their objects afresh on each call (the stays'), run the
    transaction again when PostgreSQL aborted it as a deadlock: two entries racing for one dwelling
    wait on each other's exclusion check; the one aborted then finds the other's stay and gets the
    French message of the check. Only the outermost transaction retries."""
    if func is None:
        return functools.partial(register_write, retry=retry)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        attempts = 3 if retry and not transaction.get_connection().in_atomic_block else 1
        for attempt in range(1, attempts + 1):
            try:
                with transaction.atomic():
                    return func(*args, **kwargs)
            except IntegrityError as exc:
                error = _constraint_error(exc)
                if error is None:
                    raise
                raise error from exc
            except OperationalError as exc:
                if _is_retryable(exc) and attempt < attempts:
                    continue
                if _is_retryable(exc) or _is_busy(exc):
                    raise BUSY from exc
                raise
        raise AssertionError("unreachable")  # pragma: no cover

    return wrapper


def _lock_and_check_version(instance: models.Model, expected_version: int | None) -> models.Model:
    """The stored row, locked until the end of the transaction (SELECT … FOR UPDATE on PostgreSQL; on
    SQLite the transaction already holds the write lock). Refuses a stale version."""
    stored = type(instance).objects.select_for_update().get(pk=instance.pk)
    if expected_version is not None and stored.version != expected_version:
        raise StaleEditError(instance=stored, current_version=stored.version)
    return stored


BOOKKEEPING_FIELDS = ("version", "search_text")


def _journal_before(stored: models.Model | None, saved: models.Model) -> dict:
    """The journal's "before" snapshot, with the bookkeeping fields (version, search text) at their new
    values so that the journal shows only what a user changed."""
    before = journal.snapshot(stored) if stored is not None else {}
    after = journal.snapshot(saved)
    for name in BOOKKEEPING_FIELDS:
        if name in after:
            before[name] = after[name]
    return before


@dataclass
class MemberData:
    role: str
    sex: str
    birth_date: date
    first_name: str = ""
    last_name: str = ""
    pk: int | None = None
    delete: bool = False


def _check_exactly_one_reference(members: list[MemberData]) -> None:
    references = [m for m in members if not m.delete and m.role == PersonRole.REFERENCE]
    if len(references) != 1:
        raise ValidationError(
            "Un ménage compte exactement une personne de référence "
            f"({len(references)} indiquée{'s' if len(references) > 1 else ''}).",
            code="reference_person",
        )


def _resources_snapshot(codes) -> dict:
    return {"resources": {"label": "ressources", "value": ", ".join(sorted(codes)) or None}}


def possible_duplicates(*, organisation_id: int, members: list[MemberData]) -> list[Household]:
    """Households of the organisation whose reference person has the same names and birth date as the
    one being created (a form sent again after the browser's Back button, a household entered twice)."""
    reference = next((m for m in members if not m.delete and m.role == PersonRole.REFERENCE), None)
    if reference is None:
        return []
    candidates = Person.objects.filter(
        household__organisation_id=organisation_id, role=PersonRole.REFERENCE, birth_date=reference.birth_date
    ).select_related("household")
    wanted = (search_key(reference.first_name), search_key(reference.last_name))
    return [
        p.household for p in candidates[:50] if (search_key(p.first_name), search_key(p.last_name)) == wanted
    ]


@register_write
def save_household(
    *,
    household: Household,
    members: list[MemberData],
    resources: list[str],
    acting_user,
    expected_version: int | None = None,
) -> Household:
    """Create or update a household with its members and resource sources, journaling every change.

    `expected_version` is the version the edit form was built from: if the household was saved since,
    StaleEditError is raised and nothing is written."""
    _check_exactly_one_reference(members)
    creating = household.pk is None
    stored = None
    old_resources: set[str] = set()
    if not creating:
        stored = _lock_and_check_version(household, expected_version)
        household.version = stored.version + 1
        old_resources = set(household.resources.values_list("source", flat=True))
    household.search_text = Household.search_text_of(
        [(m.first_name.strip(), m.last_name.strip()) for m in members if not m.delete]
    )
    household.full_clean()
    household.save()

    # Members: deletions first, so the reference role can move from one person to another.
    existing = {p.pk: p for p in Person.objects.filter(household=household)} if not creating else {}
    unknown = [m for m in members if m.pk and m.pk not in existing]
    if unknown:
        raise ValidationError(MEMBERS_CHANGED, code="unknown_member")
    for data in members:
        if data.delete and data.pk in existing:
            person = existing.pop(data.pk)
            person_before = journal.snapshot(person)
            person_pk = person.pk
            person.delete()
            person.pk = person_pk
            journal.record(
                acting_user=acting_user,
                instance=person,
                action=Action.DELETE,
                before=person_before,
                household_id=household.pk,
            )
    ordered = sorted((m for m in members if not m.delete), key=lambda m: m.role == PersonRole.REFERENCE)
    for data in ordered:
        person = existing.get(data.pk) if data.pk else None
        person_before = journal.snapshot(person) if person else None
        if person is None:
            person = Person(household=household)
        person.role, person.sex, person.birth_date = data.role, data.sex, data.birth_date
        person.first_name, person.last_name = data.first_name.strip(), data.last_name.strip()
        person.full_clean(exclude=["household"])
        person.save()
        journal.record(
            acting_user=acting_user,
            instance=person,
            action=Action.UPDATE if person_before else Action.CREATE,
            before=person_before,
            household_id=household.pk,
        )

    new_resources = set(resources)
    if new_resources != old_resources:
        household.resources.exclude(source__in=new_resources).delete()
        HouseholdResource.objects.bulk_create(
            [HouseholdResource(household=household, source=s) for s in sorted(new_resources - old_resources)]
        )
    extra = journal.diff(_resources_snapshot(old_resources), _resources_snapshot(new_resources))
    journal.record(
        acting_user=acting_user,
        instance=household,
        action=Action.CREATE if creating else Action.UPDATE,
        before=_journal_before(stored, household),
        household_id=household.pk,
        extra=extra,
    )
    return household


def refresh_search_text(household_ids) -> None:
    """Recompute the search column of these households from their members' names (for writers that do
    not go through save_household, e.g. a bulk load)."""
    names: dict[int, list[tuple[str, str]]] = {pk: [] for pk in household_ids}
    members = (
        Person.objects.filter(household_id__in=list(names))
        .order_by("household_id", "pk")
        .values_list("household_id", "first_name", "last_name")
    )
    for household_id, first, last in members:
        names[household_id].append((first, last))
    Household.objects.bulk_update(
        [Household(pk=pk, search_text=Household.search_text_of(n)) for pk, n in names.items()],
        ["search_text"],
        batch_size=2000,
    )


# ---------------------------------------------------------------- dwellings


@register_write
def save_dwelling(*, dwelling: Dwelling, acting_user, expected_version: int | None = None) -> Dwelling:
    """Create or update a dwelling; `expected_version` as in save_household."""
    creating = dwelling.pk is None
    stored = None
    if not creating:
        stored = _lock_and_check_version(dwelling, expected_version)
        dwelling.version = stored.version + 1
    dwelling.full_clean()
    if not creating:
        _check_stays_within_park(dwelling)
    dwelling.save()
    journal.record(
        acting_user=acting_user,
        instance=dwelling,
        action=Action.CREATE if creating else Action.UPDATE,
        before=_journal_before(stored, dwelling),
        dwelling_id=dwelling.pk,
    )
    return dwelling


def _check_stays_within_park(dwelling: Dwelling) -> None:
    stays = dwelling.stays.all()
    if stays.filter(entry_date__lt=dwelling.entry_date).exists():
        raise ValidationError(
            {"entry_date": "Des séjours commencent avant cette date d'entrée dans le parc."}
        )
    if dwelling.exit_date:
        if stays.filter(exit_date__isnull=True).exists():
            raise ValidationError(
                {"exit_date": "Un ménage occupe encore ce logement : terminez d'abord son séjour."}
            )
        if stays.filter(exit_date__gt=dwelling.exit_date).exists():
            raise ValidationError({"exit_date": "Un séjour se termine après cette date de sortie du parc."})


# ---------------------------------------------------------------- stays


def _check_stay_fits(*, stay: Stay) -> None:
    """The rules of the exchange format: within the dwelling's park period, no overlap."""
    dwelling, household = stay.dwelling, stay.household
    if dwelling.organisation_id != household.organisation_id:
        raise ValidationError({"dwelling": "Le logement et le ménage doivent relever de la même structure."})
    if stay.entry_date < dwelling.entry_date or (
        dwelling.exit_date and stay.entry_date >= dwelling.exit_date
    ):
        raise ValidationError({"entry_date": "Ce logement n'est pas dans le parc IML à cette date."})
    if stay.exit_date and dwelling.exit_date and stay.exit_date > dwelling.exit_date:
        raise ValidationError(
            {"exit_date": "La sortie ne peut pas être postérieure à la sortie du logement du parc."}
        )
    if stay.exit_date and stay.exit_date < stay.entry_date:
        raise ValidationError({"exit_date": "La date de sortie ne peut pas précéder la date d'entrée."})
    # Overlap: [entry, exit] intervals; a stay may start the day the previous one ended.
    end = stay.exit_date or date.max
    others = (
        Stay.objects.exclude(pk=stay.pk).filter(entry_date__lt=end).exclude(exit_date__lte=stay.entry_date)
    )
    if others.filter(dwelling=dwelling).exists():
        raise ValidationError({"dwelling": DWELLING_OCCUPIED})
    if others.filter(household=household).exists():
        raise ValidationError({"entry_date": HOUSEHOLD_ELSEWHERE})


def recompute_pathways(household: Household) -> None:
    """Set pathway_start on every stay: a chain of stays joined by internal moves shares its start."""
    start = None
    previous_was_move = False
    for stay in household.stays.order_by("entry_date", "pk"):
        if start is None or not previous_was_move:
            start = stay.entry_date
        if stay.pathway_start != start:
            Stay.objects.filter(pk=stay.pk).update(pathway_start=start)
        previous_was_move = stay.destination == Destination.MUTATION_INTERNE_IML


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


def _previous_stay(household: Household, entry_date: date) -> Stay | None:
    return household.stays.filter(exit_date__lte=entry_date).order_by("-exit_date", "-pk").first()


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
    previous = _previous_stay(household, on)
    pathway_start = (
        previous.pathway_start if previous and previous.is_internal_move and previous.exit_date == on else on
    )
    stay = Stay(
        organisation_id=household.organisation_id,
        household=household,
        dwelling=dwelling,
        entry_date=on,
        pathway_start=pathway_start,
    )
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
    if not destination:
        raise ValidationError({"destination": "Indiquez la destination du ménage."})
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
    for name, value in ended.items():  # the caller's instance shows the exit too
        setattr(stay, name, value)
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
