"""SIRET validation (14 digits, Luhn key) using python-stdnum."""

from django.core.exceptions import ValidationError
from stdnum import exceptions as stdnum_exceptions
from stdnum.fr import siret


def normalise_siret(value: str) -> str:
    return siret.compact(value or "")


def validate_siret(value: str) -> None:
    try:
        siret.validate(value)
    except stdnum_exceptions.InvalidLength as exc:
        raise ValidationError("Le SIRET doit comporter 14 chiffres.", code="siret_length") from exc
    except stdnum_exceptions.InvalidFormat as exc:
        raise ValidationError("Le SIRET ne doit contenir que des chiffres.", code="siret_format") from exc
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError(
            "Ce SIRET n'est pas valide (clé de contrôle incorrecte).", code="siret_checksum"
        ) from exc
