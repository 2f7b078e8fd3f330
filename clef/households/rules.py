"""The rules of a household and its members, written once: the form, the service and the importer call
these functions. Each check raises a ValidationError (keys: the model's field names, or none for the
household as a whole); `places_warning` only warns."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError

from clef.households.enums import Composition, PersonRole


def check_reference_person(roles: Iterable[str]) -> None:
    """A household has exactly one reference person."""
    count = sum(1 for role in roles if role == PersonRole.REFERENCE)
    if count != 1:
        raise ValidationError(
            "Un ménage compte exactement une personne de référence "
            f"({count} indiquée{'s' if count > 1 else ''}).",
            code="reference_person",
        )


def composition_problem(composition: str | None, roles: list[str]) -> str | None:
    """What is wrong between the household's composition and its members' roles, or None.

    An isolated person lives alone; a couple has a spouse (conjoint); a single-parent family has no spouse
    and at least one child; "with children" / "without children" as they say. "Autre" accepts any members."""
    spouses = roles.count(PersonRole.CONJOINT)
    children = roles.count(PersonRole.ENFANT)
    if composition == Composition.PERSONNE_ISOLEE and len(roles) != 1:
        return f"Une personne isolée vit seule : ce ménage compte {len(roles)} personnes."
    if composition in (Composition.COUPLE_SANS_ENFANT, Composition.COUPLE_AVEC_ENFANTS) and spouses != 1:
        return "Un couple compte la personne de référence et un(e) conjoint(e) : indiquez le rôle de chacun."
    if composition == Composition.COUPLE_SANS_ENFANT and children:
        return "Un couple sans enfant ne compte pas d'enfant parmi ses membres."
    if composition in (Composition.COUPLE_AVEC_ENFANTS, Composition.FAMILLE_MONOPARENTALE) and not children:
        return "Cette composition suppose au moins un enfant parmi les membres."
    if composition == Composition.FAMILLE_MONOPARENTALE and spouses:
        return "Une famille monoparentale compte un seul adulte responsable : pas de conjoint(e)."
    return None


def check_composition(composition: str | None, roles: Iterable[str]) -> None:
    problem = composition_problem(composition, list(roles))
    if problem:
        raise ValidationError({"composition": problem}, code="composition")


def places_warning(*, places: int | None, household_size: int) -> str | None:
    """More people than places: allowed (a baby born during the stay…), but worth a look."""
    if places and household_size > places:
        return (
            f"Ce ménage compte {household_size} personnes pour un logement de {places} place"
            f"{'s' if places > 1 else ''} : vérifiez que le logement convient."
        )
    return None
