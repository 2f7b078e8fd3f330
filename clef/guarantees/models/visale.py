"""Visale (Action Logement): a guarantee per lease, optional AND dated (its IML variant, « Visale IL », may
be abolished: a guarantee ends on `valid_until`, and nothing else in Clef depends on it), and its claims
(unpaid rent and charges, or damage)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from clef.guarantees import bounds as gb
from clef.guarantees.enums import VisaleClaimKind, VisaleClaimStatus, VisaleVariant
from clef.guarantees.models.fund import MONEY, in_choices
from clef.utils import bounds
from clef.utils.bounds import no_control_characters


class VisaleGuarantee(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    lease = models.ForeignKey(
        "rental.Lease",
        on_delete=models.PROTECT,
        related_name="visale_guarantees",
        verbose_name="titre d'occupation",
    )
    contract_number = models.CharField(
        "numéro du contrat de cautionnement Visale", max_length=30, validators=[no_control_characters]
    )
    variant = models.CharField("formule", max_length=30, choices=VisaleVariant.choices)
    valid_from = models.DateField("en vigueur depuis le", validators=[bounds.DATE])
    valid_until = models.DateField("jusqu'au", null=True, blank=True, validators=[bounds.DATE])
    comments = models.CharField("commentaires", max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        verbose_name = "garantie Visale"
        verbose_name_plural = "garanties Visale"
        ordering = ["-valid_from", "-pk"]
        constraints = [
            models.CheckConstraint(condition=in_choices("variant", VisaleVariant), name="visale_variant"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="visale_valid_until_after_from",
                violation_error_message="La fin de la garantie ne peut précéder son début.",
            ),
            models.UniqueConstraint(
                fields=["organisation", "contract_number"],
                name="visale_unique_contract_number",
                violation_error_message="Ce numéro de contrat Visale est déjà enregistré.",
            ),
        ]

    def __str__(self) -> str:
        return f"Visale n° {self.contract_number}"

    def get_absolute_url(self) -> str:
        return reverse("www:visale_list") + f"#visale-{self.pk}"

    def in_force_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class VisaleClaim(models.Model):
    guarantee = models.ForeignKey(
        VisaleGuarantee, on_delete=models.PROTECT, related_name="claims", verbose_name="garantie"
    )
    kind = models.CharField(
        "nature", max_length=20, choices=VisaleClaimKind.choices, default=VisaleClaimKind.IMPAYES
    )
    declared_on = models.DateField("déclaré le", validators=[bounds.DATE])
    months = models.PositiveSmallIntegerField("mensualités", validators=[gb.VISALE_MONTHS])
    amount = models.DecimalField("montant déclaré", validators=[gb.CLAIM_AMOUNT], **MONEY)
    charges_amount = models.DecimalField(
        "dont charges", default=Decimal("0.00"), validators=[gb.CLAIM_CHARGES], **MONEY
    )
    status = models.CharField(
        "statut", max_length=20, choices=VisaleClaimStatus.choices, default=VisaleClaimStatus.DECLAREE
    )
    paid_amount = models.DecimalField(
        "montant indemnisé", null=True, blank=True, validators=[gb.PAID_AMOUNT], **MONEY
    )
    paid_on = models.DateField("indemnisé le", null=True, blank=True, validators=[bounds.DATE])
    comments = models.CharField("commentaires", max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        verbose_name = "sinistre Visale"
        verbose_name_plural = "sinistres Visale"
        ordering = ["-declared_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=in_choices("kind", VisaleClaimKind), name="visale_claim_kind"),
            models.CheckConstraint(
                condition=in_choices("status", VisaleClaimStatus), name="visale_claim_status"
            ),
            models.CheckConstraint(
                condition=Q(months__gte=1, months__lte=36, amount__gt=0),
                name="visale_claim_bounds",
                violation_error_message="Un sinistre Visale compte de 1 à 36 mensualités, pour un montant positif.",
            ),
            models.CheckConstraint(
                condition=Q(charges_amount__gte=0, charges_amount__lte=F("amount"))
                & (Q(kind=VisaleClaimKind.IMPAYES) | Q(charges_amount=0)),
                name="visale_claim_charges_within_amount",
                violation_error_message="La part des charges est comprise dans le montant d'un impayé (aucune pour "
                "des dégradations).",
            ),
            models.CheckConstraint(
                condition=Q(
                    status=VisaleClaimStatus.INDEMNISEE,
                    paid_on__isnull=False,
                    paid_amount__isnull=False,
                    paid_amount__gt=0,
                    paid_amount__lte=F("amount"),
                )
                | (
                    ~Q(status=VisaleClaimStatus.INDEMNISEE)
                    & Q(paid_on__isnull=True, paid_amount__isnull=True)
                ),
                name="visale_claim_payout_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"Sinistre Visale du {self.declared_on:%d/%m/%Y}"
