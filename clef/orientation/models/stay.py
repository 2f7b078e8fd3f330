"""What is recorded about a stay: the choice at entry, the re-orientation requests."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from clef.dwellings.models import within
from clef.orientation import enums
from clef.orientation.fields import (
    DECISION_DATE,
    REQUEST_DATE,
    long_text,
)


class EntryChoice(models.Model):
    """The two practices the sociologist names as limits, recorded at entry (None: not known)."""

    stay = models.OneToOneField(
        "stays.Stay", on_delete=models.CASCADE, related_name="entry_choice", verbose_name="séjour"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    visited_before_signing = models.BooleanField(
        "le ménage a visité le logement avant de signer", null=True, blank=True
    )
    alternative_offered = models.BooleanField(
        "au moins une autre proposition a été faite au ménage", null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisi par"
    )
    recorded_at = models.DateTimeField("saisi le", auto_now_add=True)

    class Meta:
        verbose_name = "choix à l'entrée"
        verbose_name_plural = "choix à l'entrée"

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class ReorientationRequest(models.Model):
    """The operator asks the SIAO to re-orient a present household (« dialogue renforcé »)."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="reorientation_requests",
        verbose_name="structure",
    )
    household = models.ForeignKey(
        "households.Household",
        on_delete=models.PROTECT,
        related_name="reorientation_requests",
        verbose_name="ménage",
    )
    stay = models.ForeignKey("stays.Stay", on_delete=models.PROTECT, related_name="+", verbose_name="séjour")
    siao = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="reorientation_requests_received",
        verbose_name="SIAO",
    )
    requested_on = models.DateField("demandée le", validators=[REQUEST_DATE])
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="demandée par"
    )
    reason = models.CharField("motif", max_length=12, choices=enums.ReorientationReason.choices)
    reason_detail = long_text("précisions", 1000)
    proposed_solution = models.CharField(
        "solution envisagée", max_length=20, choices=enums.ProposedSolution.choices
    )
    status = models.CharField(
        "état",
        max_length=10,
        choices=enums.ReorientationStatus.choices,
        default=enums.ReorientationStatus.OPEN,
    )
    siao_answer = long_text("réponse du SIAO", 1000)
    answered_on = models.DateField("répondue le", null=True, blank=True, validators=[DECISION_DATE])
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="répondue par",
    )
    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        verbose_name = "demande de réorientation"
        verbose_name_plural = "demandes de réorientation"
        ordering = ["-requested_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=within("requested_on", REQUEST_DATE), name="reorientation_requested_on_bounds"
            ),
            models.CheckConstraint(
                condition=~Q(status=enums.ReorientationStatus.OPEN) | Q(answered_on__isnull=True),
                name="reorientation_open_not_answered",
            ),
            models.CheckConstraint(
                condition=~Q(status=enums.ReorientationStatus.ANSWERED) | Q(answered_on__isnull=False),
                name="reorientation_answered_has_date",
            ),
        ]
        indexes = [models.Index(fields=["siao", "status"], name="reorientation_siao_status_idx")]

    def __str__(self) -> str:
        return f"Demande de réorientation n° {self.pk}"
