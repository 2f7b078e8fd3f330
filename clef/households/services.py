"""Register workflows: every write to a household, person, dwelling or stay goes through here and is
journaled in the same transaction."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from clef.dwellings.models import Dwelling
from clef.households.models import Household, HouseholdResource, Person, Stay
from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.referential.enums import Destination, PersonRole

Action = JournalEntry.Action


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


@transaction.atomic
def save_household(
    *, household: Household, members: list[MemberData], resources: list[str], acting_user
) -> Household:
    """Create or update a household with its members and resource sources, journaling every change."""
    _check_exactly_one_reference(members)
    creating = household.pk is None
    before = None
    old_resources: set[str] = set()
    if not creating:
        before = journal.snapshot(Household.objects.get(pk=household.pk))
        old_resources = set(household.resources.values_list("source", flat=True))
    household.full_clean()
    household.save()

    # Members: deletions first, so the reference role can move from one person to another.
    existing = {p.pk: p for p in household.members.all()} if not creating else {}
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
        before=before,
        household_id=household.pk,
        extra=extra,
    )
    return household


# ---------------------------------------------------------------- dwellings


@transaction.atomic
def save_dwelling(*, dwelling: Dwelling, acting_user) -> Dwelling:
    creating = dwelling.pk is None
    before = None if creating else journal.snapshot(Dwelling.objects.get(pk=dwelling.pk))
    dwelling.full_clean()
    if not creating:
        _check_stays_within_park(dwelling)
    dwelling.save()
    journal.record(
        acting_user=acting_user,
        instance=dwelling,
        action=Action.CREATE if creating else Action.UPDATE,
        before=before,
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
        raise ValidationError({"dwelling": "Ce logement est déjà occupé sur cette période."})
    if others.filter(household=household).exists():
        raise ValidationError({"entry_date": "Ce ménage occupe déjà un autre logement sur cette période."})


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


def _previous_stay(household: Household, entry_date: date) -> Stay | None:
    return household.stays.filter(exit_date__lte=entry_date).order_by("-exit_date", "-pk").first()


@transaction.atomic
def enter_dwelling(*, household: Household, dwelling: Dwelling, on: date, acting_user) -> Stay:
    """A household enters a dwelling: the dwelling must be in the park and free that day."""
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


@transaction.atomic
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
    """End a stay with its date, destination and loss flags."""
    if stay.exit_date is not None:
        raise ValidationError("Ce séjour est déjà terminé.", code="already_ended")
    if not destination:
        raise ValidationError({"destination": "Indiquez la destination du ménage."})
    before = journal.snapshot(stay)
    stay.exit_date, stay.destination = on, destination
    stay.loss_unpaid_rent, stay.loss_damage, stay.exit_debt = loss_unpaid_rent, loss_damage, exit_debt
    _check_stay_fits(stay=stay)
    stay.full_clean()
    stay.save()
    recompute_pathways(stay.household)
    journal.record(
        acting_user=acting_user,
        instance=stay,
        action=Action.UPDATE,
        before=before,
        household_id=stay.household_id,
        dwelling_id=stay.dwelling_id,
    )
    return stay


@transaction.atomic
def move_internally(*, stay: Stay, to_dwelling: Dwelling, on: date, acting_user) -> Stay:
    """Internal move: ends the stay with mutation_interne_iml and opens the next one, in one step."""
    if to_dwelling.pk == stay.dwelling_id:
        raise ValidationError({"dwelling": "Choisissez un autre logement que le logement actuel."})
    end_stay(
        stay=stay,
        on=on,
        destination=Destination.MUTATION_INTERNE_IML,
        loss_unpaid_rent=False,
        loss_damage=False,
        acting_user=acting_user,
    )
    return enter_dwelling(household=stay.household, dwelling=to_dwelling, on=on, acting_user=acting_user)
