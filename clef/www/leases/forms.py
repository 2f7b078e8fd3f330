"""Forms of the lease's yearly life. They collect input; the rules are clef.leases.rules, applied by the
services (their French errors come back on the fields)."""

from django import forms
from django.core.exceptions import ValidationError

from clef.leases.bounds import (
    ACTUAL_CHARGES,
    DEDUCTIONS,
    REASON_MAX,
    RETURNED_ON_NOT_IN_FUTURE,
    REVISION_DATE,
)
from clef.leases.irl import MAX_BYTES
from clef.utils.bounds import no_control_characters
from clef.www.forms import DateInput, DsfrFormMixin

MAX_VERSION = 2**31 - 1


def version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_VERSION)


class ApplyRevisionForm(DsfrFormMixin, forms.Form):
    """Apply the computed revision (nothing to type: the amount is recomputed at decision time)."""

    version = version_field()


class DismissRevisionForm(DsfrFormMixin, forms.Form):
    reason = forms.CharField(
        label="Motif",
        max_length=REASON_MAX,
        validators=[no_control_characters],
        help_text="Par exemple : ménage en difficulté passagère, propriétaire qui renonce à la révision.",
        error_messages={"required": "Indiquez pourquoi la révision est écartée."},
    )


class RegularisationForm(DsfrFormMixin, forms.Form):
    actual_charges = forms.DecimalField(
        label="Charges réelles de l'année (€)",
        max_digits=10,
        decimal_places=2,
        localize=True,
        validators=[ACTUAL_CHARGES],
        help_text="La part récupérable sur le ménage, selon le décompte du propriétaire ou du syndic.",
        error_messages={"required": "Indiquez le montant des charges réelles."},
    )


class DepositReturnForm(DsfrFormMixin, forms.Form):
    inventory_matches = forms.BooleanField(
        label="L'état des lieux de sortie est conforme à celui d'entrée",
        required=False,
        help_text="Conforme : restitution sous un mois ; sinon sous deux mois.",
    )
    deductions = forms.DecimalField(
        label="Retenues (€)",
        max_digits=10,
        decimal_places=2,
        localize=True,
        initial=0,
        validators=[DEDUCTIONS],
        help_text="Gardées sur le dépôt pour régler ce que le ménage doit encore (loyers, dégradations).",
        error_messages={"required": "Indiquez le montant des retenues (0 s'il n'y en a pas)."},
    )
    deduction_reason = forms.CharField(
        label="Motif des retenues", max_length=REASON_MAX, required=False, validators=[no_control_characters]
    )
    returned_on = forms.DateField(
        label="Restitué le",
        required=False,
        widget=DateInput(),
        validators=[REVISION_DATE, RETURNED_ON_NOT_IN_FUTURE],
        help_text="Laissez vide si le dépôt n'est pas encore rendu.",
    )


class DepositReturnedForm(DsfrFormMixin, forms.Form):
    returned_on = forms.DateField(
        label="Restitué le",
        widget=DateInput(),
        validators=[REVISION_DATE, RETURNED_ON_NOT_IN_FUTURE],
        error_messages={"required": "Indiquez la date de la restitution."},
    )
    version = version_field()


class IrlUploadForm(DsfrFormMixin, forms.Form):
    file = forms.FileField(
        label="Fichier des indices (CSV)",
        help_text="Colonnes annee;trimestre;valeur;date_publication (et, facultative, exemple : 1 pour une "
        f"valeur non vérifiée), en UTF-8, {MAX_BYTES // 1024} Ko au plus.",
        error_messages={"required": "Choisissez le fichier CSV des indices."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(f"Le fichier dépasse {MAX_BYTES // 1024} Ko.")
        return upload
