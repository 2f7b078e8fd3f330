"""The rules of a stay and of the pathway, written once: the forms, the services and the importer call
these functions. Checks raise a ValidationError keyed by the model's field names.

Periods are [entry, exit] days where a household may enter a dwelling the day the previous one left it:
two stays overlap when one starts before the other ends (an open stay never ends)."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q

from clef.stays.enums import Destination

DWELLING_OCCUPIED = "Ce logement est déjà occupé sur cette période."
HOUSEHOLD_ELSEWHERE = "Ce ménage occupe déjà un autre logement sur cette période."


def check_same_structure(*, household_organisation_id: int, dwelling_organisation_id: int) -> None:
    """A household lives in a dwelling of the operator that supports it."""
    if household_organisation_id != dwelling_organisation_id:
        raise ValidationError({"dwelling": "Le logement et le ménage doivent relever de la même structure."})


def check_stay_dates(*, entry_date: date | None, exit_date: date | None, destination: str | None) -> None:
    """An exit comes after the entry and has a destination; a destination only with an exit. (That
    neither is in the future is a bound of the fields: clef.utils.bounds.)"""
    errors: dict[str, str] = {}
    if entry_date and exit_date and exit_date < entry_date:
        errors["exit_date"] = "La date de sortie ne peut pas précéder la date d'entrée."
    if exit_date and not destination:
        errors["destination"] = "Indiquez la destination du ménage."
    if destination and not exit_date:
        errors["destination"] = "Une destination ne s'indique qu'avec une date de sortie."
    if errors:
        raise ValidationError(errors)


def check_stay_in_park(
    *, entry_date: date, exit_date: date | None, park_entry: date | None, park_exit: date | None
) -> None:
    """A stay lies within the dwelling's period in the park (it may end the day the dwelling leaves)."""
    if park_entry and entry_date < park_entry:
        raise ValidationError(
            {"entry_date": f"Ce logement n'entre dans le parc IML que le {park_entry:%d/%m/%Y}."}
        )
    if park_exit and entry_date >= park_exit:
        raise ValidationError({"entry_date": "Ce logement n'est plus dans le parc IML à cette date."})
    if park_exit and (exit_date is None or exit_date > park_exit):
        raise ValidationError(
            {
                "exit_date": f"Le logement quitte le parc le {park_exit:%d/%m/%Y} : le séjour doit être "
                "terminé au plus tard ce jour-là."
            }
        )


def overlaps(entry_a: date, exit_a: date | None, entry_b: date, exit_b: date | None) -> bool:
    """Two periods overlap (the in-memory form of `overlapping_q`)."""
    return entry_a < (exit_b or date.max) and entry_b < (exit_a or date.max)


def overlapping_q(entry_date: date, exit_date: date | None) -> Q:
    """Stays overlapping [entry_date, exit_date] (the database form of `overlaps`)."""
    return Q(entry_date__lt=exit_date or date.max) & (Q(exit_date__isnull=True) | Q(exit_date__gt=entry_date))


def pathway_starts(stays: Iterable[tuple[date, str | None]]) -> list[date]:
    """The pathway (parcours) start of each stay of a household, given (entry_date, destination) in entry
    order: a stay that follows an internal move continues the pathway of the stay it follows; any other
    stay starts a new one."""
    starts: list[date] = []
    previous_was_move = False
    for entry_date, destination in stays:
        starts.append(starts[-1] if starts and previous_was_move else entry_date)
        previous_was_move = destination == Destination.MUTATION_INTERNE_IML
    return starts
