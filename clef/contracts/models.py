"""What binds the managing operator to an owner: the Anah convention of a dwelling, the contract (a
management mandate or a main lease for sous-location, with or without a glissement clause) and the
owner's bank details (encrypted at rest).

Every record belongs to the managing operator (`organisation`). The rental-management work posts rent
against `Contract` (rent, charges, fee_percent, starts_on, kind, bank_account): these names are kept."""

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from clef.contracts import rules
from clef.contracts.enums import ContractKind, ConventionStatus, ConventionWorks
from clef.dwellings.enums import DwellingExitReason, RentLevel
from clef.dwellings.models import within
from clef.utils import bounds
from clef.utils.bounds import Bound, date_bound, no_control_characters
from clef.utils.crypto import EncryptedTextField

DURATION_YEARS = Bound("la durée de la convention", 6, 15, "ans")
# No "%" in the wording: Django interpolates a validator message with its params ("% ." would fail).
FEE_PERCENT = Bound("la valeur des frais de gestion (pourcentage des loyers)", 0, 100)
REQUEST_DATE = date_bound("la date de la demande")
SIGNATURE_DATE = date_bound("la date de signature")
START_DATE = date_bound("la date de prise d'effet")
END_DATE = date_bound("la date de fin")
RENEWAL_DATE = date_bound("la date de renouvellement")
ENDED_DATE = date_bound("la date de fin effective")
HOLDER_MAX = 140
COMMENTS_MAX = 1000
IBAN_MAX = 34
BIC_MAX = 11
CONTRACT_IN_FORCE = "Ce logement a déjà un contrat en cours : terminez-le avant d'en enregistrer un autre."
CONVENTION_OPEN = "Ce logement a déjà une convention Anah demandée ou signée : terminez-la d'abord."
# The encrypted columns: never loaded where the display is masked (OwnerBankAccount.load_clear reads them).
ENCRYPTED_FIELDS = ("holder", "iban", "bic")
UNREADABLE = "illisible (clé de chiffrement)"

logger = logging.getLogger(__name__)


class AnahConventionQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id: int):
        return self.filter(organisation_id=organisation_id)

    def open(self):
        """Requested or signed: not terminated."""
        return self.exclude(status=ConventionStatus.TERMINEE)


class AnahConvention(models.Model):
    """An Anah convention (Loc'Avantages): with or without works, a rent level, a duration from the
    first lease (« prend effet avec le premier bail »)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    dwelling = models.ForeignKey(
        "dwellings.Dwelling",
        on_delete=models.PROTECT,
        related_name="anah_conventions",
        verbose_name="logement",
    )
    landlord = models.ForeignKey(
        "captation.Landlord",
        on_delete=models.PROTECT,
        related_name="anah_conventions",
        verbose_name="propriétaire",
    )
    works = models.CharField("travaux", max_length=20, choices=ConventionWorks.choices)
    level = models.CharField("niveau de loyer", max_length=4, choices=RentLevel.choices)
    requested_on = models.DateField("demandée le", validators=[REQUEST_DATE])
    signed_on = models.DateField("signée le", null=True, blank=True, validators=[SIGNATURE_DATE])
    starts_on = models.DateField(
        "prend effet le",
        null=True,
        blank=True,
        validators=[START_DATE],
        help_text="La convention prend effet avec le premier bail.",
    )
    duration_years = models.PositiveSmallIntegerField("durée (ans)", validators=[DURATION_YEARS])
    ends_on = models.DateField("échéance", null=True, blank=True, validators=[END_DATE])
    status = models.CharField(
        "état", max_length=10, choices=ConventionStatus.choices, default=ConventionStatus.DEMANDEE
    )
    ended_on = models.DateField("terminée le", null=True, blank=True, validators=[ENDED_DATE])
    renews = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name="renouvelle la convention",
    )
    comments = models.TextField(
        "observations", max_length=COMMENTS_MAX, blank=True, validators=[MaxLengthValidator(COMMENTS_MAX)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisie par"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    objects = AnahConventionQuerySet.as_manager()

    class Meta:
        verbose_name = "convention Anah"
        verbose_name_plural = "conventions Anah"
        ordering = ["-requested_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=within("duration_years", DURATION_YEARS), name="convention_duration_bounds"
            ),
            models.CheckConstraint(
                condition=within("requested_on", REQUEST_DATE), name="convention_requested_on_bounds"
            ),
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True) | Q(signed_on__gte=F("requested_on")),
                name="convention_signed_after_request",
            ),
            models.CheckConstraint(
                condition=Q(status=ConventionStatus.DEMANDEE, signed_on__isnull=True)
                | Q(status=ConventionStatus.SIGNEE, signed_on__isnull=False)
                | Q(status=ConventionStatus.TERMINEE),  # a withdrawn request was never signed
                name="convention_signed_on_iff_signed",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True, ends_on__isnull=True)
                | Q(starts_on__isnull=False, ends_on__isnull=False, ends_on__gt=F("starts_on")),
                name="convention_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status=ConventionStatus.TERMINEE, ended_on__isnull=False)
                | (~Q(status=ConventionStatus.TERMINEE) & Q(ended_on__isnull=True)),
                name="convention_ended_on_iff_terminated",
            ),
            models.UniqueConstraint(
                fields=["dwelling"],
                condition=~Q(status=ConventionStatus.TERMINEE),
                name="convention_one_open_per_dwelling",
                violation_error_message=CONVENTION_OPEN,
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status", "ends_on"], name="convention_org_end_idx")]

    def __str__(self) -> str:
        return f"Convention Anah {self.get_works_display().lower()}, {self.get_level_display()}"

    def get_absolute_url(self) -> str:
        return reverse("www:convention_detail", args=[self.pk])

    def clean(self) -> None:
        if self.works:
            rules.check_convention_duration(self.works, self.duration_years)
        if self.requested_on:
            rules.check_convention_request(requested_on=self.requested_on, first_lease_on=self.starts_on)


class OwnerBankAccount(models.Model):
    """An owner's bank details for the payment of rents. Holder, IBAN and BIC are encrypted at rest; the
    first and last four characters of the IBAN stay readable for the masked display « FR76 •••• 0189 »."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    landlord = models.ForeignKey(
        "captation.Landlord",
        on_delete=models.PROTECT,
        related_name="bank_accounts",
        verbose_name="propriétaire",
    )
    holder = EncryptedTextField(
        "titulaire du compte", validators=[MaxLengthValidator(HOLDER_MAX), no_control_characters]
    )
    iban = EncryptedTextField("IBAN", validators=[MaxLengthValidator(IBAN_MAX)])
    bic = EncryptedTextField("BIC", blank=True, validators=[MaxLengthValidator(BIC_MAX)])
    iban_start = models.CharField("début de l'IBAN", max_length=4, editable=False)
    iban_last4 = models.CharField("fin de l'IBAN", max_length=4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisies par"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "coordonnées bancaires du propriétaire"
        verbose_name_plural = "coordonnées bancaires des propriétaires"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.masked

    def get_absolute_url(self) -> str:
        return reverse("www:bank_account_detail", args=[self.pk])

    @property
    def masked(self) -> str:
        """« FR76 •••• 0189 »: what every reader without the right to read bank details sees."""
        return f"{self.iban_start} •••• {self.iban_last4}"

    @property
    def iban_grouped(self) -> str:
        """The clear IBAN by groups of four: « FR76 3000 6000 0112 3456 7890 189 »."""
        if self.iban == UNREADABLE:
            return self.iban
        return " ".join(self.iban[i : i + 4] for i in range(0, len(self.iban), 4))

    def load_clear(self) -> bool:
        """Reads the encrypted holder, IBAN and BIC (deferred by the masked displays). A value the key
        cannot decrypt reads « illisible (clé de chiffrement) » instead of failing the page; it is logged
        with the record's id only (no personal data)."""
        try:
            self.refresh_from_db(fields=ENCRYPTED_FIELDS)
        except ImproperlyConfigured:
            logger.warning("Coordonnées bancaires %s illisibles : clé de chiffrement différente.", self.pk)
            self.holder = self.iban = self.bic = UNREADABLE
            return False
        return True


class ContractQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id: int):
        return self.filter(organisation_id=organisation_id)

    def in_force(self):
        """Not ended (one per dwelling at most: contract_one_in_force_per_dwelling)."""
        return self.filter(ended_on__isnull=True)


class Contract(models.Model):
    """The contract with the owner: a management mandate (« mandat de gestion ») or a main lease the
    operator sublets (« bail principal »), with or without a glissement clause (bail glissant)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    dwelling = models.ForeignKey(
        "dwellings.Dwelling", on_delete=models.PROTECT, related_name="contracts", verbose_name="logement"
    )
    landlord = models.ForeignKey(
        "captation.Landlord", on_delete=models.PROTECT, related_name="contracts", verbose_name="propriétaire"
    )
    kind = models.CharField("type de contrat", max_length=20, choices=ContractKind.choices)
    glissement_clause = models.BooleanField(
        "clause de glissement (bail glissant)",
        default=False,
        help_text="Bail principal seulement : le ménage pourra reprendre le bail à son nom.",
    )
    signed_on = models.DateField("signé le", validators=[SIGNATURE_DATE])
    starts_on = models.DateField("prend effet le", validators=[START_DATE])
    ends_on = models.DateField("échéance prévue", null=True, blank=True, validators=[END_DATE])
    renewal_on = models.DateField("prochain renouvellement", null=True, blank=True, validators=[RENEWAL_DATE])
    tacit_renewal = models.BooleanField("reconduction tacite", default=False)
    rent = models.DecimalField(
        "loyer hors charges (€/mois)", max_digits=8, decimal_places=2, validators=[bounds.RENT]
    )
    charges = models.DecimalField(
        "charges (€/mois)", max_digits=8, decimal_places=2, default=0, validators=[bounds.CHARGES]
    )
    fee_percent = models.DecimalField(
        "frais de gestion (% des loyers encaissés)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[FEE_PERCENT],
        help_text="Mandat de gestion seulement.",
    )
    bank_account = models.ForeignKey(
        OwnerBankAccount,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
        verbose_name="coordonnées bancaires",
    )
    ended_on = models.DateField("terminé le", null=True, blank=True, validators=[ENDED_DATE])
    end_reason = models.CharField(
        "motif de fin", max_length=30, choices=DwellingExitReason.choices, blank=True
    )
    lead = models.ForeignKey(
        "captation.Lead",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
        verbose_name="dossier de captation",
    )
    comments = models.TextField(
        "observations", max_length=COMMENTS_MAX, blank=True, validators=[MaxLengthValidator(COMMENTS_MAX)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisi par"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = "contrat avec le propriétaire"
        verbose_name_plural = "contrats avec les propriétaires"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dwelling"],
                condition=Q(ended_on__isnull=True),
                name="contract_one_in_force_per_dwelling",
                violation_error_message=CONTRACT_IN_FORCE,
            ),
            models.CheckConstraint(
                condition=Q(kind=ContractKind.MANDAT_GESTION) | Q(fee_percent__isnull=True),
                name="contract_fee_only_on_mandate",
            ),
            models.CheckConstraint(
                condition=Q(kind=ContractKind.BAIL_PRINCIPAL) | Q(glissement_clause=False),
                name="contract_glissement_only_on_main_lease",
            ),
            models.CheckConstraint(condition=within("rent", bounds.RENT), name="contract_rent_bounds"),
            models.CheckConstraint(
                condition=within("charges", bounds.CHARGES), name="contract_charges_bounds"
            ),
            models.CheckConstraint(
                condition=within("fee_percent", FEE_PERCENT, nullable=True), name="contract_fee_bounds"
            ),
            models.CheckConstraint(
                condition=within("signed_on", SIGNATURE_DATE), name="contract_signed_on_bounds"
            ),
            models.CheckConstraint(
                condition=Q(starts_on__gte=F("signed_on")), name="contract_starts_after_signature"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="contract_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(renewal_on__isnull=True) | Q(renewal_on__gt=F("starts_on")),
                name="contract_renewal_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="")
                | Q(ended_on__isnull=False, ended_on__gte=F("starts_on")) & ~Q(end_reason=""),
                name="contract_ended_with_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "ended_on", "ends_on"], name="contract_org_end_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.starts_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("www:contract_detail", args=[self.pk])

    def clean(self) -> None:
        rules.check_contract(
            kind=self.kind,
            glissement_clause=self.glissement_clause,
            fee_percent=self.fee_percent,
            signed_on=self.signed_on,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            renewal_on=self.renewal_on,
        )

    @property
    def is_in_force(self) -> bool:
        return self.ended_on is None
