"""Password strength: zxcvbn's estimate of how many guesses a password needs (AUTH_PASSWORD_VALIDATORS)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from zxcvbn import zxcvbn

# zxcvbn's dictionaries are English: the French and site words an attacker tries first.
FRENCH_WORDS = [
    "motdepasse",
    "azerty",
    "azertyuiop",
    "bonjour",
    "soleil",
    "doudou",
    "loulou",
    "chouchou",
    "marseille",
    "paris",
    "lyon",
    "france",
    "bienvenue",
    "secret",
    "clef",
    "intermediation",
    "locative",
    "logement",
    "dreets",
    "ddets",
    "siao",
    "fapil",
]


class ZxcvbnValidator:
    """Refuse a password that zxcvbn scores below `min_score` (0 to 4; 3: "safely unguessable")."""

    def __init__(self, min_score: int = 3):
        self.min_score = min_score

    def _user_inputs(self, user) -> list[str]:
        inputs = list(FRENCH_WORDS)
        if user is not None:
            email = getattr(user, "email", "") or ""
            for value in (email, getattr(user, "first_name", ""), getattr(user, "last_name", "")):
                if value:
                    inputs.append(value)
                    inputs.extend(part for part in re.split(r"[@.\-_+\s]+", value) if len(part) > 2)
        return inputs

    def validate(self, password: str, user=None) -> None:
        result = zxcvbn(password[:100], user_inputs=self._user_inputs(user))
        if result["score"] < self.min_score:
            raise ValidationError(
                "Ce mot de passe est trop facile à deviner (mots courants, suites comme « azerty » ou "
                "« 123456 », répétitions, année, nom ou adresse électronique). Choisissez par exemple "
                "quatre mots sans rapport entre eux, séparés par des tirets.",
                code="password_too_guessable",
            )

    def get_help_text(self) -> str:
        return (
            "Votre mot de passe doit être difficile à deviner : évitez les mots courants, les suites "
            "de clavier, les dates et votre nom."
        )
