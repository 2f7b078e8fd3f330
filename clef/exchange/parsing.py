"""Typed values from exchange-format cells, with French messages for what does not parse."""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from stdnum import exceptions as stdnum_exceptions
from stdnum.fr import siret as stdnum_siret

TRUE, FALSE = {"oui", "true", "1", "vrai", "o"}, {"non", "false", "0", "faux", "n"}
DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
DATE_FR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


class CellError(ValueError):
    pass


def parse_date(text: str) -> date:
    match = DATE_ISO.match(text)
    try:
        if match:
            return date(int(match[1]), int(match[2]), int(match[3]))
        match = DATE_FR.match(text)
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError as exc:
        raise CellError("date inexistante.") from exc
    raise CellError("date attendue au format AAAA-MM-JJ (ou JJ/MM/AAAA).")


def parse_birth_date(text: str) -> date:
    if re.fullmatch(r"\d{4}", text):
        return date(int(text), 7, 1)  # a year alone is read as 1 July
    return parse_date(text)


def parse_bool(text: str) -> bool:
    lowered = text.lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise CellError("valeur attendue : oui ou non.")


def parse_int(text: str) -> int:
    cleaned = text.replace(" ", "").replace("\u202f", "").replace("\u00a0", "")
    if not re.fullmatch(r"-?\d+", cleaned):
        raise CellError("nombre entier attendu.")
    return int(cleaned)


def parse_decimal(text: str) -> Decimal:
    cleaned = text.replace(" ", "").replace("\u202f", "").replace("\u00a0", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise CellError("nombre attendu (par exemple 41,5).") from exc
    if not value.is_finite():
        raise CellError("nombre attendu (par exemple 41,5).")
    return value


def parse_siret(text: str) -> str:
    compact = stdnum_siret.compact(text)
    try:
        stdnum_siret.validate(compact)
    except stdnum_exceptions.InvalidLength as exc:
        raise CellError("le SIRET doit comporter 14 chiffres.") from exc
    except stdnum_exceptions.ValidationError as exc:
        raise CellError("SIRET invalide (clé de contrôle incorrecte).") from exc
    return compact


def parse_code(text: str, allowed: tuple[str, ...]) -> str:
    if text in allowed:
        return text
    raise CellError(f"code inconnu ; valeurs permises : {', '.join(allowed)}.")


def parse_codes(text: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    values = tuple(sorted({v.strip() for v in text.split("|") if v.strip()}))
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise CellError(
            f"code(s) inconnu(s) : {', '.join(unknown)} ; valeurs permises : {', '.join(allowed)}."
        )
    return values
