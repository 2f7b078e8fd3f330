"""List filters (django-filter). Each filter users apply has a database index behind it."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from clef.dwellings.models import Dwelling
from clef.households.models import Household, Stay
from clef.referential.enums import (
    Composition,
    Conventionnement,
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

    def filter_park(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.in_park_on(today) if value == "in" else queryset.out_of_park_on(today)


class HouseholdFilter(django_filters.FilterSet):
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

    def filter_presence(self, queryset, name, value):
        today = timezone.localdate()
        present = Exists(Stay.objects.filter(household=OuterRef("pk")).occupying_on(today))
        return queryset.filter(present) if value == "present" else queryset.exclude(present)
