"""Loc'Avantages reference data and local bonuses.

`RentCeiling`: the per-commune monthly rent ceilings (€/m², excluding charges) of each year's arrêté, per
level — reference data loaded from a CSV (`ceilings.py`), never computed. `LocalBonusScheme`: a « prime
locale » a local authority pays an owner who lets through IML in its territory (a commune or an EPCI).
`BonusGrant`: a prime granted for one dwelling of the park (the local authority's figures).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from clef.dwellings.enums import ManagementMode, RentLevel
from clef.dwellings.models import within
from clef.utils import bounds
from clef.utils.bounds import Bound, no_control_characters

CEILING_YEAR = Bound("l'année du plafond", 2022, 2100, grouped=False)
EUR_PER_M2 = Bound("le plafond au mètre carré", Decimal("1"), Decimal("100"), "€/m²")
BONUS_AMOUNT = Bound("le montant de la prime", Decimal("1"), Decimal("100000"), "€")
SCHEME_DATE = bounds.date_bound("la date de validité")
GRANT_DATE = bounds.date_bound("la date d'attribution")
PAYMENT_DATE = bounds.date_bound("la date de versement")


class RentCeilingQuerySet(models.QuerySet):
    def for_commune_year(self, commune_id: str, year: int):
        return self.filter(commune_id=commune_id, year=year)


class RentCeiling(models.Model):
    year = models.PositiveSmallIntegerField("année", validators=[CEILING_YEAR])
    commune = models.ForeignKey(
        "territories.Commune", on_delete=models.PROTECT, related_name="rent_ceilings", verbose_name="commune"
    )
    level = models.CharField("niveau", max_length=10, choices=RentLevel.choices)
    eur_per_m2 = models.DecimalField(
        "plafond (€/m² par mois, hors charges)", max_digits=6, decimal_places=2, validators=[EUR_PER_M2]
    )
    is_sample = models.BooleanField(
        "valeur d'exemple", default=False, help_text="Valeur de démonstration, pas celle de l'arrêté."
    )
    source = models.CharField("source", max_length=200, blank=True, validators=[no_control_characters])
    loaded_at = models.DateTimeField("chargé le", auto_now=True)

    objects = RentCeilingQuerySet.as_manager()

    class Meta:
        verbose_name = "plafond de loyer Loc'Avantages"
        verbose_name_plural = "plafonds de loyer Loc'Avantages"
        ordering = ["-year", "commune_id", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "commune", "level"], name="rentceiling_unique_year_level"
            ),
            models.CheckConstraint(condition=within("year", CEILING_YEAR), name="rentceiling_year_bounds"),
            models.CheckConstraint(
                condition=within("eur_per_m2", EUR_PER_M2), name="rentceiling_value_bounds"
            ),
            models.CheckConstraint(condition=Q(level__in=RentLevel.values), name="rentceiling_level_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.year} {self.get_level_display()} : {self.eur_per_m2} €/m²"


class CeilingFile(models.Model):
    """One load of a ceilings file (upload page or `load_rent_ceilings`): the trace of who changed the
    reference data, when, from which file (SHA-256), and what it changed."""

    name = models.CharField("fichier", max_length=200)
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    is_sample = models.BooleanField("valeurs d'exemple", default=False)
    years = models.CharField("années", max_length=100)
    rows = models.PositiveIntegerField("lignes")
    created = models.PositiveIntegerField("plafonds ajoutés")
    updated = models.PositiveIntegerField("plafonds modifiés")
    unchanged = models.PositiveIntegerField("plafonds inchangés")
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="chargé par",
        help_text="Vide : chargé par la commande load_rent_ceilings.",
    )
    loaded_at = models.DateTimeField("chargé le", auto_now_add=True)

    class Meta:
        verbose_name = "fichier de plafonds chargé"
        verbose_name_plural = "fichiers de plafonds chargés"
        ordering = ["-loaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.years})"


class LocalBonusSchemeQuerySet(models.QuerySet):
    def in_force_on(self, day):
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day), valid_from__lte=day)

    def for_commune(self, commune):
        """Schemes of the commune itself or of its EPCI (an arrondissement: also its parent commune's)."""
        condition = Q(commune_id=commune.pk)
        if commune.parent_id:
            condition |= Q(commune_id=commune.parent_id)
        if commune.epci_id:
            condition |= Q(epci_id=commune.epci_id)
        return self.filter(condition)


class LocalBonusScheme(models.Model):
    """A « prime locale »: paid by a local authority to an owner letting through IML in its territory."""

    authority = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bonus_schemes",
        limit_choices_to={"kind": "local_authority"},
        verbose_name="collectivité qui la finance",
    )
    name = models.CharField("nom de la prime", max_length=200, validators=[no_control_characters])
    epci = models.ForeignKey(
        "territories.Epci",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bonus_schemes",
        verbose_name="EPCI",
    )
    commune = models.ForeignKey(
        "territories.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bonus_schemes",
        verbose_name="commune",
    )
    amount = models.DecimalField("montant (€)", max_digits=8, decimal_places=2, validators=[BONUS_AMOUNT])
    for_mandat_gestion = models.BooleanField(ManagementMode.MANDAT_GESTION.label, default=True)
    for_sous_location = models.BooleanField(ManagementMode.SOUS_LOCATION.label, default=True)
    for_bail_glissant = models.BooleanField(ManagementMode.BAIL_GLISSANT.label, default=True)
    for_loc1 = models.BooleanField(RentLevel.LOC1.label, default=True)
    for_loc2 = models.BooleanField(RentLevel.LOC2.label, default=True)
    for_loc3 = models.BooleanField(RentLevel.LOC3.label, default=True)
    for_sans_convention = models.BooleanField("sans convention Loc'Avantages", default=False)
    valid_from = models.DateField("en vigueur du", validators=[SCHEME_DATE])
    valid_until = models.DateField("jusqu'au", null=True, blank=True, validators=[SCHEME_DATE])
    comments = models.TextField("conditions et commentaires", max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="créée par",
    )
    version = models.PositiveIntegerField("version", default=1, editable=False)

    objects = LocalBonusSchemeQuerySet.as_manager()

    class Meta:
        verbose_name = "prime locale"
        verbose_name_plural = "primes locales"
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(epci__isnull=True) & Q(commune__isnull=False))
                | (Q(epci__isnull=False) & Q(commune__isnull=True)),
                name="bonusscheme_one_territory",
                violation_error_message="Choisissez une commune ou un EPCI (l'un des deux, pas les deux).",
            ),
            models.CheckConstraint(
                condition=within("amount", BONUS_AMOUNT), name="bonusscheme_amount_bounds"
            ),
            models.CheckConstraint(
                condition=within("valid_from", SCHEME_DATE), name="bonusscheme_valid_from_bounds"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="bonusscheme_until_after_from",
                violation_error_message="La fin de validité ne peut pas précéder son début.",
            ),
            models.CheckConstraint(
                condition=Q(for_mandat_gestion=True) | Q(for_sous_location=True) | Q(for_bail_glissant=True),
                name="bonusscheme_some_mode",
                violation_error_message="Cochez au moins un mode de gestion.",
            ),
            models.CheckConstraint(
                condition=Q(for_loc1=True)
                | Q(for_loc2=True)
                | Q(for_loc3=True)
                | Q(for_sans_convention=True),
                name="bonusscheme_some_level",
                violation_error_message="Cochez au moins un niveau de loyer (ou « sans convention »).",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def territory(self):
        return self.commune if self.commune_id else self.epci

    def applies_to_mode(self, mode: str) -> bool:
        return bool(getattr(self, f"for_{mode}", False))

    def applies_to_level(self, level: str | None) -> bool:
        return bool(getattr(self, f"for_{level}" if level else "for_sans_convention", False))

    def in_force_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class BonusGrant(models.Model):
    """A local bonus granted to the owner of one dwelling of the park (managed by `organisation`)."""

    scheme = models.ForeignKey(
        LocalBonusScheme, on_delete=models.PROTECT, related_name="grants", verbose_name="prime locale"
    )
    dwelling = models.ForeignKey(
        "dwellings.Dwelling", on_delete=models.PROTECT, related_name="bonus_grants", verbose_name="logement"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="bonus_grants",
        verbose_name="structure gestionnaire",
    )
    amount = models.DecimalField("montant (€)", max_digits=8, decimal_places=2, validators=[BONUS_AMOUNT])
    granted_on = models.DateField("accordée le", validators=[GRANT_DATE])
    paid_on = models.DateField("versée le", null=True, blank=True, validators=[PAYMENT_DATE])
    comments = models.CharField("commentaire", max_length=200, blank=True, validators=[no_control_characters])
    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        verbose_name = "prime locale accordée"
        verbose_name_plural = "primes locales accordées"
        ordering = ["-granted_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=within("amount", BONUS_AMOUNT), name="bonusgrant_amount_bounds"),
            models.CheckConstraint(
                condition=within("granted_on", GRANT_DATE), name="bonusgrant_granted_bounds"
            ),
            models.CheckConstraint(
                condition=Q(paid_on__isnull=True) | Q(paid_on__gte=models.F("granted_on")),
                name="bonusgrant_paid_after_granted",
                violation_error_message="La prime ne peut pas être versée avant d'être accordée.",
            ),
            models.UniqueConstraint(
                fields=["scheme", "dwelling"],
                name="bonusgrant_once_per_dwelling",
                violation_error_message="Cette prime est déjà accordée pour ce logement.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} — {self.dwelling}"
