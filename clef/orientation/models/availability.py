"""A dwelling made available to the SIAO (« mise à disposition »)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from clef.dwellings.models import within
from clef.orientation import enums
from clef.orientation.fields import (
    AVAILABLE_FROM,
    HOUSEHOLD_SHARE,
    RENT_TOTAL,
    long_text,
)
from clef.utils import bounds

ALREADY_OPEN = "Ce logement est déjà mis à disposition du SIAO (une mise à disposition ouverte)."


class AvailabilityQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=enums.AvailabilityStatus.OPEN)


class Availability(models.Model):
    """« Mise à disposition au SIAO »: a vacant dwelling of the operator offered to the SIAO."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="availabilities",
        verbose_name="structure",
    )
    dwelling = models.ForeignKey(
        "dwellings.Dwelling", on_delete=models.PROTECT, related_name="availabilities", verbose_name="logement"
    )
    siao = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="availabilities_received",
        verbose_name="SIAO",
    )
    available_from = models.DateField("disponible à partir du", validators=[AVAILABLE_FROM])
    places = models.PositiveSmallIntegerField("places", validators=[bounds.PLACES])
    accessible_pmr = models.BooleanField("accessible aux personnes à mobilité réduite", default=False)
    rent_total = models.DecimalField(
        "loyer charges comprises (€/mois)", max_digits=8, decimal_places=2, validators=[RENT_TOTAL]
    )
    household_share = models.DecimalField(
        "part restant à la charge du ménage (€/mois)",
        max_digits=8,
        decimal_places=2,
        validators=[HOUSEHOLD_SHARE],
    )
    comments = long_text("commentaires", 1000)
    status = models.CharField(
        "état", max_length=10, choices=enums.AvailabilityStatus.choices, default=enums.AvailabilityStatus.OPEN
    )
    closed_on = models.DateField("close le", null=True, blank=True, validators=[bounds.DATE])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="créée par"
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    objects = AvailabilityQuerySet.as_manager()

    class Meta:
        verbose_name = "mise à disposition au SIAO"
        verbose_name_plural = "mises à disposition au SIAO"
        ordering = ["-available_from", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dwelling"],
                condition=Q(status=enums.AvailabilityStatus.OPEN),
                name="availability_one_open_per_dwelling",
                violation_error_message=ALREADY_OPEN,
            ),
            models.CheckConstraint(
                condition=within("places", bounds.PLACES), name="availability_places_bounds"
            ),
            models.CheckConstraint(
                condition=within("rent_total", RENT_TOTAL), name="availability_rent_total_bounds"
            ),
            models.CheckConstraint(
                condition=within("household_share", HOUSEHOLD_SHARE)
                & Q(household_share__lte=models.F("rent_total")),
                name="availability_household_share_bounds",
            ),
            models.CheckConstraint(
                condition=within("available_from", AVAILABLE_FROM), name="availability_from_bounds"
            ),
            models.CheckConstraint(
                condition=Q(status=enums.AvailabilityStatus.OPEN, closed_on__isnull=True)
                | (~Q(status=enums.AvailabilityStatus.OPEN) & Q(closed_on__isnull=False)),
                name="availability_closed_on_iff_closed",
            ),
            models.CheckConstraint(
                condition=~Q(siao=models.F("organisation")), name="availability_siao_not_owner"
            ),
        ]
        indexes = [
            models.Index(fields=["siao", "status"], name="availability_siao_status_idx"),
            models.Index(fields=["organisation", "status"], name="availability_org_status_idx"),
        ]

    def __str__(self) -> str:
        return f"Mise à disposition n° {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == enums.AvailabilityStatus.OPEN
