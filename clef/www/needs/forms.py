"""Forms of the needs and targets pages: they carry input; the rules are the domain's
(`clef.needs.rules`, the fields' bounds in `clef.needs.fields`)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from clef.dwellings.enums import Typology
from clef.needs.fields import HOUSEHOLDS_WAITING, NEW_DWELLINGS, SHARE_PERCENT
from clef.needs.models import CaptationTarget
from clef.needs.services import Cell
from clef.territories.models import Epci
from clef.utils.bounds import MAX_YEAR
from clef.www.forms import DsfrFormMixin

OUTSIDE_EPCI = "hors"  # the filter value of « hors EPCI ou non ventilé » (the code "" in the rows)


class NeedsFilterForm(forms.Form):
    departement = forms.ChoiceField(label="Département", required=False)
    epci = forms.ChoiceField(label="Intercommunalité (EPCI)", required=False)

    def __init__(self, *args, departments, epcis, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].choices = [("", "Tous")] + [(d.code, str(d)) for d in departments]
        self.fields["epci"].choices = (
            [("", "Toutes")]
            + [(e.code, e.name) for e in epcis]
            + [(OUTSIDE_EPCI, "Hors EPCI ou non ventilé")]
        )

    def filters(self) -> dict:
        """The query's filters (`epci=""`: outside any EPCI); none when the input is not a choice."""
        if not self.is_valid():
            return {}
        epci = self.cleaned_data["epci"]
        return {
            "department": self.cleaned_data["departement"] or None,
            "epci": "" if epci == OUTSIDE_EPCI else (epci or None),
        }


def cell_name(epci_code: str | None, typology: str) -> str:
    return f"n_{epci_code or OUTSIDE_EPCI}_{typology.replace('+', 'plus')}"


class DeclarationForm(forms.Form):
    """The SIAO's grid: households waiting, typology × EPCI of its department (an empty cell: none)."""

    as_of = forms.DateField(
        label="Situation au",
        help_text="Format attendu : 31/12/2026. La grille remplace celle de la même date.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    comments = forms.CharField(
        label="Commentaires (facultatif)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, epcis: list[Epci], **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = [(e.code, e.name) for e in epcis] + [(None, "Hors EPCI ou non ventilé")]
        for code, name in self.lines:
            for typology in Typology:
                self.fields[cell_name(code, typology)] = forms.IntegerField(
                    label=f"{typology.label} — {name}",
                    required=False,
                    min_value=HOUSEHOLDS_WAITING.minimum,
                    max_value=HOUSEHOLDS_WAITING.maximum,
                    widget=forms.NumberInput(attrs={"class": "fr-input clef-grid-input"}),
                )
        if not self.is_bound and "as_of" not in self.initial:
            self.initial["as_of"] = timezone.localdate()

    def grid(self) -> list[tuple[str, list]]:
        """(EPCI name, its bound fields, one per typology) for the template."""
        return [(name, [self[cell_name(code, t)] for t in Typology]) for code, name in self.lines]

    def cells(self) -> list[Cell]:
        return [
            Cell(code, typology.value, self.cleaned_data[cell_name(code, typology)])
            for code, _ in self.lines
            for typology in Typology
            if self.cleaned_data.get(cell_name(code, typology)) is not None
        ]

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(
            cleaned.get(cell_name(code, t)) is not None for code, _ in self.lines for t in Typology
        ):
            raise forms.ValidationError(
                "Indiquez au moins un nombre de ménages en attente (0 est un nombre)."
            )
        return cleaned


class TargetForm(DsfrFormMixin, forms.ModelForm):
    """A target set by a State actor (the year and the operator come from the page); DSFR markup as the
    other forms (each label before its input)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31)

    class Meta:
        model = CaptationTarget
        fields = ["new_dwellings", "mandate_share_percent", "private_share_percent", "comments"]
        widgets = {"comments": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bounds = {
            "new_dwellings": NEW_DWELLINGS,
            "mandate_share_percent": SHARE_PERCENT,
            "private_share_percent": SHARE_PERCENT,
        }
        for name, bound in bounds.items():
            self.fields[name].widget.attrs.update(min=bound.minimum, max=bound.maximum)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


def year_choice(value: str | None, default: int) -> int:
    """The year asked in the query string, or `default` when absent or not a sensible year."""
    try:
        year = int(value or default)
    except ValueError:
        return default
    return year if 2018 <= year <= min(MAX_YEAR, timezone.localdate().year + 1) else default
