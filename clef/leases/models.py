"""The yearly life of a lease (« vie du bail »): the rent reference index (IRL), the yearly rent revision,
the yearly charges regularisation and the return of the security deposit.

`IrlIndex` is reference data loaded by the platform administrator (`irl.py`, page and `load_irl`). The other
records belong to the managing operator (`organisation`) and point at the household's `rental.Lease` (or, for
the owner's rent of a main lease, at the `contracts.Contract`). Amounts move in the ledger only through
`clef.rental.services` (posted by `clef.leases.services`)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from clef.dwellings.models import within
from clef.leases.bounds import (
    ACTUAL_CHARGES,
    DEDUCTIONS,
    IRL_QUARTER,
    IRL_VALUE,
    IRL_YEAR,
    REASON_MAX,
    REGULARISATION_YEAR,
    RETURNED_ON_NOT_IN_FUTURE,
    REVISION_DATE,
)
from clef.utils import bounds
from clef.utils.bounds import no_control_characters


class IrlIndex(models.Model):
    """One quarterly value of the INSEE « indice de référence des loyers » (base 100 = T4 1998)."""

    year = models.PositiveSmallIntegerField("année", validators=[IRL_YEAR])
    quarter = models.PositiveSmallIntegerField("trimestre", validators=[IRL_QUARTER])
    value = models.DecimalField("valeur", max_digits=7, decimal_places=2, validators=[IRL_VALUE])
    published_on = models.DateField(
        "publié le", null=True, blank=True, validators=[bounds.date_bound("la date de publication")]
    )
    is_sample = models.BooleanField(
        "valeur d'exemple",
        default=False,
        help_text="Valeur non vérifiée à la source (INSEE) : à remplacer par la valeur publiée.",
    )
    loaded_at = models.DateTimeField("chargé le", auto_now=True)

    class Meta:
        verbose_name = "indice de référence des loyers"
        verbose_name_plural = "indices de référence des loyers"
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="irlindex_unique_quarter"),
            models.CheckConstraint(condition=within("year", IRL_YEAR), name="irlindex_year_bounds"),
            models.CheckConstraint(condition=within("quarter", IRL_QUARTER), name="irlindex_quarter_bounds"),
            models.CheckConstraint(condition=within("value", IRL_VALUE), name="irlindex_value_bounds"),
        ]

    def __str__(self) -> str:
        return f"IRL {self.label} : {self.value}"

    @property
    def label(self) -> str:
        """« T1 2025 »."""
        return f"T{self.quarter} {self.year}"


class IrlFile(models.Model):
    """One load of an IRL file (upload page or `load_irl`): who changed the reference data, when, from which
    file (SHA-256), and what it changed."""

    name = models.CharField("fichier", max_length=200)
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    rows = models.PositiveIntegerField("lignes")
    created = models.PositiveIntegerField("indices ajoutés")
    updated = models.PositiveIntegerField("indices modifiés")
    unchanged = models.PositiveIntegerField("indices inchangés")
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="chargé par",
        help_text="Vide : chargé par la commande load_irl.",
    )
    loaded_at = models.DateTimeField("chargé le", auto_now_add=True)

    class Meta:
        verbose_name = "fichier d'indices IRL chargé"
        verbose_name_plural = "fichiers d'indices IRL chargés"
        ordering = ["-loaded_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class RevisionStatus(models.TextChoices):
    PROPOSEE = "proposee", "Proposée"
    APPLIQUEE = "appliquee", "Appliquée"
    ECARTEE = "ecartee", "Écartée"


class RentRevisionQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id: int):
        return self.filter(organisation_id=organisation_id)


class RentRevision(models.Model):
    """The yearly revision of a rent by the IRL, decided at an anniversary: the household's rent (`lease`) or
    the rent the operator pays the owner under a main lease (`contract`) — exactly one of them."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    lease = models.ForeignKey(
        "rental.Lease",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name="titre d'occupation",
    )
    contract = models.ForeignKey(
        "contracts.Contract",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name="contrat avec le propriétaire",
    )
    due_on = models.DateField("date anniversaire", validators=[REVISION_DATE])
    old_rent = models.DecimalField(
        "loyer avant révision", max_digits=10, decimal_places=2, validators=[bounds.RENT]
    )
    new_rent = models.DecimalField("loyer révisé", max_digits=10, decimal_places=2, validators=[bounds.RENT])
    irl_old = models.ForeignKey(
        IrlIndex, on_delete=models.PROTECT, related_name="+", verbose_name="indice de référence"
    )
    irl_new = models.ForeignKey(
        IrlIndex, on_delete=models.PROTECT, related_name="+", verbose_name="nouvel indice"
    )
    status = models.CharField(
        "décision", max_length=10, choices=RevisionStatus.choices, default=RevisionStatus.PROPOSEE
    )
    reason = models.CharField(
        "motif (révision écartée)",
        max_length=REASON_MAX,
        blank=True,
        validators=[no_control_characters],
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="décidée par",
    )
    decided_on = models.DateField("décidée le", null=True, blank=True, validators=[REVISION_DATE])
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    objects = RentRevisionQuerySet.as_manager()

    class Meta:
        verbose_name = "révision de loyer"
        verbose_name_plural = "révisions de loyer"
        ordering = ["-due_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lease__isnull=False, contract__isnull=True)
                | Q(lease__isnull=True, contract__isnull=False),
                name="rentrevision_lease_or_contract",
            ),
            models.UniqueConstraint(
                fields=["lease", "due_on"],
                condition=Q(lease__isnull=False),
                name="rentrevision_one_per_lease_year",
            ),
            models.UniqueConstraint(
                fields=["contract", "due_on"],
                condition=Q(contract__isnull=False),
                name="rentrevision_one_per_contract_year",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RevisionStatus.values), name="rentrevision_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=RevisionStatus.ECARTEE) | ~Q(reason=""),
                name="rentrevision_dismissal_reason",
            ),
            models.CheckConstraint(
                condition=within("old_rent", bounds.RENT), name="rentrevision_old_rent_bounds"
            ),
            models.CheckConstraint(
                condition=within("new_rent", bounds.RENT), name="rentrevision_new_rent_bounds"
            ),
            models.CheckConstraint(
                condition=within("due_on", REVISION_DATE), name="rentrevision_due_on_bounds"
            ),
        ]

    def __str__(self) -> str:
        return f"Révision du {self.due_on:%d/%m/%Y} : {self.old_rent} → {self.new_rent}"


class ChargesRegularisationQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id: int):
        return self.filter(organisation_id=organisation_id)


class ChargesRegularisation(models.Model):
    """The yearly regularisation of a lease's charges: the provisions called in the year (from the ledger)
    against the actual charges; the difference is posted to the household's account (± entry)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    lease = models.ForeignKey(
        "rental.Lease",
        on_delete=models.PROTECT,
        related_name="regularisations",
        verbose_name="titre d'occupation",
    )
    year = models.PositiveSmallIntegerField("année régularisée", validators=[REGULARISATION_YEAR])
    provisions = models.DecimalField(
        "provisions appelées", max_digits=10, decimal_places=2, validators=[bounds.DEBT]
    )
    actual_charges = models.DecimalField(
        "charges réelles", max_digits=10, decimal_places=2, validators=[ACTUAL_CHARGES]
    )
    difference = models.DecimalField(
        "différence (à payer si positive, à rendre si négative)", max_digits=10, decimal_places=2
    )
    entry = models.OneToOneField(
        "rental.LedgerEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="charges_regularisation",
        verbose_name="écriture",
    )
    done_on = models.DateField("faite le", validators=[REVISION_DATE])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisie par"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    objects = ChargesRegularisationQuerySet.as_manager()

    class Meta:
        verbose_name = "régularisation des charges"
        verbose_name_plural = "régularisations des charges"
        ordering = ["-year", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["lease", "year"], name="chargesregularisation_one_per_year"),
            models.CheckConstraint(
                condition=within("year", REGULARISATION_YEAR), name="chargesregularisation_year_bounds"
            ),
            models.CheckConstraint(
                condition=within("provisions", bounds.DEBT), name="chargesregularisation_provisions_bounds"
            ),
            models.CheckConstraint(
                condition=within("actual_charges", ACTUAL_CHARGES), name="chargesregularisation_actual_bounds"
            ),
        ]

    def __str__(self) -> str:
        return f"Régularisation des charges {self.year}"


class DepositReturnQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id: int):
        return self.filter(organisation_id=organisation_id)

    def pending(self):
        return self.filter(returned_on__isnull=True)


class DepositReturn(models.Model):
    """The return of the security deposit after the household left: deductions (kept on the deposit to
    settle what the household owes) and the amount given back, due 1 or 2 months after the exit."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    lease = models.OneToOneField(
        "rental.Lease",
        on_delete=models.PROTECT,
        related_name="deposit_return",
        verbose_name="titre d'occupation",
    )
    exit_on = models.DateField("sortie le", validators=[REVISION_DATE])
    held = models.DecimalField("dépôt détenu", max_digits=10, decimal_places=2, validators=[DEDUCTIONS])
    inventory_matches = models.BooleanField(
        "état des lieux de sortie conforme à celui d'entrée",
        default=True,
        help_text="Conforme : restitution sous un mois ; sinon sous deux mois.",
    )
    deductions = models.DecimalField(
        "retenues", max_digits=10, decimal_places=2, default=Decimal("0"), validators=[DEDUCTIONS]
    )
    deduction_reason = models.CharField(
        "motif des retenues", max_length=REASON_MAX, blank=True, validators=[no_control_characters]
    )
    returned_amount = models.DecimalField(
        "montant restitué", max_digits=10, decimal_places=2, validators=[DEDUCTIONS]
    )
    due_by = models.DateField("à restituer au plus tard le", validators=[REVISION_DATE])
    returned_on = models.DateField(
        "restitué le", null=True, blank=True, validators=[REVISION_DATE, RETURNED_ON_NOT_IN_FUTURE]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisi par"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    objects = DepositReturnQuerySet.as_manager()

    class Meta:
        verbose_name = "restitution du dépôt de garantie"
        verbose_name_plural = "restitutions du dépôt de garantie"
        ordering = ["due_by", "pk"]
        constraints = [
            models.CheckConstraint(condition=within("held", DEDUCTIONS), name="depositreturn_held_bounds"),
            models.CheckConstraint(
                condition=within("deductions", DEDUCTIONS), name="depositreturn_deductions_bounds"
            ),
            models.CheckConstraint(
                condition=Q(deductions__lte=F("held")), name="depositreturn_deductions_within_deposit"
            ),
            models.CheckConstraint(
                condition=Q(deductions=0) | ~Q(deduction_reason=""), name="depositreturn_deduction_reason"
            ),
            models.CheckConstraint(
                condition=Q(returned_on__isnull=True) | Q(returned_on__gte=F("exit_on")),
                name="depositreturn_returned_after_exit",
            ),
        ]

    def __str__(self) -> str:
        return f"Restitution du dépôt de garantie ({self.returned_amount})"
