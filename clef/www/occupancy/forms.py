"""Forms of the occupancy pages. They collect input; the rules are clef.occupancy.rules, applied by the
services (their French errors come back on the fields)."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from clef.occupancy import models, rules
from clef.occupancy.enums import CommissionDecision, SlideOutcome
from clef.www.forms import DateInput, DsfrFormMixin


class DecisionForm(DsfrFormMixin, forms.Form):
    """Renew or end a term: an optional reason (required beyond the recommended renewals)."""

    reason = forms.CharField(
        label="Motif",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[MaxLengthValidator(models.REASON_MAX)],
        help_text="Obligatoire pour un renouvellement au-delà de la durée préconisée (1 000 caractères au plus).",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class DemandForm(DsfrFormMixin, forms.Form):
    number = forms.CharField(
        label="Numéro unique",
        required=False,
        max_length=40,
        help_text="Tel qu'il figure sur l'attestation d'enregistrement : lettres et chiffres, 18 au plus "
        "(les espaces et tirets sont retirés).",
    )
    first_demand_on = forms.DateField(
        label="Date de la première demande",
        widget=DateInput(),
        validators=[models.DEMAND_DATE, models.DEMAND_NOT_IN_FUTURE],
    )
    renewal_due_on = forms.DateField(
        label="À renouveler avant le",
        required=False,
        widget=DateInput(),
        validators=[models.RENEWAL_DATE],
        help_text="Laissé vide : la date de la première demande plus la durée de validité de votre structure.",
    )
    syplo_labelled = forms.BooleanField(label="Ménage labellisé dans SYPLO", required=False)
    syplo_labelled_on = forms.DateField(
        label="Date de labellisation SYPLO",
        required=False,
        widget=DateInput(),
        validators=[models.SYPLO_DATE, models.SYPLO_NOT_IN_FUTURE],
    )
    dalo_recognised_on = forms.DateField(
        label="Date de reconnaissance DALO",
        required=False,
        widget=DateInput(),
        validators=[models.DALO_DATE, models.DALO_NOT_IN_FUTURE],
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)


class ReviewForm(DsfrFormMixin, forms.Form):
    reviewed_on = forms.DateField(
        label="Date du point",
        widget=DateInput(),
        validators=[models.REVIEW_DATE, models.REVIEW_NOT_IN_FUTURE],
    )
    outcome = forms.ChoiceField(label="Conclusion", choices=SlideOutcome.choices, widget=forms.RadioSelect)
    next_review_on = forms.DateField(
        label="Prochain point le", required=False, widget=DateInput(), validators=[models.NEXT_REVIEW_DATE]
    )
    commission_decision = forms.ChoiceField(
        label="Décision de la commission",
        choices=CommissionDecision.choices,
        initial=CommissionDecision.AUCUNE,
    )
    commission_on = forms.DateField(
        label="Date de la commission",
        required=False,
        widget=DateInput(),
        validators=[models.COMMISSION_DATE, models.COMMISSION_NOT_IN_FUTURE],
    )
    notes = forms.CharField(
        label="Observations",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[MaxLengthValidator(models.NOTES_MAX)],
        help_text="1 000 caractères au plus.",
    )


class SlideForm(DsfrFormMixin, forms.Form):
    slid_on = forms.DateField(
        label="Date du glissement (signature du bail au nom du ménage)",
        widget=DateInput(),
        validators=[models.SLIDE_DATE, models.SLIDE_NOT_IN_FUTURE],
    )

    def __init__(self, *args, last_review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.last_review = last_review

    def clean_slid_on(self):
        slid_on = self.cleaned_data["slid_on"]
        if self.last_review is not None:
            try:
                rules.check_slide_date(
                    on=slid_on,
                    reviewed_on=self.last_review.reviewed_on,
                    commission_on=self.last_review.commission_on,
                )
            except ValidationError as exc:
                raise ValidationError(exc.message_dict["slid_on"]) from exc
        return slid_on
