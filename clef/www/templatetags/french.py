"""French wording filters: `{{ household|de_ }}` gives « d'Adama NGUYEN » or « de Paul MARTIN » (the rule is
clef.rental.rules.de)."""

from django import template

from clef.rental.rules import de

register = template.Library()


@register.filter(name="de_")
def de_(value) -> str:
    """« de » elided before a vowel or an h: « Compte d'Adama NGUYEN », « Loyer d'avril 2026 »."""
    return de(value)
