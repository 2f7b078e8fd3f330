"""Pieces of the list filters (django-filter) of every area: search box, year of a drill-down link,
selects. Each filter users apply has a database index behind it."""

import django_filters
from django import forms

from clef.utils import bounds
from clef.utils.bounds import CONTROL_CHARACTERS
from clef.utils.text import search_key
from clef.www.forms import DsfrFormMixin

SEARCH_MAX_CHARACTERS = 100
SEARCH_MAX_WORDS = 5


class FilterForm(DsfrFormMixin, forms.Form):
    pass


class SearchField(forms.CharField):
    """Free text of a search box: control characters removed, cut to SEARCH_MAX_CHARACTERS (a longer
    query is not refused: its beginning is searched)."""

    def to_python(self, value):
        text = CONTROL_CHARACTERS.sub(" ", super().to_python(value) or "")
        return " ".join(text.split())[:SEARCH_MAX_CHARACTERS].strip()


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class YearField(forms.IntegerField):
    """A year of a drill-down link: a whole number within bounds.YEAR, else a French error and the
    filter is ignored (the page still answers)."""

    default_error_messages = {"invalid": "Saisissez une année, par exemple 2024."}

    def __init__(self, **kwargs):
        kwargs.setdefault("validators", [bounds.YEAR])
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and len(value.strip()) > 12:  # no int() of a 100 000-digit text
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class YearFilter(django_filters.NumberFilter):
    field_class = YearField


def search_words(value: str) -> list[str]:
    """The words of a name search, normalised like Household.search_text; at most SEARCH_MAX_WORDS."""
    return search_key(value).split()[:SEARCH_MAX_WORDS]


def select_filter(choices, label):
    return django_filters.ChoiceFilter(choices=choices, label=label, empty_label="Tous")
