"""Forms of a stay: entry into a dwelling, exit, internal move. Rules live in `clef.stays` (services and
rules); these forms collect input and show French errors next to each field."""

from django import forms

from clef.dwellings.models import Dwelling
from clef.stays.enums import Destination
from clef.utils import bounds
from clef.www.forms import DateInput, DsfrFormMixin
from clef.www.orientation.forms import EntryForm, entry_choice

YES_NO = [("oui", "Oui"), ("non", "Non")]


class EnterDwellingForm(DsfrFormMixin, forms.Form):
    dwelling = forms.ModelChoiceField(
        label="Logement",
        queryset=Dwelling.objects.none(),
        error_messages={"invalid_choice": "Choisissez un logement de la liste."},
    )
    entry_date = forms.DateField(
        label="Date d'entrée", widget=DateInput(), validators=[bounds.ENTRY_DATE, bounds.ENTRY_NOT_IN_FUTURE]
    )
    # The household's choice (Logement d'abord), recorded by clef.orientation with the entry.
    visited_before_signing = EntryForm.base_fields["visited_before_signing"]
    alternative_offered = EntryForm.base_fields["alternative_offered"]

    def __init__(self, *args, dwellings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dwelling"].queryset = dwellings

    def choice(self) -> dict:
        return entry_choice(self.cleaned_data)


class EndStayForm(DsfrFormMixin, forms.Form):
    exit_date = forms.DateField(
        label="Date de sortie",
        widget=DateInput(),
        validators=[bounds.EXIT_DATE, bounds.EXIT_NOT_IN_FUTURE],
    )
    destination = forms.ChoiceField(
        label="Destination",
        choices=[("", "Choisissez la destination")]
        + [(d.value, d.label) for d in Destination if d != Destination.MUTATION_INTERNE_IML],
        help_text="Pour un changement de logement au sein de l'IML, utilisez « Changer de logement ».",
    )
    loss_unpaid_rent = forms.ChoiceField(
        label="Impayé constaté à la sortie", choices=YES_NO, widget=forms.RadioSelect
    )
    loss_damage = forms.ChoiceField(
        label="Dégradation constatée à la sortie", choices=YES_NO, widget=forms.RadioSelect
    )
    exit_debt = forms.DecimalField(
        label="Dette à la sortie (€)",
        required=False,
        max_digits=10,
        decimal_places=2,
        localize=True,
        validators=[bounds.DEBT],
    )

    def __init__(self, *args, losses=None, **kwargs):
        """`losses` (`clef.exits.losses.ExitLosses`): when they come from the rent account and the damage
        claims, the flags and the debt are shown read-only (never typed twice) and the posted ones ignored."""
        super().__init__(*args, **kwargs)
        if losses is None or not losses.from_accounts:
            return
        values = {
            "loss_unpaid_rent": "oui" if losses.unpaid else "non",
            "loss_damage": "oui" if losses.damage else "non",
            "exit_debt": losses.debt,
        }
        for name, value in values.items():
            self.fields[name].disabled = True
            self.initial[name] = value
        self.fields[
            "loss_unpaid_rent"
        ].help_text = "Tiré du compte du ménage : lui reste-t-il un loyer impayé à la date de sortie ?"
        self.fields[
            "loss_damage"
        ].help_text = "Tiré des sinistres de dégradations du séjour (non abandonnés)."
        self.fields["exit_debt"].help_text = (
            "Loyers et charges que le ménage doit à la date de sortie : solde de son compte, sans les "
            "dégradations imputées (comptées comme sinistre de dégradations) ni l'aide au logement encore "
            "attendue de la CAF/MSA. Le mois de sortie est compté au prorata et les appels des mois suivants "
            "sont annulés à l'enregistrement de la sortie."
        )


class MoveForm(DsfrFormMixin, forms.Form):
    dwelling = forms.ModelChoiceField(
        label="Nouveau logement",
        queryset=Dwelling.objects.none(),
        error_messages={"invalid_choice": "Choisissez un logement de la liste."},
    )
    move_date = forms.DateField(
        label="Date du changement",
        widget=DateInput(),
        validators=[
            bounds.MOVE_DATE,
            bounds.MOVE_NOT_IN_FUTURE,
        ],
    )

    def __init__(self, *args, dwellings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dwelling"].queryset = dwellings
