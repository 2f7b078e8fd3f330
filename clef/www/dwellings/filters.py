"""Filters of the dwelling list."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from clef.dwellings.enums import Conventionnement, ManagementMode, Parc, Typology
from clef.dwellings.models import Dwelling
from clef.stays.models import Stay
from clef.utils import bounds
from clef.utils.text import search_key
from clef.www.filtering import FilterForm, SearchFilter, YearFilter, select_filter


class DwellingFilter(django_filters.FilterSet):
    # Filters used by the links of the bilan (drill-down): shown only when they are set.
    drilldown = {"parc_au", "entree", "sortie"}

    q = SearchFilter(method="search", label="Adresse ou commune")
    management_mode = select_filter(ManagementMode.choices, "Mode de gestion")
    parc = select_filter(Parc.choices, "Parc")
    typology = select_filter(Typology.choices, "Typologie")
    conventionnement = select_filter(Conventionnement.choices, "Conventionnement")
    occupation = django_filters.ChoiceFilter(
        choices=[("vacant", "Vacant"), ("occupe", "Occupé")],
        method="filter_occupation",
        label="Occupation",
        empty_label="Tous",
    )
    park = django_filters.ChoiceFilter(
        choices=[("in", "Dans le parc"), ("out", "Sorti du parc"), ("tous", "Tous")],
        method="filter_park",
        label="Présence dans le parc",
        empty_label=None,
    )
    parc_au = django_filters.DateFilter(
        method="filter_park_on",
        label="Dans le parc le",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[bounds.DATE],
    )
    entree = YearFilter(field_name="entry_date", lookup_expr="year", label="Entrés dans le parc en")
    sortie = YearFilter(field_name="exit_date", lookup_expr="year", label="Sortis du parc en")
    sort = django_filters.OrderingFilter(
        label="Trier par",
        empty_label="Commune",
        fields=(
            ("commune__name", "commune"),
            ("entry_date", "entry_date"),
            ("places", "places"),
            ("typology", "typology"),
        ),
        field_labels={
            "commune__name": "Commune",
            "entry_date": "Date d'entrée",
            "places": "Places",
            "typology": "Typologie",
        },
    )

    class Meta:
        model = Dwelling
        fields: list[str] = []
        form = FilterForm

    def search(self, queryset, name, value):
        key = search_key(value)
        return queryset.filter(
            Q(address__icontains=value)
            | Q(commune__search_name__contains=key)
            | Q(commune__postcodes__contains=value)
            | Q(commune__code=value)
        )

    def filter_occupation(self, queryset, name, value):
        today = timezone.localdate()
        occupied = Exists(Stay.objects.filter(dwelling=OuterRef("pk")).occupying_on(today))
        queryset = queryset.in_park_on(today)
        return queryset.filter(occupied) if value == "occupe" else queryset.exclude(occupied)

    def filter_park_on(self, queryset, name, value):
        return queryset.in_park_on(value)

    @classmethod
    def with_defaults(cls, data):
        """The list shows the dwellings in the park unless asked otherwise (or reached from a bilan
        figure, whose own filter says which dwellings)."""
        data = data.copy()
        if "park" not in data and not cls.drilldown & set(data):
            data["park"] = "in"
        return data

    def filter_park(self, queryset, name, value):
        today = timezone.localdate()
        if value == "tous":
            return queryset
        return queryset.in_park_on(today) if value == "in" else queryset.out_of_park_on(today)
