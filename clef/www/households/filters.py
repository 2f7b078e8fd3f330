"""Filters of the household list."""

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from clef.households.enums import Composition, PriorSituation
from clef.households.models import Household
from clef.stays.enums import Destination
from clef.stays.models import Stay
from clef.www.filtering import FilterForm, SearchFilter, YearFilter, search_words, select_filter


class HouseholdFilter(django_filters.FilterSet):
    drilldown = {"entree", "sortie", "destination", "present_en"}

    q = SearchFilter(method="search", label="Nom ou prénom")
    composition = select_filter(Composition.choices, "Composition")
    prior_situation = select_filter(PriorSituation.choices, "Situation avant l'entrée")
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

    entree = YearFilter(method="filter_entry_year", label="Entrés dans le dispositif en")
    sortie = YearFilter(method="filter_exit_year", label="Sortis du dispositif en")
    destination = django_filters.ChoiceFilter(
        choices=Destination.choices,
        method="filter_destination",
        label="Destination à la sortie",
        empty_label="Toutes",
    )
    present_en = YearFilter(method="filter_present_year", label="Présents en")

    class Meta:
        model = Household
        fields: list[str] = []
        form = FilterForm

    def search(self, queryset, name, value):
        """Each word (at most SEARCH_MAX_WORDS) is one LIKE on the household's own search column: no
        join, whatever the query (on PostgreSQL a trigram index serves it)."""
        for word in search_words(value):
            queryset = queryset.filter(search_text__contains=word)
        return queryset

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
        if self.form.cleaned_data.get("sortie"):
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
