from datetime import date

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from clef.dwellings import rules
from clef.dwellings.enums import (
    Conventionnement,
    DwellingExitReason,
    ManagementMode,
    Parc,
    RentLevel,
    Typology,
)
from clef.utils import bounds
from clef.utils.bounds import Bound, no_control_characters
from clef.utils.models import ExternalIdMixin


def within(field: str, bound: Bound, *, nullable: bool = False) -> Q:
    """The condition of a CheckConstraint that keeps `field` inside `bound` (the same rule as the field's
    validator, enforced by the database for every writer: forms, services, importer, raw SQL)."""
    condition = Q(**{f"{field}__gte": bound.minimum, f"{field}__lte": bound.maximum})
    return Q(**{f"{field}__isnull": True}) | condition if nullable else condition


class DwellingQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def in_park_on(self, day: date):
        """In the park from its entry day until the day before its exit day."""
        return self.filter(Q(entry_date__lte=day) & (Q(exit_date__isnull=True) | Q(exit_date__gt=day)))

    def out_of_park_on(self, day: date):
        return self.exclude(pk__in=self.in_park_on(day).values("pk"))

    def entered_in(self, year: int):
        return self.filter(entry_date__year=year)

    def left_in(self, year: int):
        return self.filter(exit_date__year=year)

    def with_occupancy_on(self, day: date):
        """`is_occupied`: a household holds the dwelling that day. A stay ending that day (an exit, an
        internal move) frees it: another household may enter the same day."""
        stays = self.model._meta.get_field("stays").related_model.objects
        return self.annotate(is_occupied=Exists(stays.filter(dwelling=OuterRef("pk")).holding_on(day)))

    def vacant_on(self, day: date):
        return self.in_park_on(day).with_occupancy_on(day).filter(is_occupied=False)

    def occupied_on(self, day: date):
        return self.in_park_on(day).with_occupancy_on(day).filter(is_occupied=True)


class Dwelling(ExternalIdMixin, models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="dwellings",
        verbose_name="structure",
        db_index=False,  # covered by the composite indexes that start with organisation
    )
    external_id = models.CharField(
        "identifiant d'échange", max_length=100, blank=True, validators=[no_control_characters]
    )
    commune = models.ForeignKey(
        "territories.Commune", on_delete=models.PROTECT, related_name="dwellings", verbose_name="commune"
    )
    address = models.CharField("adresse", max_length=250, blank=True, validators=[no_control_characters])
    typology = models.CharField("typologie", max_length=3, choices=Typology.choices)
    surface_m2 = models.DecimalField(
        "surface habitable (m²)",
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[bounds.SURFACE_M2],
    )
    places = models.PositiveSmallIntegerField("places théoriques", validators=[bounds.PLACES])
    parc = models.CharField("parc", max_length=10, choices=Parc.choices)
    management_mode = models.CharField("mode de gestion", max_length=20, choices=ManagementMode.choices)
    conventionnement = models.CharField(
        "conventionnement Anah",
        max_length=20,
        choices=Conventionnement.choices,
        default=Conventionnement.AUCUN,
    )
    rent_level = models.CharField(
        "niveau de loyer (Loc'Avantages)", max_length=4, choices=RentLevel.choices, blank=True
    )
    rent_hc = models.DecimalField(
        "loyer hors charges (€/mois)",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[bounds.RENT],
    )
    charges = models.DecimalField(
        "charges (€/mois)",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[bounds.CHARGES],
    )
    entry_date = models.DateField("date d'entrée dans le parc IML", validators=[bounds.ENTRY_DATE])
    exit_date = models.DateField(
        "date de sortie du parc", null=True, blank=True, validators=[bounds.EXIT_DATE]
    )
    exit_reason = models.CharField(
        "motif de sortie", max_length=30, choices=DwellingExitReason.choices, blank=True
    )
    # Optimistic concurrency: the edit form carries the version it was built from; saving checks and
    # increments it in one conditional UPDATE (services.save_dwelling), so a stale form cannot
    # silently overwrite a change made meanwhile.
    version = models.PositiveIntegerField("version", default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DwellingQuerySet.as_manager()

    class Meta:
        verbose_name = "logement"
        ordering = ["commune__name", "address", "pk"]
        constraints = [
            models.CheckConstraint(condition=within("places", bounds.PLACES), name="dwelling_places_bounds"),
            models.CheckConstraint(
                condition=within("surface_m2", bounds.SURFACE_M2, nullable=True),
                name="dwelling_surface_bounds",
            ),
            models.CheckConstraint(
                condition=within("rent_hc", bounds.RENT, nullable=True), name="dwelling_rent_bounds"
            ),
            models.CheckConstraint(
                condition=within("charges", bounds.CHARGES, nullable=True), name="dwelling_charges_bounds"
            ),
            models.CheckConstraint(
                condition=within("entry_date", bounds.ENTRY_DATE), name="dwelling_entry_date_bounds"
            ),
            models.CheckConstraint(
                condition=within("exit_date", bounds.EXIT_DATE, nullable=True),
                name="dwelling_exit_date_bounds",
            ),
            models.CheckConstraint(
                condition=Q(exit_date__isnull=True) | Q(exit_date__gte=models.F("entry_date")),
                name="dwelling_exit_after_entry",
            ),
            models.CheckConstraint(
                condition=Q(parc=Parc.PRIVE) | Q(conventionnement=Conventionnement.AUCUN),
                name="dwelling_conventionnement_private_only",
            ),
            models.CheckConstraint(
                condition=Q(rent_level="") | ~Q(conventionnement=Conventionnement.AUCUN),
                name="dwelling_rent_level_only_if_conventionne",
            ),
            models.UniqueConstraint(
                fields=["organisation", "external_id"],
                condition=~Q(external_id=""),
                name="dwelling_unique_external_id",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "entry_date", "exit_date"], name="dwelling_org_park_idx"),
            models.Index(fields=["entry_date", "exit_date"], name="dwelling_park_idx"),
            models.Index(fields=["organisation", "management_mode"], name="dwelling_org_mode_idx"),
            models.Index(fields=["organisation", "parc"], name="dwelling_org_parc_idx"),
            models.Index(fields=["organisation", "typology"], name="dwelling_org_typology_idx"),
            models.Index(fields=["organisation", "conventionnement"], name="dwelling_org_conv_idx"),
        ]

    def __str__(self) -> str:
        where = self.address or "Adresse non renseignée"
        return f"{where}, {self.commune.name} ({self.get_typology_display()})"

    def get_absolute_url(self) -> str:
        return reverse("www:dwelling_detail", args=[self.pk])

    def clean(self) -> None:
        rules.check_dwelling(
            entry_date=self.entry_date,
            exit_date=self.exit_date,
            exit_reason=self.exit_reason,
            parc=self.parc,
            conventionnement=self.conventionnement,
            rent_level=self.rent_level,
        )

    def is_in_park_on(self, day: date) -> bool:
        return self.entry_date <= day and (self.exit_date is None or self.exit_date > day)
