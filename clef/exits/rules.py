"""Rules of the guided exit and of the contact after exit: one function each, called by the forms (through
the services) and the services, with the same French words."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from clef.exits.enums import CRITERIA, HouseholdChoice, Judgement, Perspective, RelayKind
from clef.stays.enums import EXIT_DESTINATIONS

STAY_NOT_ENDED = "Le bilan de sortie se fait sur un séjour terminé par une sortie du dispositif."
STAY_ENDED = "Ce séjour est terminé : le point « prêt à sortir » se fait avant la sortie."
CHECK_BEFORE_ENTRY = "La date du point ne peut pas précéder l'entrée dans le logement."
NOT_AN_EXIT = "Choisissez où va le ménage : un changement de logement interne n'est pas une sortie."
CHOICE_REQUIRED = "Indiquez si le nouveau logement est choisi ou subi par le ménage (ou s'il ne sait pas)."
RELAY_KIND_REQUIRED = "Indiquez le relais après la sortie, ou « Aucun relais »."
RELAY_NAME_REQUIRED = "Nommez le relais ou choisissez-le dans l'annuaire des relais."
NO_RELAY_NAMED = "« Aucun relais » : ne nommez pas de relais."
JUDGEMENT_REQUIRED = "Donnez l'appréciation d'ensemble de ce point de vue (positive, mitigée ou négative)."
STILL_HOUSED = (
    "Ce ménage est logé dans le dispositif ce jour-là : la sollicitation après la sortie concerne un ménage "
    "dont le parcours a pris fin."
)
NEVER_EXITED = "Ce ménage n'est encore jamais sorti du dispositif à cette date."


def criteria_codes(perspective: str) -> list[str]:
    return [code for code, _label in CRITERIA[Perspective(perspective)]]


def check_criteria(perspective: str, criteria: list[str]) -> None:
    """Every criterion code belongs to the perspective's list (clef.exits.enums.CRITERIA)."""
    known = set(criteria_codes(perspective))
    unknown = [code for code in criteria if code not in known]
    if unknown or len(set(criteria)) != len(criteria):
        raise ValidationError(
            {
                "criteria": f"Critère inconnu pour ce point de vue : {', '.join(map(str, unknown)) or 'doublon'}."
            }
        )


def is_filled(*, criteria: list[str], judgement: str, comment: str) -> bool:
    """A perspective is filled as soon as a criterion, a judgement or a comment is given."""
    return bool(criteria or judgement or comment.strip())


def check_perspective(*, perspective: str, criteria: list[str], judgement: str, comment: str) -> None:
    """A filled perspective has known criteria and an overall judgement."""
    check_criteria(perspective, criteria)
    if judgement not in Judgement.values:
        raise ValidationError({"judgement": JUDGEMENT_REQUIRED})


def check_destination(destination: str) -> None:
    if destination not in EXIT_DESTINATIONS:
        raise ValidationError({"destination": NOT_AN_EXIT})


def check_assessable(*, exit_date: date | None, destination: str) -> None:
    """An assessment only on a stay ended by a real exit (the guided exit ends the stay first, in the same
    transaction)."""
    if exit_date is None or destination not in EXIT_DESTINATIONS:
        raise ValidationError(STAY_NOT_ENDED)


def check_readiness(*, stay_exit_date: date | None, entry_date: date, checked_on: date) -> None:
    """The « prêt à sortir » point is made while the household is there, not before its entry."""
    if stay_exit_date is not None:
        raise ValidationError(STAY_ENDED)
    if checked_on < entry_date:
        raise ValidationError({"checked_on": CHECK_BEFORE_ENTRY})


def check_household_choice(choice: str) -> None:
    if choice not in HouseholdChoice.values:
        raise ValidationError({"household_choice": CHOICE_REQUIRED})


def check_relay(*, kind: str, name: str, resource_id: int | None) -> None:
    """A relay is named (or chosen in the relay directory), or it is « aucun » and nothing is named."""
    if kind not in RelayKind.values:
        raise ValidationError({"relay_kind": RELAY_KIND_REQUIRED})
    named = bool(name.strip()) or resource_id is not None
    if kind == RelayKind.AUCUN and named:
        raise ValidationError({"relay_name": NO_RELAY_NAMED})
    if kind != RelayKind.AUCUN and not named:
        raise ValidationError({"relay_name": RELAY_NAME_REQUIRED})


def check_pathway_ended(*, housed_that_day: bool, exited_before: bool) -> None:
    """A solicitation after exit: the household's pathway has ended (a real exit on or before that day)
    and no stay holds it in a dwelling that day."""
    if housed_that_day:
        raise ValidationError({"solicited_on": STILL_HOUSED})
    if not exited_before:
        raise ValidationError({"solicited_on": NEVER_EXITED})
