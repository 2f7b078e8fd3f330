"""Rules of the IML meeting: one function each, called by the model validators, the forms and services."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from clef.utils.bounds import CONTROL_CHARACTERS

DECISION_MAX = 1000
# How far from today a meeting may be dated, in days (setting CLEF_MEETING_DATE_WINDOW_DAYS): a year before
# (a meeting recorded late) or after (one planned ahead). 01/01/1900 or 01/01/2099 are typing errors.
MEETING_DATE_WINDOW_DAYS = 366


def _today() -> date:
    return timezone.localdate()


def meeting_date_window() -> tuple[date, date]:
    """The first and last day a new meeting may be dated."""
    days = getattr(settings, "CLEF_MEETING_DATE_WINDOW_DAYS", MEETING_DATE_WINDOW_DAYS)
    today = _today()
    return today - timedelta(days=days), today + timedelta(days=days)


def check_meeting_date(held_on: date) -> None:
    """A new meeting is dated within a year of today (before or after), never in another century."""
    first, last = meeting_date_window()
    if not first <= held_on <= last:
        raise ValidationError(
            {
                "held_on": f"La date de la réunion doit être comprise entre le {first:%d/%m/%Y} et le "
                f"{last:%d/%m/%Y} (un an avant ou après aujourd'hui)."
            },
            code="meeting_date_out_of_window",
        )


def check_multiline_text(value: str) -> None:
    """A decision is free text on several lines: line feeds and tabs are kept, any other control
    character (pasted from another program, invisible) is refused with a French message."""
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            "Ce texte contient un caractère de contrôle invisible : retirez-le.", code="control_character"
        )


def every_months(months: int) -> str:
    """A cadence in words, the one way Clef writes it: « tous les mois », « tous les 6 mois »."""
    return "tous les mois" if months == 1 else f"tous les {months} mois"
