"""The rent ledger, for both management modes: the household's occupancy title (`Lease`, one per stay),
its immutable entries (`LedgerEntry`) on three accounts (the household's, the owner's, the deposit),
temporary rent differentials and the unpaid-rent reports to the CAF/MSA.

Sign convention: a positive amount increases what the account's debtor owes (the household owes the
operator on `menage` and `depot`; the operator owes the owner on `proprietaire`). An entry is never
changed nor deleted: a mistake is cancelled by a `contre_passation` (the opposite amount)."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from clef.dwellings.models import within
from clef.rental import bounds as rb
from clef.rental.declared import DeclaredArrears  # noqa: F401 (the model of the declared arrears)
from clef.rental.enums import (
    Account,
    BenefitKind,
    BenefitPayer,
    BenefitStatus,
    EntryKind,
    EntrySource,
    LedgerMode,
)
from clef.utils import bounds
from clef.utils.bounds import no_control_characters

LEDGER_IMMUTABLE = "Une écriture comptable ne se modifie ni ne se supprime : passez une contre-passation."


class LedgerImmutableError(Exception):
    pass


class LeaseQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id: int):
        return self.filter(organisation_id=organisation_id)

    def active_on(self, day):
        return self.filter(Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day)))


class Lease(models.Model):
    """« Titre d'occupation du ménage »: the sublease / redevance (sous-location) or the tenant's lease
    in a management mandate. One per stay."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    stay = models.OneToOneField(
        "stays.Stay", on_delete=models.PROTECT, related_name="lease", verbose_name="séjour"
    )
    contract = models.ForeignKey(
        "contracts.Contract",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leases",
        verbose_name="contrat avec le propriétaire",
    )
    mode = models.CharField("mode de gestion", max_length=20, choices=LedgerMode.choices)
    starts_on = models.DateField("début", validators=[rb.LEASE_START])
    ends_on = models.DateField("fin", null=True, blank=True, validators=[rb.LEASE_END])
    rent = models.DecimalField(
        "loyer ou redevance hors charges (€/mois)", max_digits=10, decimal_places=2, validators=[bounds.RENT]
    )
    charges = models.DecimalField(
        "provision pour charges (€/mois)",
        max_digits=10,
        decimal_places=2,
        default=0,
        validators=[bounds.CHARGES],
    )
    due_day = models.PositiveSmallIntegerField("jour d'échéance", default=5, validators=[rb.DUE_DAY])
    benefit_kind = models.CharField(
        "aide au logement", max_length=3, choices=BenefitKind.choices, blank=True, default=""
    )
    benefit_payer = models.CharField(
        "organisme payeur", max_length=3, choices=BenefitPayer.choices, blank=True, default=""
    )
    benefit_tiers_payant = models.BooleanField("tiers payant (aide versée au gestionnaire)", default=False)
    benefit_amount = models.DecimalField(
        "montant mensuel de l'aide (€)",
        max_digits=10,
        decimal_places=2,
        default=0,
        validators=[rb.BENEFIT],
    )
    benefit_status = models.CharField(
        "état du versement de l'aide",
        max_length=10,
        choices=BenefitStatus.choices,
        default=BenefitStatus.VERSEE,
    )
    benefit_status_since = models.DateField("depuis le", null=True, blank=True, validators=[bounds.DATE])
    deposit_amount = models.DecimalField(
        "dépôt de garantie (€)", max_digits=10, decimal_places=2, default=0, validators=[rb.DEPOSIT]
    )
    irl_year = models.PositiveSmallIntegerField(
        "IRL de référence : année", null=True, blank=True, validators=[rb.IRL_YEAR]
    )
    irl_quarter = models.PositiveSmallIntegerField(
        "IRL de référence : trimestre", null=True, blank=True, validators=[rb.IRL_QUARTER]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisi par"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    objects = LeaseQuerySet.as_manager()

    class Meta:
        verbose_name = "titre d'occupation du ménage"
        verbose_name_plural = "titres d'occupation des ménages"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=within("rent", bounds.RENT), name="lease_rent_bounds"),
            models.CheckConstraint(condition=within("charges", bounds.CHARGES), name="lease_charges_bounds"),
            models.CheckConstraint(condition=within("due_day", rb.DUE_DAY), name="lease_due_day_bounds"),
            models.CheckConstraint(
                condition=within("benefit_amount", rb.BENEFIT), name="lease_benefit_amount_bounds"
            ),
            models.CheckConstraint(
                condition=within("deposit_amount", rb.DEPOSIT), name="lease_deposit_bounds"
            ),
            models.CheckConstraint(
                condition=within("irl_quarter", rb.IRL_QUARTER, nullable=True),
                name="lease_irl_quarter_bounds",
            ),
            models.CheckConstraint(
                condition=within("starts_on", rb.LEASE_START), name="lease_starts_on_bounds"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="lease_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(mode__in=LedgerMode.values), name="lease_mode_valid"),
        ]
        indexes = [models.Index(fields=["organisation", "ends_on"], name="lease_org_end_idx")]

    def __str__(self) -> str:
        return f"Titre d'occupation {self.payment_reference}"

    def get_absolute_url(self) -> str:
        return reverse("www:lease_ledger", args=[self.pk])

    @property
    def payment_reference(self) -> str:
        """« CLEF-<pk> »: printed on calls and receipts; the bank matching looks for it."""
        return f"CLEF-{self.pk}"


class LedgerEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LedgerImmutableError(LEDGER_IMMUTABLE)

    def delete(self):
        raise LedgerImmutableError(LEDGER_IMMUTABLE)

    def for_organisation(self, organisation_id: int):
        return self.filter(organisation_id=organisation_id)


class LedgerEntry(models.Model):
    """« Écriture »: immutable. See the module docstring for the sign convention."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    lease = models.ForeignKey(
        Lease, on_delete=models.PROTECT, null=True, blank=True, related_name="entries", verbose_name="titre"
    )
    contract = models.ForeignKey(
        "contracts.Contract",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
        verbose_name="contrat",
    )
    account = models.CharField("compte", max_length=12, choices=Account.choices)
    kind = models.CharField("nature", max_length=24, choices=EntryKind.choices)
    period = models.DateField("mois concerné", null=True, blank=True, validators=[rb.PERIOD])
    booked_on = models.DateField("date", validators=[rb.BOOKED_ON])
    amount = models.DecimalField("montant (€)", max_digits=10, decimal_places=2, validators=[rb.ENTRY_AMOUNT])
    benefit_expected = models.DecimalField(
        "part attendue de l'aide (€)",
        max_digits=10,
        decimal_places=2,
        default=0,
        validators=[rb.BENEFIT_EXPECTED],
    )
    label = models.CharField(
        "libellé", max_length=rb.LABEL_MAX, blank=True, validators=[no_control_characters]
    )
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name="contre-passe l'écriture",
    )
    reason = models.TextField(
        "motif", max_length=rb.REASON_MAX, blank=True, validators=[MaxLengthValidator(rb.REASON_MAX)]
    )
    source = models.CharField(
        "origine", max_length=20, choices=EntrySource.choices, default=EntrySource.MANUEL
    )
    source_key = models.CharField("clé d'origine", max_length=100, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="saisie par",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "écriture"
        verbose_name_plural = "écritures"
        ordering = ["booked_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="ledger_entry_amount_not_zero"),
            models.CheckConstraint(
                condition=within("amount", rb.ENTRY_AMOUNT), name="ledger_entry_amount_bounds"
            ),
            models.CheckConstraint(
                condition=within("benefit_expected", rb.BENEFIT_EXPECTED),
                name="ledger_entry_benefit_expected_bounds",
            ),
            models.CheckConstraint(
                condition=Q(lease__isnull=False) | Q(contract__isnull=False),
                name="ledger_entry_lease_or_contract",
            ),
            models.CheckConstraint(
                condition=~Q(kind=EntryKind.CONTRE_PASSATION) | (Q(reverses__isnull=False) & ~Q(reason="")),
                name="ledger_entry_reversal_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(kind=EntryKind.CONTRE_PASSATION) | Q(reverses__isnull=True),
                name="ledger_entry_only_reversal_reverses",
            ),
            models.CheckConstraint(
                condition=Q(account__in=Account.values), name="ledger_entry_account_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["lease", "account", "booked_on"], name="ledger_lease_account_idx"),
            models.Index(fields=["contract", "account", "booked_on"], name="ledger_contract_account_idx"),
            models.Index(fields=["organisation", "booked_on"], name="ledger_org_booked_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.booked_on:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise LedgerImmutableError(LEDGER_IMMUTABLE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerImmutableError(LEDGER_IMMUTABLE)


class RentDifferential(models.Model):
    """« Différentiel de loyer »: a temporary reduction of the household's share (≤ 24 months)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    lease = models.ForeignKey(
        Lease, on_delete=models.PROTECT, related_name="differentials", verbose_name="titre"
    )
    reason = models.CharField(
        "motif", max_length=rb.DIFFERENTIAL_REASON_MAX, validators=[no_control_characters]
    )
    starts_on = models.DateField("premier mois", validators=[rb.PERIOD])
    ends_on = models.DateField("dernier mois", validators=[rb.PERIOD])
    monthly_amount = models.DecimalField(
        "montant mensuel (€)", max_digits=10, decimal_places=2, validators=[rb.DIFFERENTIAL]
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="décidé par"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        verbose_name = "différentiel de loyer"
        verbose_name_plural = "différentiels de loyer"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="differential_ends_after_start"
            ),
            models.CheckConstraint(
                condition=within("monthly_amount", rb.DIFFERENTIAL), name="differential_amount_bounds"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="differential_reason_required"),
        ]

    def __str__(self) -> str:
        return f"Différentiel du {self.starts_on:%m/%Y} au {self.ends_on:%m/%Y}"


class CafReport(models.Model):
    """« Signalement d'impayé à la CAF/MSA »."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    lease = models.ForeignKey(
        Lease, on_delete=models.PROTECT, related_name="caf_reports", verbose_name="titre"
    )
    reported_on = models.DateField("signalé le", validators=[rb.REPORTED_ON, rb.REPORTED_ON_NOT_IN_FUTURE])
    debt = models.DecimalField(
        "dette signalée (€)", max_digits=10, decimal_places=2, validators=[rb.CAF_DEBT]
    )
    payer = models.CharField("organisme", max_length=3, choices=BenefitPayer.choices)
    reference = models.CharField(
        "référence", max_length=rb.CAF_REFERENCE_MAX, blank=True, validators=[no_control_characters]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisi par"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "signalement d'impayé à la CAF/MSA"
        verbose_name_plural = "signalements d'impayés à la CAF/MSA"
        ordering = ["-reported_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=within("debt", rb.CAF_DEBT), name="caf_report_debt_bounds"),
            models.CheckConstraint(condition=~Q(payer=""), name="caf_report_payer_required"),
        ]

    def __str__(self) -> str:
        return f"Signalement du {self.reported_on:%d/%m/%Y}"
