"""The rules of a dwelling, written once: the form (through Dwelling.clean), the service (full_clean) and
the importer call these functions. Each raises a ValidationError whose keys are the model's field names
(the importer maps them to its columns)."""

from datetime import date

from django.core.exceptions import ValidationError

from clef.dwellings.enums import Conventionnement, Parc

NOT_CONVENTIONED = ("", None, Conventionnement.AUCUN)


def check_dwelling(
    *,
    entry_date: date | None,
    exit_date: date | None,
    exit_reason: str | None,
    parc: str | None,
    conventionnement: str | None,
    rent_level: str | None,
) -> None:
    """Coherence of a dwelling's own fields (its value bounds are on the model fields: clef.utils.bounds)."""
    errors: dict[str, str] = {}
    if exit_date and entry_date and exit_date < entry_date:
        errors["exit_date"] = "La date de sortie du parc ne peut pas précéder la date d'entrée."
    if exit_date and not exit_reason:
        errors["exit_reason"] = "Indiquez le motif de sortie du parc."
    if exit_reason and not exit_date:
        errors["exit_date"] = "Indiquez la date de sortie du parc correspondant au motif."
    if parc == Parc.PUBLIC and conventionnement not in NOT_CONVENTIONED:
        errors["conventionnement"] = "Le conventionnement Anah ne concerne que le parc privé."
    if rent_level and conventionnement in NOT_CONVENTIONED:
        errors["rent_level"] = "Le niveau de loyer ne s'indique que pour un logement conventionné."
    if errors:
        raise ValidationError(errors)


def check_stays_within_park(dwelling) -> None:
    """A dwelling's park period (its entry and exit dates) must hold every stay it has: nobody lives in a
    dwelling before it enters the park or after it leaves it, and it cannot leave while occupied."""
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
