"""List filters (django-filter). Each filter users apply has a database index behind it."""

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from clef.dwellings.enums import Conventionnement, ManagementMode, Parc, Typology
from clef.dwellings.models import Dwelling
from clef.households.enums import Composition, PriorSituation
from clef.households.models import Household
from clef.stays.enums import Destination
from clef.stays.models import Stay
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


def _select(choices, label):
    return django_filters.ChoiceFilter(choices=choices, label=label, empty_label="Tous")


class DwellingFilter(django_filters.FilterSet):
    # Filters used by the links of the bilan (drill-down): shown only when they are set.
    drilldown = {"parc_au", "entree", "sortie"}

    q = SearchFilter(method="search", label="Adresse ou commune")
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


class HouseholdFilter(django_filters.FilterSet):
    drilldown = {"entree", "sortie", "destination", "present_en"}

    q = SearchFilter(method="search", label="Nom ou prénom")
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
