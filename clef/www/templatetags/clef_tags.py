"""Template helpers: French number and date formats, querystring helpers."""

from datetime import date, datetime

from django import template
from django.utils import formats, timezone

register = template.Library()


@register.filter
def nombre(value, decimals: int = 0):
    """1234.5 → « 1 234,5 » (non-breaking narrow space as thousands separator)."""
    if value is None or value == "":
        return "—"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    text = f"{number:,.{int(decimals)}f}"
    return text.replace(",", "\u202f").replace(".", ",")


@register.filter
def euros(value):
    if value is None or value == "":
        return "—"
    return f"{nombre(value, 2)}\u00a0€"


@register.filter
def date_fr(value):
    if not value:
        return "—"
    if isinstance(value, datetime):  # stored in UTC: shown in Europe/Paris time
        return formats.date_format(
            timezone.localtime(value) if timezone.is_aware(value) else value, "d/m/Y à H:i"
        )
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return value


@register.filter
def mois(value):
    """A duration in months, rounded to one decimal: « 21,3 mois »."""
    if value is None:
        return "—"
    return f"{nombre(value, 1)} mois"


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs):
    """The current query string with some parameters replaced (pagination, sort)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.inclusion_tag("components/error_summary.html")
def error_summary(*forms_or_formsets):
    """Error summary for the given forms and formsets (shown only when there are errors)."""
    forms_with_errors, extra = [], []
    for item in forms_or_formsets:
        if item is None or not getattr(item, "is_bound", False):
            continue
        if hasattr(item, "forms"):  # a formset
            extra.extend(item.non_form_errors())
            forms_with_errors.extend(f for f in item.forms if f.errors)
        elif item.errors:
            forms_with_errors.append(item)
    return {
        "forms_with_errors": forms_with_errors,
        "extra_errors": extra,
        "has_errors": bool(forms_with_errors or extra),
    }


@register.simple_tag
def age(person, today):
    return person.age_on(today)


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def valeur(value, unit=""):
    """An indicator value in French: « 1 234 », « 67,0 % », « 1 234,50 € », « secret », « — » when undefined."""
    if value is None or value == "":
        return "—"
    if value == "secret":
        return "secret"
    if unit == "€" and isinstance(value, int | float):
        return euros(value)
    if isinstance(value, float):
        text = nombre(value, 1)
    elif isinstance(value, int):
        text = nombre(value)
    else:
        return value
    return f"{text}\u00a0%" if unit == "%" else text
