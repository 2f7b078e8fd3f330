"""The filters of the journal pages: who, when (Europe/Paris days), which household, which organisation."""

from datetime import datetime, time, timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from clef.organisations.models import Organisation
from clef.utils import bounds
from clef.www.forms import DateInput, DsfrFormMixin


def start_of_day(day) -> datetime:
    """Midnight of `day` in Europe/Paris (the current time zone), as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


class JournalFilterForm(DsfrFormMixin, forms.Form):
    user = forms.ModelChoiceField(label="Utilisateur", queryset=None, required=False, empty_label="Tous")
    start = forms.DateField(label="Du", required=False, widget=DateInput(), validators=[bounds.DATE])
    end = forms.DateField(label="Au (inclus)", required=False, widget=DateInput(), validators=[bounds.DATE])
    household = forms.IntegerField(label="N° du ménage", required=False, min_value=1, max_value=2**62)
    dwelling = forms.IntegerField(label="N° du logement", required=False, min_value=1, max_value=2**62)
    organisation = forms.ModelChoiceField(
        label="Structure", queryset=None, required=False, empty_label="Toutes"
    )

    def __init__(self, *args, organisation: Organisation | None, user_field: str, dwellings: bool, **kwargs):
        """`organisation`: the one whose entries are read (None: every organisation, and a filter on it);
        `dwellings`: whether the entries name a dwelling (the journal does, the access log does not)."""
        super().__init__(*args, **kwargs)
        self.user_field = user_field
        if not dwellings:
            del self.fields["dwelling"]
        users = get_user_model().objects.order_by("email")
        if organisation is None:
            self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        else:
            users = users.filter(memberships__organisation=organisation).distinct()
            del self.fields["organisation"]
        self.fields["user"].queryset = users

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "La fin de la période précède son début.")
        return cleaned

    def filter(self, entries: QuerySet) -> QuerySet:
        """`entries` narrowed by every filter that is valid (an invalid one is ignored, its error shown)."""
        if not self.is_bound:
            return entries
        self.is_valid()
        values = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        if values.get("user"):
            entries = entries.filter(**{self.user_field: values["user"]})
        if values.get("start"):
            entries = entries.filter(at__gte=start_of_day(values["start"]))
        if values.get("end"):
            entries = entries.filter(at__lt=start_of_day(values["end"] + timedelta(days=1)))
        if values.get("household"):
            entries = entries.filter(household_id=values["household"])
        if values.get("dwelling"):
            entries = entries.filter(dwelling_id=values["dwelling"])
        if values.get("organisation"):
            entries = entries.filter(organisation=values["organisation"])
        return entries
