"""Forms of the IML meeting and of the practice settings: they carry input; the rules are in clef.agenda."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.dateparse import parse_datetime
from django.utils.formats import number_format

from clef.agenda.rules import DECISION_MAX, check_meeting_date, check_multiline_text, every_months
from clef.agenda.services import PRACTICE_FIELDS
from clef.organisations.models import PracticeSettings
from clef.utils import bounds
from clef.www.editing import MAX_ID
from clef.www.forms import DateInput, DsfrFormMixin

STALE_FORM = "Le formulaire est incomplet : rechargez la page."


class MeetingDateForm(DsfrFormMixin, forms.Form):
    held_on = forms.DateField(
        label="Date de la réunion",
        widget=DateInput,
        validators=[bounds.DATE],
        error_messages={
            "required": "Indiquez la date de la réunion.",
            "invalid": "Saisissez une date valide.",
        },
    )

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        try:
            check_meeting_date(held_on)
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["held_on"]) from exc
        return held_on


class DecisionForm(DsfrFormMixin, forms.Form):
    decision = forms.CharField(
        label="Décision",
        required=False,
        max_length=DECISION_MAX,
        validators=[check_multiline_text],
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=f"{DECISION_MAX} caractères au plus. Laisser vide pour effacer la décision.",
        error_messages={"max_length": f"La décision ne peut dépasser {DECISION_MAX} caractères."},
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=MAX_ID,
        error_messages={
            "required": STALE_FORM,
            "invalid": STALE_FORM,
            "min_value": STALE_FORM,
            "max_value": STALE_FORM,
        },
    )

    def __init__(self, *args, item, **kwargs):
        kwargs.setdefault("prefix", f"point-{item.pk}")
        kwargs.setdefault("initial", {"decision": item.decision, "version": item.version})
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["decision"].label = self["decision"].label = f"Décision — {item.label}"


# Cadences: the label says the unit (never « tous les … mois » before a number: « tous les 1 mois »), the
# value is written in words where it is read (« tous les mois », « tous les 6 mois »).
CADENCE_LABELS = {
    "meeting_every_months": "Rencontre du ménage par le travailleur social : fréquence (en mois)",
    "joint_visit_every_months": "Visite conjointe gestionnaire et travailleur social : fréquence (en mois)",
    "slide_review_every_months": "Point sur le glissement du bail : fréquence (en mois)",
}


def practice_value(name: str, value) -> str:
    """A practice setting as read: a cadence in words, a rate in French (« 7,00 % »), any other value as
    it is."""
    if name in CADENCE_LABELS and value not in (None, ""):
        return every_months(int(value))
    if isinstance(value, Decimal):
        return f"{number_format(value, decimal_pos=2, use_l10n=True)} %"
    return str(value)


class PracticeForm(DsfrFormMixin, forms.ModelForm):
    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)

    class Meta:
        model = PracticeSettings
        fields = PRACTICE_FIELDS
        localized_fields = ["management_fee_percent"]  # « 7,5 » as French users write it

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        defaults = settings.CLEF_PRACTICE_DEFAULTS
        for name in PRACTICE_FIELDS:
            field = self.fields[name]
            if name in CADENCE_LABELS:
                field.label = self[name].label = CADENCE_LABELS[name]
            reference = f"Valeur de référence : {practice_value(name, defaults[name])}."
            field.help_text = f"{field.help_text} {reference}".strip() if field.help_text else reference
            self[name].help_text = field.help_text  # the bound field was built (DSFR classes) before
        if not self.is_bound and self.instance.pk:
            self.initial["seen"] = self.instance.updated_at.isoformat()

    def read_rows(self) -> list[tuple[str, str, str]]:
        """The settings as read by a member who may not change them: label, value in words, reference."""
        return [
            (self[n].label, practice_value(n, self[n].value()), self.fields[n].help_text)
            for n in PRACTICE_FIELDS
        ]

    def clean_seen(self):
        value = self.cleaned_data.get("seen") or ""
        try:
            seen = parse_datetime(value) if value else None
        except ValueError:
            seen = None
        if value and seen is None:
            raise forms.ValidationError(STALE_FORM)
        return seen
