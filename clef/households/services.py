"""Household workflows: every write to a household, its members and resources goes through here and is
journaled in the same transaction (see clef.utils.writes for the transaction, concurrency and
optimistic-locking rules shared by every register write)."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from clef.households import rules
from clef.households.enums import PersonRole
from clef.households.models import Household, HouseholdResource, Person
from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.utils.text import search_key
from clef.utils.writes import lock_and_check_version, register_constraint_errors, register_write

Action = JournalEntry.Action

MEMBERS_CHANGED = (
    "Les membres de ce ménage ont été modifiés entre-temps par un autre utilisateur : "
    "rien n'a été enregistré. Rechargez la page pour repartir de la version à jour."
)

# Constraints a user can trip by racing another one (SQLite names a unique index by its columns).
register_constraint_errors(
    {
        "person_one_reference_per_household": MEMBERS_CHANGED,
        "households_person.household_id": MEMBERS_CHANGED,
    }
)


@dataclass
class MemberData:
    role: str
    sex: str
    birth_date: date
    first_name: str = ""
    last_name: str = ""
    pk: int | None = None
    delete: bool = False


def _resources_snapshot(codes) -> dict:
    """The resources as one journal line (labels, not codes): « RSA, Prestations familiales »."""
    source = HouseholdResource._meta.get_field("source")
    return journal.choices_snapshot("resources", "ressources", source, codes)


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


def _write_members(household: Household, members: list[MemberData], *, creating: bool, acting_user) -> None:
    """Members: deletions first, so the reference role can move from one person to another."""
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


def _write_resources(household: Household, old: set[str], new: set[str]) -> dict:
    """Replace the household's resource sources; their change, as the journal shows it."""
    if new != old:
        household.resources.exclude(source__in=new).delete()
        HouseholdResource.objects.bulk_create(
            [HouseholdResource(household=household, source=s) for s in sorted(new - old)]
        )
    return journal.diff(_resources_snapshot(old), _resources_snapshot(new))


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
    live = [m.role for m in members if not m.delete]
    rules.check_reference_person(live)
    rules.check_composition(household.composition, live)
    creating = household.pk is None
    stored = None
    old_resources: set[str] = set()
    if not creating:
        stored = lock_and_check_version(household, expected_version)
        household.version = stored.version + 1
        old_resources = set(household.resources.values_list("source", flat=True))
    household.search_text = Household.search_text_of(
        [(m.first_name.strip(), m.last_name.strip()) for m in members if not m.delete]
    )
    household.full_clean()
    household.save()

    _write_members(household, members, creating=creating, acting_user=acting_user)
    extra = _write_resources(household, old_resources, set(resources))
    journal.record(
        acting_user=acting_user,
        instance=household,
        action=Action.CREATE if creating else Action.UPDATE,
        before=journal.snapshot(stored) if stored else None,
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


@register_write
def set_social_housing_demand(*, household: Household, active: bool, number: str, acting_user) -> Household:
    """The household's v1 fields « demande de logement social active » and its number (read by the
    exchange format and the bilan), kept consistent with its demand in clef.occupancy; journaled. The
    version moves on, so a household form opened before refuses to overwrite them."""
    stored = lock_and_check_version(household, None)
    before = journal.snapshot(stored)
    stored.social_housing_demand = active
    stored.social_housing_demand_number = number if active else ""
    stored.version += 1
    stored.full_clean()
    stored.save(
        update_fields=["social_housing_demand", "social_housing_demand_number", "version", "updated_at"]
    )
    journal.record(
        acting_user=acting_user, instance=stored, action=Action.UPDATE, before=before, household_id=stored.pk
    )
    household.social_housing_demand, household.social_housing_demand_number = (
        active,
        stored.social_housing_demand_number,
    )
    household.version = stored.version
    return stored
