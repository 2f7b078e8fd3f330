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
EXIT_BEFORE_ENTRY = "La date de sortie ne peut pas précéder l'entrée dans le logement (le {entry:%d/%m/%Y})."
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


# The criteria that state the dwelling was handed back without a loss (clef.exits.enums.CRITERIA).
NO_LOSS_CRITERIA = {
    Perspective.GESTIONNAIRE: "sans_sinistre",
    Perspective.STRUCTURE: "sans_sinistre",
    Perspective.FINANCEUR: "sans_sinistralite",
}
LOSS_RECORDED = (
    "Le critère « {criterion} » ne peut pas être coché : la sortie a enregistré {losses}. Décochez-le, ou "
    "corrigez la sortie si elle est inexacte."
)


def check_no_loss_criteria(
    *, perspective: str, criteria: list[str], loss_unpaid_rent: bool, loss_damage: bool
) -> None:
    """A criterion that states no loss (« absence de sinistre … et d'impayés », « pas de sinistralité ») is
    not ticked when the stay's exit recorded an unpaid rent or a damage."""
    code = NO_LOSS_CRITERIA.get(Perspective(perspective))
    losses = [
        name for flag, name in ((loss_unpaid_rent, "un impayé"), (loss_damage, "une dégradation")) if flag
    ]
    if code is None or code not in criteria or not losses:
        return
    label = dict(CRITERIA[Perspective(perspective)])[code]
    raise ValidationError(
        {"criteria": LOSS_RECORDED.format(criterion=label, losses=" et ".join(losses))}, code="loss_recorded"
    )


def check_perspective(
    *,
    perspective: str,
    criteria: list[str],
    judgement: str,
    comment: str,
    loss_unpaid_rent: bool = False,
    loss_damage: bool = False,
) -> None:
    """A filled perspective has known criteria, none contradicting the losses the exit recorded, and an
    overall judgement."""
    check_criteria(perspective, criteria)
    check_no_loss_criteria(
        perspective=perspective, criteria=criteria, loss_unpaid_rent=loss_unpaid_rent, loss_damage=loss_damage
    )
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


def check_exit_after_entry(*, entry_date: date, exit_date: date) -> None:
    """The guided exit is dated on or after the entry (its checklist takes the exit date)."""
    if exit_date < entry_date:
        raise ValidationError(
            {"exit_date": EXIT_BEFORE_ENTRY.format(entry=entry_date)}, code="exit_before_entry"
        )


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
