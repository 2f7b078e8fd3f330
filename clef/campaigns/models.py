"""The annual collection campaign: a coordinator opens year Y for a region or a department; every active
operator gets a declaration to make; each validation or accepted file freezes a versioned snapshot."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from clef.utils import bounds
from clef.utils.models import AppendOnlyModel


class Campaign(models.Model):
    year = models.PositiveSmallIntegerField("année collectée", validators=[bounds.YEAR])
    region = models.ForeignKey(
        "territories.Region", on_delete=models.PROTECT, null=True, blank=True, verbose_name="région"
    )
    department = models.ForeignKey(
        "territories.Department", on_delete=models.PROTECT, null=True, blank=True, verbose_name="département"
    )
    deadline = models.DateField("date limite", validators=[bounds.DATE])
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_from = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField("close le", null=True, blank=True)

    class Meta:
        verbose_name = "campagne de collecte"
        verbose_name_plural = "campagnes de collecte"
        ordering = ["-year", "-opened_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=False) | Q(department__isnull=False),
                name="campaign_has_a_perimeter",
            ),
            # One collection of a year per perimeter (services.open_campaign also refuses overlaps
            # between a regional collection and one of its departments).
            models.UniqueConstraint(
                fields=["year", "region"],
                condition=Q(department__isnull=True),
                name="campaign_one_per_region_year",
            ),
            models.UniqueConstraint(
                fields=["year", "department"],
                condition=Q(department__isnull=False),
                name="campaign_one_per_department_year",
            ),
        ]

    def __str__(self) -> str:
        return f"Collecte {self.year} — {self.perimeter_label}"

    def get_absolute_url(self) -> str:
        return reverse("www:campaign_detail", args=[self.pk])

    @property
    def perimeter_label(self) -> str:
        return f"département {self.department}" if self.department_id else str(self.region)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def operators(self):
        from clef.organisations.models import Organisation

        queryset = Organisation.objects.operators().active()
        if self.department_id:
            return queryset.filter(head_office_department=self.department_id)
        return queryset.filter(head_office_department__region=self.region_id)


class Declaration(models.Model):
    """The task "déclarer ses données Y" of one operator in one campaign."""

    class Status(models.TextChoices):
        TO_DO = "a_faire", "À faire"
        ERRORS = "erreurs", "Fichier refusé (erreurs)"
        VALIDATED = "validee", "Validée"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="declarations")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="declarations",
        verbose_name="structure",
    )
    status = models.CharField(
        "état", max_length=20, choices=Status.choices, default=Status.TO_DO, db_index=True
    )
    reminders = models.PositiveSmallIntegerField("relances", default=0)
    last_reminded_at = models.DateTimeField("dernière relance", null=True, blank=True)

    class Meta:
        verbose_name = "déclaration"
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organisation"], name="declaration_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.campaign}"

    def get_absolute_url(self) -> str:
        return reverse("www:declaration_detail", args=[self.pk])

    @property
    def is_late(self) -> bool:
        return self.status != self.Status.VALIDATED and timezone.localdate() > self.campaign.deadline

    @property
    def board_status(self) -> str:
        if self.status == self.Status.VALIDATED:
            return "validee"
        if self.status == self.Status.ERRORS:
            return "erreurs"
        return "en_retard" if self.is_late else "a_faire"


class Submission(AppendOnlyModel):
    """A frozen version of a declaration: the figures, their additive parts and the exchange-format data."""

    class Kind(models.TextChoices):
        VALIDATION = "validation", "Validation dans Clef"
        FILE = "fichier", "Fichier au format d'échange"

    declaration = models.ForeignKey(Declaration, on_delete=models.PROTECT, related_name="submissions")
    version = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    figures = models.JSONField("chiffres")
    parts = models.JSONField("éléments de calcul")
    data = models.JSONField("données au format d'échange")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "version déposée"
        verbose_name_plural = "versions déposées"
        ordering = ["declaration", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["declaration", "version"], name="submission_unique_version")
        ]

    def __str__(self) -> str:
        return f"Version {self.version} — {self.declaration}"
