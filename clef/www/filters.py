"""List filters (django-filter). Each filter users apply has a database index behind it."""

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from clef.dwellings.models import Dwelling
from clef.households.models import Household, Stay
from clef.referential.enums import (
    Composition,
    Conventionnement,
    Destination,
    ManagementMode,
    Parc,
    PriorSituation,
    Typology,
)
from clef.utils.text import search_key
from clef.www.forms import DsfrFormMixin


class FilterForm(DsfrFormMixin, forms.Form):
    pass


def _select(choices, label):
    return django_filters.ChoiceFilter(choices=choices, label=label, empty_label="Tous")


class DwellingFilter(django_filters.FilterSet):
    # Filters used by the links of the bilan (drill-down): shown only when they are set.
    drilldown = {"parc_au", "entree", "sortie"}

    q = django_filters.CharFilter(method="search", label="Adresse ou commune")
    management_mode = _select(ManagementMode.choices, "Mode de gestion")
    parc = _select(Parc.choices, "Parc")
    typology = _select(Typology.choices, "Typologie")
    conventionnement = _select(Conventionnement.choices, "Conventionnement")
    occupation = django_filters.ChoiceFilter(
        choices=[("vacant", "Vacant"), ("occupe", "Occupé")],
        method="filter_occupation",
        label="Occupation",
        empty_label="Tous",
    )
    park = django_filters.ChoiceFilter(
        choices=[("in", "Dans le parc"), ("out", "Sorti du parc")],
        method="filter_park",
        label="Présence dans le parc",
        empty_label="Tous",
    )
    parc_au = django_filters.DateFilter(
        method="filter_park_on", label="Dans le parc le", widget=forms.DateInput(attrs={"type": "date"})
    )
    entree = django_filters.NumberFilter(
        field_name="entry_date", lookup_expr="year", label="Entrés dans le parc en"
    )
    sortie = django_filters.NumberFilter(
        field_name="exit_date", lookup_expr="year", label="Sortis du parc en"
    )
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

    def filter_park(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.in_park_on(today) if value == "in" else queryset.out_of_park_on(today)


class HouseholdFilter(django_filters.FilterSet):
    drilldown = {"entree", "sortie", "destination", "present_en"}

    q = django_filters.CharFilter(method="search", label="Nom ou prénom")
    composition = _select(Composition.choices, "Composition")
    prior_situation = _select(PriorSituation.choices, "Situation avant l'entrée")
    presence = django_filters.ChoiceFilter(
        choices=[("present", "Logé actuellement"), ("sorti", "Sorti ou pas encore entré")],
        method="filter_presence",
        label="Présence",
        empty_label="Tous",
    )
    dalo = django_filters.BooleanFilter(
        label="Prioritaire DALO",
        widget=forms.Select(choices=[("", "Tous"), ("true", "Oui"), ("false", "Non")]),
    )
    siao_oriented = django_filters.BooleanFilter(
        label="Orienté par le SIAO",
        widget=forms.Select(choices=[("", "Tous"), ("true", "Oui"), ("false", "Non")]),
    )

    entree = django_filters.NumberFilter(method="filter_entry_year", label="Entrés dans le dispositif en")
    sortie = django_filters.NumberFilter(method="filter_exit_year", label="Sortis du dispositif en")
    destination = django_filters.ChoiceFilter(
        choices=Destination.choices,
        method="filter_destination",
        label="Destination à la sortie",
        empty_label="Toutes",
    )
    present_en = django_filters.NumberFilter(method="filter_present_year", label="Présents en")

    class Meta:
        model = Household
        fields: list[str] = []
        form = FilterForm

    def search(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(members__last_name__icontains=word) | Q(members__first_name__icontains=word)
            )
        return queryset.distinct()

    def filter_entry_year(self, queryset, name, value):
        entries = Stay.objects.filter(
            household=OuterRef("pk"), pathway_start__year=value, entry_date=F("pathway_start")
        )
        return queryset.filter(Exists(entries))

    def filter_exit_year(self, queryset, name, value):
        exits = Stay.objects.filter(household=OuterRef("pk")).exits_in(value)
        destination = self.data.get("destination")
        if destination in Destination.values:
            exits = exits.filter(destination=destination)
        return queryset.filter(Exists(exits))

    def filter_destination(self, queryset, name, value):
        if self.data.get("sortie"):
            return queryset  # combined with the exit year above
        return queryset.filter(Exists(Stay.objects.filter(household=OuterRef("pk"), destination=value)))

    def filter_present_year(self, queryset, name, value):
        present = Stay.objects.filter(household=OuterRef("pk"), entry_date__year__lte=value).filter(
            Q(exit_date__isnull=True) | Q(exit_date__year__gte=value)
        )
        return queryset.filter(Exists(present))

    def filter_presence(self, queryset, name, value):
        today = timezone.localdate()
        present = Exists(Stay.objects.filter(household=OuterRef("pk")).occupying_on(today))
        return queryset.filter(present) if value == "present" else queryset.exclude(present)
