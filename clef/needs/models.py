"""Phase 1 of captation: the needs the SIAO declares (households waiting for an IML dwelling, by
typology and territory) and the yearly captation targets the State sets for each operator."""

from functools import partial

from django.conf import settings
from django.db import models
from django.db.models import Q

from clef.dwellings.enums import Typology
from clef.dwellings.models import within
from clef.needs.fields import AS_OF, HOUSEHOLDS_WAITING, NEW_DWELLINGS, SHARE_PERCENT, TARGET_YEAR, long_text


def target_default(name: str) -> int:
    """The default shares of a target: `settings.CLEF_CAPTATION_TARGETS` (50 % mandat, 100 % parc privé)."""
    return settings.CLEF_CAPTATION_TARGETS[name]


class NeedDeclarationQuerySet(models.QuerySet):
    def in_force_on(self, day):
        """The cells of each SIAO's latest grid dated on or before `day` (a grid replaces the previous one:
        a cell missing from it counts as 0)."""
        latest = (
            NeedDeclaration.objects.filter(siao=models.OuterRef("siao"), as_of__lte=day)
            .order_by("-as_of")
            .values("as_of")[:1]
        )
        return self.filter(as_of__lte=day, as_of=models.Subquery(latest))


class NeedDeclaration(models.Model):
    """« Besoins déclarés par le SIAO »: households waiting for an IML dwelling on `as_of`, for one
    typology in one EPCI of the SIAO's department (or the department as a whole when `epci` is empty)."""

    siao = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="need_declarations",
        verbose_name="SIAO",
    )
    as_of = models.DateField("au", validators=[AS_OF])
    department = models.ForeignKey(
        "territories.Department", on_delete=models.PROTECT, related_name="+", verbose_name="département"
    )
    epci = models.ForeignKey(
        "territories.Epci",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="intercommunalité (EPCI)",
    )
    typology = models.CharField("typologie", max_length=3, choices=Typology.choices)
    households_waiting = models.PositiveIntegerField("ménages en attente", validators=[HOUSEHOLDS_WAITING])
    comments = long_text("commentaires", 1000)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="déclaré par"
    )
    declared_at = models.DateTimeField("déclaré le", auto_now_add=True)

    objects = NeedDeclarationQuerySet.as_manager()

    class Meta:
        verbose_name = "besoin déclaré par le SIAO"
        verbose_name_plural = "besoins déclarés par le SIAO"
        ordering = ["-as_of", "department", "epci", "typology"]
        constraints = [
            models.UniqueConstraint(
                fields=["siao", "as_of", "epci", "typology"], name="need_unique_siao_date_epci_typology"
            ),
            models.UniqueConstraint(
                fields=["siao", "as_of", "typology"],
                condition=Q(epci__isnull=True),
                name="need_unique_siao_date_typology_no_epci",
            ),
            models.CheckConstraint(
                condition=within("households_waiting", HOUSEHOLDS_WAITING), name="need_waiting_bounds"
            ),
            models.CheckConstraint(condition=within("as_of", AS_OF), name="need_as_of_bounds"),
            models.CheckConstraint(condition=Q(typology__in=Typology.values), name="need_typology_valid"),
        ]
        indexes = [models.Index(fields=["siao", "as_of"], name="need_siao_as_of_idx")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} au {self.as_of:%d/%m/%Y} ({self.get_typology_display()})"


class CaptationTarget(models.Model):
    """« Objectif de captation »: the new dwellings an operator should capture in a year, with the share
    expected in mandat de gestion and in the private park. Set by the State coordinators overseeing it."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="captation_targets",
        verbose_name="structure",
    )
    year = models.PositiveSmallIntegerField("année", validators=[TARGET_YEAR])
    new_dwellings = models.PositiveIntegerField("nouveaux logements à capter", validators=[NEW_DWELLINGS])
    mandate_share_percent = models.PositiveSmallIntegerField(
        "part visée en mandat de gestion (%)",
        default=partial(target_default, "mandate_share_percent"),
        validators=[SHARE_PERCENT],
        help_text="50 % en mandat de gestion, 50 % en location / sous-location (instruction de 2018).",
    )
    private_share_percent = models.PositiveSmallIntegerField(
        "part visée dans le parc privé (%)",
        default=partial(target_default, "private_share_percent"),
        validators=[SHARE_PERCENT],
        help_text="« La captation doit se faire sur le parc privé. »",
    )
    comments = long_text("commentaires", 1000)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="fixé par"
    )
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        verbose_name = "objectif de captation"
        verbose_name_plural = "objectifs de captation"
        ordering = ["year", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="target_unique_organisation_year"),
            models.CheckConstraint(condition=within("year", TARGET_YEAR), name="target_year_bounds"),
            models.CheckConstraint(
                condition=within("new_dwellings", NEW_DWELLINGS), name="target_new_dwellings_bounds"
            ),
            models.CheckConstraint(
                condition=within("mandate_share_percent", SHARE_PERCENT), name="target_mandate_share_bounds"
            ),
            models.CheckConstraint(
                condition=within("private_share_percent", SHARE_PERCENT), name="target_private_share_bounds"
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.year} : {self.organisation}"
