"""Forms of the bank statement pages: the upload, the two actions on a queued line (assign, ignore) and the
return of a matched line to the queue (requeue).
No rule here: the services check and write."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from clef.banking.bounds import IGNORED_REASON_MAX, MAX_BYTES, MAX_LINES, REQUEUE_REASON_MAX
from clef.banking.enums import PaymentKind
from clef.banking.matching import candidate_leases, candidates
from clef.rental.rules import net_monthly_due
from clef.utils.bounds import no_control_characters
from clef.www.editing import require_version_when_editing
from clef.www.forms import DsfrFormMixin
from clef.www.templatetags.clef_tags import euros


class StatementUploadForm(DsfrFormMixin, forms.Form):
    file = forms.FileField(
        label="Relevé bancaire (CSV ou CAMT.053)",
        help_text=f"Export CSV de la banque (date, libellé, montant…) ou relevé CAMT.053 (XML) ; "
        f"{MAX_BYTES // (1024 * 1024)} Mo et {MAX_LINES:,} opérations au plus.".replace(",", "\u202f"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(f"Le fichier dépasse {MAX_BYTES // (1024 * 1024)} Mo : découpez le relevé.")
        return upload


class LeaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, lease) -> str:
        return (
            f"{lease.payment_reference} — {lease.stay.household} — {euros(net_monthly_due(lease))} par mois"
        )


class AssignForm(DsfrFormMixin, forms.Form):
    lease = LeaseChoiceField(
        label="Titre d'occupation du ménage",
        queryset=None,
        empty_label="— Choisir —",
        error_messages={"invalid_choice": "Choisissez un titre d'occupation de votre structure."},
    )
    kind = forms.ChoiceField(
        label="Nature du paiement",
        choices=PaymentKind.choices,
        initial=PaymentKind.PAIEMENT,
        widget=forms.RadioSelect,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, organisation_id: int, line=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["lease"]
        field.queryset = candidate_leases(organisation_id)
        if line is not None:
            self.proposed = _group_choices(self, field, line)
        require_version_when_editing(self, True)


def _group_choices(form: AssignForm, field: LeaseChoiceField, line) -> list:
    """The select in two groups, from one reading of the leases (2 queries): the leases the matching rule
    finds for this line (`matching.candidates`), then every other lease of the structure. One proposed lease
    is pre-selected. Returns the proposed leases."""
    leases = list(field.queryset)
    proposed = candidates(line, leases)
    others = [lease for lease in leases if lease not in proposed]

    def options(group):
        return [(lease.pk, field.label_from_instance(lease)) for lease in group]

    if proposed:
        field.choices = [
            ("", field.empty_label),
            (
                f"Proposés pour cette ligne : même référence, même nom ou même montant ({len(proposed)})",
                options(proposed),
            ),
        ] + ([(f"Autres titres de la structure ({len(others)})", options(others))] if others else [])
        field.help_text = form["lease"].help_text = (
            f"{len(proposed)} titre{'s' if len(proposed) > 1 else ''} proposé{'s' if len(proposed) > 1 else ''} "
            "en tête de liste (même référence, même nom ou même montant que la ligne)."
        )
        if len(proposed) == 1 and not form.is_bound:
            form.initial.setdefault("lease", proposed[0].pk)
    else:
        field.choices = [
            ("", field.empty_label),
            (f"Titres de la structure ({len(others)})", options(others)),
        ]
    return proposed


class IgnoreForm(DsfrFormMixin, forms.Form):
    ignored_reason = forms.CharField(
        label="Motif",
        max_length=IGNORED_REASON_MAX,
        validators=[no_control_characters],
        help_text="Par exemple : virement entre nos comptes, remboursement, doublon de la banque.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        require_version_when_editing(self, True)


class RequeueForm(DsfrFormMixin, forms.Form):
    reason = forms.CharField(
        label="Motif",
        max_length=REQUEUE_REASON_MAX,
        validators=[no_control_characters],
        help_text="Par exemple : affectée au mauvais ménage, virement rejeté par la banque. Le motif est repris "
        "dans la contre-passation et dans la ligne à traiter.",
        error_messages={"required": "Indiquez pourquoi cette ligne est remise à traiter."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        require_version_when_editing(self, True)
