"""Forms of the « Fonds de sécurisation » and « Visale » pages: they carry input and show French errors; the
rules are in `clef.guarantees` (rules, services, model validators)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from clef.guarantees import bounds as gb
from clef.guarantees import fund_rules, rules
from clef.guarantees.enums import FundClaimStatus, VisaleClaimStatus
from clef.guarantees.models import (
    FundClaim,
    FundContribution,
    FundContributor,
    VisaleClaim,
    VisaleGuarantee,
)
from clef.guarantees.queries import Scenario
from clef.guarantees.visale import months_claimed
from clef.organisations.models import Organisation, OrganisationKind
from clef.utils import bounds
from clef.www.editing import MAX_ID
from clef.www.forms import DateInput, DsfrFormMixin

STALE_FORM = "Le formulaire est incomplet : rechargez la page."
AMOUNT_ERRORS = {
    "required": "Indiquez le montant.",
    "invalid": "Saisissez un montant en euros, par exemple 1 250,50.",
}


def version_field() -> forms.IntegerField:
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=MAX_ID,
        error_messages=dict.fromkeys(("required", "invalid", "min_value", "max_value"), STALE_FORM),
    )


def money_field(label: str, bound, *, required: bool = True, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        localize=True,
        max_digits=12,
        decimal_places=2,
        validators=[bound],
        help_text=help_text,
        error_messages=AMOUNT_ERRORS | {"max_decimal_places": "Deux décimales au plus (les centimes)."},
    )


def date_field(label: str, *, required: bool = True, validators=()) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput,
        validators=[bounds.DATE, *validators],
        error_messages={
            "required": f"Indiquez la date « {label} ».",
            "invalid": "Saisissez une date valide.",
        },
    )


class ScenarioForm(DsfrFormMixin, forms.Form):
    """The projection's scenario (GET): every input optional, bounded; empty = the observed figure."""

    operators_growth = forms.IntegerField(
        label="Nouvelles structures par an",
        required=False,
        validators=[gb.OPERATORS_GROWTH],
        help_text="Nombre de structures cotisantes en plus (ou en moins) chaque année ; vide : 0.",
        error_messages={"invalid": "Saisissez un nombre entier, par exemple 2."},
    )
    loss_rate_change_percent = forms.DecimalField(
        label="Évolution de la sinistralité (% par an)",
        required=False,
        localize=True,
        max_digits=6,
        decimal_places=1,
        validators=[gb.LOSS_RATE_CHANGE],
        help_text="Par exemple 10 pour +10 % par an ; vide : 0.",
        error_messages={"invalid": "Saisissez un pourcentage, par exemple 10 ou -5."},
    )
    dues_per_operator = money_field(
        "Cotisation par structure (€/an)", gb.DUES, required=False, help_text="Vide : la cotisation observée."
    )
    loss_per_operator_year = money_field(
        "Interventions par structure et par an (€)",
        gb.LOSS_RATE,
        required=False,
        help_text="Vide : la sinistralité observée.",
    )
    state_per_year = money_field(
        "Contribution de l'État (€/an)",
        gb.YEARLY_CONTRIBUTION,
        required=False,
        help_text="Vide : l'observée.",
    )
    local_per_year = money_field(
        "Contributions des collectivités et autres (€/an)",
        gb.YEARLY_CONTRIBUTION,
        required=False,
        help_text="Vide : les observées.",
    )

    def scenario(self) -> Scenario:
        if not self.is_bound or not self.is_valid():
            return Scenario()
        data = self.cleaned_data
        return Scenario(
            operators_growth=data["operators_growth"] or 0,
            loss_rate_change_percent=data["loss_rate_change_percent"] or Decimal("0"),
            dues_per_operator=data["dues_per_operator"],
            loss_per_operator_year=data["loss_per_operator_year"],
            state_per_year=data["state_per_year"],
            local_per_year=data["local_per_year"],
        )


class ContributorForm(DsfrFormMixin, forms.ModelForm):
    class Meta:
        model = FundContributor
        fields = ["kind", "name", "organisation"]
        help_texts = {"organisation": "Pour une structure d'IML : la structure qui cotise."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            kind__in=[OrganisationKind.OPERATOR, OrganisationKind.LOCAL_AUTHORITY, OrganisationKind.STATE]
        ).order_by("name")


class ContributionForm(DsfrFormMixin, forms.ModelForm):
    amount = money_field("Montant (€)", gb.CONTRIBUTION)
    received_on = date_field("Reçue le", validators=[fund_rules.RECEIVED_NOT_IN_FUTURE])

    class Meta:
        model = FundContribution
        fields = ["contributor", "kind", "year", "amount", "received_on", "comments"]

    def __init__(self, *args, fund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contributor"].queryset = fund.contributors.order_by("kind", "name")
        self.fields["contributor"].error_messages["invalid_choice"] = (
            "Choisissez un contributeur de ce fonds."
        )


class FundClaimForm(DsfrFormMixin, forms.ModelForm):
    loss_amount = money_field("Montant du sinistre (€)", gb.CLAIM_AMOUNT)
    amount_claimed = money_field("Montant demandé au fonds (€)", gb.CLAIM_AMOUNT)
    declared_on = date_field("Déposée le")
    document = forms.FileField(
        label="Pièce justificative (PDF, JPEG ou PNG, 5 Mo au plus)",
        required=False,
        help_text="Devis, factures, décompte des impayés… D'autres pièces peuvent être ajoutées ensuite.",
    )
    document_caption = forms.CharField(label="Intitulé de la pièce", max_length=200, required=False)

    class Meta:
        model = FundClaim
        fields = ["kind", "stay", "loss_amount", "amount_claimed", "declared_on", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "stay": "Pour votre suivi : le gestionnaire du fonds ne voit jamais le ménage concerné.",
        }

    def __init__(self, *args, stays, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stay"].queryset = stays
        self.fields["stay"].label_from_instance = lambda stay: (
            f"{stay.household} — {stay.dwelling} (entrée le {stay.entry_date:%d/%m/%Y})"
        )

    def clean(self):
        data = super().clean()
        if data.get("document") and not data.get("document_caption"):
            self.add_error("document_caption", "Donnez un intitulé à la pièce (par exemple « Devis »).")
        return data


class DocumentForm(DsfrFormMixin, forms.Form):
    file = forms.FileField(
        label="Pièce (PDF, JPEG ou PNG, 5 Mo au plus)", error_messages={"required": "Choisissez un fichier."}
    )
    caption = forms.CharField(
        label="Intitulé", max_length=200, error_messages={"required": "Donnez un intitulé à la pièce."}
    )


class DecisionForm(DsfrFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="Décision",
        choices=[(FundClaimStatus.ACCEPTEE, "Accepter"), (FundClaimStatus.REFUSEE, "Refuser")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez « Accepter » ou « Refuser »."},
    )
    decided_on = date_field("Décidée le")
    amount_granted = money_field("Montant accordé (€)", gb.PAID_AMOUNT, required=False)
    decision_note = forms.CharField(label="Motif de la décision", max_length=1000, required=False)
    version = version_field()


class PayoutForm(DsfrFormMixin, forms.Form):
    paid_on = date_field("Versée le", validators=[fund_rules.PAID_NOT_IN_FUTURE])
    paid_amount = money_field(
        "Montant versé (€)",
        gb.PAID_AMOUNT,
        help_text="Un seul versement par demande : il la clôt. Il ne peut dépasser ni le montant accordé ni le "
        "solde du fonds.",
    )
    version = version_field()


class VisaleGuaranteeForm(DsfrFormMixin, forms.ModelForm):
    valid_from = date_field("En vigueur depuis le")
    valid_until = date_field("Jusqu'au (fin de la garantie)", required=False)
    version = version_field()

    class Meta:
        model = VisaleGuarantee
        fields = ["lease", "contract_number", "variant", "valid_from", "valid_until", "comments"]

    def __init__(self, *args, leases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lease"].queryset = leases
        self.fields["lease"].label_from_instance = lambda lease: (
            f"{lease.stay.household} — {lease.stay.dwelling} ({lease.payment_reference})"
        )
        self.fields["version"].required = bool(self.instance.pk)
        if self.instance.pk:
            self.fields["lease"].disabled = True
            self.initial.setdefault("version", self.instance.version)


class VisaleClaimForm(DsfrFormMixin, forms.ModelForm):
    amount = money_field("Montant déclaré (€)", gb.CLAIM_AMOUNT)
    charges_amount = money_field(
        "Dont charges (€)",
        gb.CLAIM_CHARGES,
        required=False,
        help_text="La part des charges dans le montant déclaré (0 pour des dégradations). Le premier sinistre ne "
        "peut pas porter sur les seules charges.",
    )
    declared_on = date_field("Déclaré le")

    class Meta:
        model = VisaleClaim
        fields = ["kind", "declared_on", "months", "amount", "charges_amount", "comments"]
        help_texts = {
            "months": "Nombre de mensualités de loyer et charges déclarées (36 au plus sur l'occupation)."
        }

    def clean_charges_amount(self) -> Decimal:
        return self.cleaned_data.get("charges_amount") or Decimal("0.00")

    def clean(self):
        cleaned = super().clean()
        guarantee = self.instance.guarantee
        try:
            rules.check_claim_charges(
                kind=cleaned.get("kind"),
                amount=cleaned.get("amount"),
                charges_amount=cleaned.get("charges_amount"),
                months_already_claimed=months_claimed([guarantee.lease_id]).get(guarantee.lease_id, 0),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.add_error(field, errors)
        return cleaned


class VisaleClaimUpdateForm(DsfrFormMixin, forms.Form):
    status = forms.ChoiceField(label="Statut", choices=VisaleClaimStatus.choices)
    paid_on = date_field("Indemnisé le", required=False)
    paid_amount = money_field("Montant indemnisé (€)", gb.PAID_AMOUNT, required=False)
    version = version_field()
