"""The regional security fund (« fonds de sécurisation »), managed by a network (e.g. the Fapil AURA): its
contributors and their contributions, the operators' claims (« demandes d'intervention ») for large losses,
the decisions and the payouts. The balance is Σ contributions received − Σ payouts made.

The fund's manager never sees a household's identity: a claim names its operator, its kind, its amounts
and dates; the stay it concerns is kept for the operator's own pages only."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from clef.guarantees import bounds as gb
from clef.guarantees.documents import claim_document_path, validate_document
from clef.guarantees.enums import (
    ContributionKind,
    ContributorKind,
    FundClaimKind,
    FundClaimStatus,
)
from clef.utils import bounds
from clef.utils.bounds import no_control_characters

MONEY = {"max_digits": 12, "decimal_places": 2}


def in_choices(field: str, choices) -> Q:
    return Q(**{f"{field}__in": [value for value, _ in choices.choices]})


class SecurityFundQuerySet(models.QuerySet):
    def of_department(self, code: str):
        """The funds of the department's region, by forward joins only (its region as a subquery)."""
        from clef.territories.models import Department

        return self.filter(region_id__in=Department.objects.filter(pk=code).values("region_id"))


class SecurityFund(models.Model):
    name = models.CharField("nom", max_length=200, validators=[no_control_characters])
    region = models.ForeignKey(
        "territories.Region", on_delete=models.PROTECT, related_name="security_funds", verbose_name="région"
    )
    manager = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="managed_funds",
        limit_choices_to={"kind": "network"},
        verbose_name="gestionnaire (réseau)",
    )
    created_on = models.DateField("créé le", validators=[bounds.DATE])
    comments = models.TextField("commentaires", max_length=2000, blank=True)

    objects = SecurityFundQuerySet.as_manager()

    class Meta:
        verbose_name = "fonds de sécurisation"
        verbose_name_plural = "fonds de sécurisation"
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="fund_unique_name_in_region")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("www:fund_detail", args=[self.pk])


class FundContributor(models.Model):
    fund = models.ForeignKey(SecurityFund, on_delete=models.PROTECT, related_name="contributors")
    kind = models.CharField("type de contributeur", max_length=20, choices=ContributorKind.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fund_contributions",
        verbose_name="organisation",
    )
    name = models.CharField("nom", max_length=200, validators=[no_control_characters])

    class Meta:
        verbose_name = "contributeur du fonds"
        verbose_name_plural = "contributeurs du fonds"
        ordering = ["kind", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=in_choices("kind", ContributorKind), name="fund_contributor_kind"
            ),
            models.CheckConstraint(
                condition=~Q(kind=ContributorKind.OPERATEUR) | Q(organisation__isnull=False),
                name="fund_contributor_operator_named",
                violation_error_message="Une structure d'IML qui cotise doit être choisie dans la liste des organisations.",
            ),
            models.UniqueConstraint(
                fields=["fund", "name"],
                name="fund_contributor_unique_name",
                violation_error_message="Ce fonds a déjà un contributeur de ce nom.",
            ),
            models.UniqueConstraint(
                fields=["fund", "organisation"],
                condition=Q(organisation__isnull=False),
                name="fund_contributor_unique_organisation",
                violation_error_message="Cette organisation contribue déjà au fonds.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FundContribution(models.Model):
    fund = models.ForeignKey(SecurityFund, on_delete=models.PROTECT, related_name="contributions")
    contributor = models.ForeignKey(
        FundContributor, on_delete=models.PROTECT, related_name="contributions", verbose_name="contributeur"
    )
    year = models.PositiveSmallIntegerField("exercice", validators=[bounds.YEAR])
    amount = models.DecimalField("montant", validators=[gb.CONTRIBUTION], **MONEY)
    received_on = models.DateField("reçue le", validators=[bounds.DATE])
    kind = models.CharField("nature", max_length=20, choices=ContributionKind.choices)
    comments = models.CharField("commentaire", max_length=500, blank=True, validators=[no_control_characters])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "contribution au fonds"
        verbose_name_plural = "contributions au fonds"
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=in_choices("kind", ContributionKind), name="fund_contribution_kind"
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0, amount__lte=10_000_000),
                name="fund_contribution_amount_bounds",
                violation_error_message="Le montant de la contribution doit être positif (10 000 000 € au plus).",
            ),
        ]
        indexes = [models.Index(fields=["fund", "received_on"], name="fund_contribution_received_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} — {self.contributor}"


class FundClaim(models.Model):
    """« Demande d'intervention » of an operator for a large loss."""

    fund = models.ForeignKey(
        SecurityFund, on_delete=models.PROTECT, related_name="claims", verbose_name="fonds"
    )
    operator = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="fund_claims",
        limit_choices_to={"kind": "operator"},
        verbose_name="structure",
    )
    stay = models.ForeignKey(
        "stays.Stay",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fund_claims",
        verbose_name="séjour concerné",
    )
    kind = models.CharField("nature du sinistre", max_length=20, choices=FundClaimKind.choices)
    loss_amount = models.DecimalField("montant du sinistre", validators=[gb.CLAIM_AMOUNT], **MONEY)
    amount_claimed = models.DecimalField("montant demandé", validators=[gb.CLAIM_AMOUNT], **MONEY)
    declared_on = models.DateField("déposée le", validators=[bounds.DATE])
    description = models.TextField(
        "description (sans nom ni élément permettant d'identifier le ménage)", max_length=2000, blank=True
    )
    status = models.CharField(
        "statut", max_length=20, choices=FundClaimStatus.choices, default=FundClaimStatus.DEPOSEE
    )
    decided_on = models.DateField("décidée le", null=True, blank=True, validators=[bounds.DATE])
    amount_granted = models.DecimalField(
        "montant accordé", null=True, blank=True, validators=[gb.PAID_AMOUNT], **MONEY
    )
    decision_note = models.CharField("motif de la décision", max_length=1000, blank=True)
    paid_on = models.DateField("versée le", null=True, blank=True, validators=[bounds.DATE])
    paid_amount = models.DecimalField(
        "montant versé", null=True, blank=True, validators=[gb.PAID_AMOUNT], **MONEY
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        verbose_name = "demande d'intervention du fonds"
        verbose_name_plural = "demandes d'intervention du fonds"
        ordering = ["-declared_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=in_choices("kind", FundClaimKind), name="fund_claim_kind"),
            models.CheckConstraint(condition=in_choices("status", FundClaimStatus), name="fund_claim_status"),
            models.CheckConstraint(
                condition=Q(loss_amount__gt=0, amount_claimed__gt=0, amount_claimed__lte=F("loss_amount")),
                name="fund_claim_claimed_within_loss",
                violation_error_message="Le montant demandé ne peut dépasser le montant du sinistre.",
            ),
            models.CheckConstraint(
                condition=Q(
                    status=FundClaimStatus.DEPOSEE, decided_on__isnull=True, amount_granted__isnull=True
                )
                | Q(status=FundClaimStatus.REFUSEE, decided_on__isnull=False, amount_granted__isnull=True)
                | Q(
                    status__in=[FundClaimStatus.ACCEPTEE, FundClaimStatus.VERSEE],
                    decided_on__isnull=False,
                    amount_granted__isnull=False,
                    amount_granted__gt=0,
                    amount_granted__lte=F("amount_claimed"),
                ),
                name="fund_claim_decision_consistent",
            ),
            models.CheckConstraint(
                condition=Q(
                    status=FundClaimStatus.VERSEE,
                    paid_on__isnull=False,
                    paid_amount__isnull=False,
                    paid_amount__gt=0,
                )
                | (~Q(status=FundClaimStatus.VERSEE) & Q(paid_on__isnull=True, paid_amount__isnull=True)),
                name="fund_claim_payout_consistent",
            ),
            models.CheckConstraint(
                condition=Q(paid_amount__isnull=True) | Q(paid_amount__lte=F("amount_granted")),
                name="fund_claim_paid_within_granted",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("declared_on")),
                name="fund_claim_decided_after_declared",
            ),
            models.CheckConstraint(
                condition=Q(paid_on__isnull=True) | Q(paid_on__gte=F("decided_on")),
                name="fund_claim_paid_after_decided",
            ),
        ]
        indexes = [
            models.Index(fields=["fund", "status"], name="fund_claim_fund_status_idx"),
            models.Index(fields=["fund", "paid_on"], name="fund_claim_fund_paid_idx"),
        ]

    def __str__(self) -> str:
        return f"Demande n° {self.pk} — {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("www:fund_claim_detail", args=[self.pk])


class FundClaimDocument(models.Model):
    claim = models.ForeignKey(FundClaim, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(
        "document (PDF, JPEG, PNG, 5 Mo au plus)",
        upload_to=claim_document_path,
        max_length=200,
        validators=[validate_document],
    )
    caption = models.CharField("intitulé", max_length=200, validators=[no_control_characters])
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pièce d'une demande au fonds"
        verbose_name_plural = "pièces des demandes au fonds"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.caption
