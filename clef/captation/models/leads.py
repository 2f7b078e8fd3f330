"""The pipeline: leads, their stage changes and their activities."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from clef.captation.documents import document_path, validate_document
from clef.captation.enums import (
    CLOSED_STAGES,
    OPEN_STAGES,
    ActivityKind,
    ClosedReason,
    Origin,
    Stage,
)
from clef.captation.models.common import TEXT_MAX, in_choices
from clef.captation.models.landlords import Campaign, Landlord, OfferedDwelling
from clef.captation.models.querysets import LeadQuerySet
from clef.dwellings.enums import DwellingExitReason, ManagementMode
from clef.utils import bounds
from clef.utils.bounds import no_control_characters


class Lead(models.Model):
    """« Dossier de captation »: one landlord (and usually one offered dwelling) moving through the stages.
    A re-captation lead (a dwelling that left the park) may have no landlord yet: the officer fills it."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="leads", verbose_name="structure"
    )
    landlord = models.ForeignKey(
        Landlord,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leads",
        verbose_name="propriétaire",
    )
    offered_dwelling = models.ForeignKey(
        OfferedDwelling,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leads",
        verbose_name="logement proposé",
    )
    stage = models.CharField("étape", max_length=20, choices=Stage.choices, default=Stage.PROSPECT)
    stage_since = models.DateField("à cette étape depuis le", validators=[bounds.DATE])
    closed_reason = models.CharField(
        "motif de clôture", max_length=20, choices=ClosedReason.choices, blank=True
    )
    closed_comment = models.CharField("précisions sur la clôture", max_length=500, blank=True)
    origin = models.CharField("origine", max_length=20, choices=Origin.choices)
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leads",
        verbose_name="action de communication",
    )
    managing_operator = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_leads",
        limit_choices_to={"kind": "operator"},
        verbose_name="structure gestionnaire",
    )
    preferred_mode = models.CharField(
        "mode de gestion souhaité", max_length=20, choices=ManagementMode.choices, blank=True
    )
    next_action = models.CharField(
        "prochaine action", max_length=200, blank=True, validators=[no_control_characters]
    )
    next_action_on = models.DateField("prochaine action le", null=True, blank=True, validators=[bounds.DATE])
    signed_on = models.DateField("engagement signé le", null=True, blank=True, validators=[bounds.DATE])
    source_dwelling = models.ForeignKey(
        "dwellings.Dwelling",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recaptation_leads",
        verbose_name="logement sorti du parc",
    )
    source_reason = models.CharField(
        "motif de la sortie", max_length=30, choices=DwellingExitReason.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="créé par",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    objects = LeadQuerySet.as_manager()

    class Meta:
        verbose_name = "dossier de captation"
        verbose_name_plural = "dossiers de captation"
        ordering = ["-stage_since", "-pk"]
        constraints = [
            models.CheckConstraint(condition=in_choices("stage", Stage), name="lead_stage_values"),
            models.CheckConstraint(condition=in_choices("origin", Origin), name="lead_origin_values"),
            models.CheckConstraint(
                condition=(Q(stage__in=CLOSED_STAGES) & ~Q(closed_reason=""))
                | (~Q(stage__in=CLOSED_STAGES) & Q(closed_reason="")),
                name="lead_closed_needs_reason",
            ),
            models.CheckConstraint(
                condition=Q(stage=Stage.ENGAGEMENT_SIGNE, signed_on__isnull=False)
                | (~Q(stage=Stage.ENGAGEMENT_SIGNE) & Q(signed_on__isnull=True)),
                name="lead_signed_dated",
            ),
            models.CheckConstraint(
                condition=Q(landlord__isnull=False) | Q(origin=Origin.RECAPTATION),
                name="lead_landlord_unless_recaptation",
            ),
            models.CheckConstraint(
                condition=Q(next_action_on__isnull=True) | ~Q(next_action=""),
                name="lead_next_action_named",
            ),
            models.UniqueConstraint(
                fields=["source_dwelling"],
                condition=Q(origin=Origin.RECAPTATION, stage__in=OPEN_STAGES),
                name="lead_one_open_recaptation_per_dwelling",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "stage"], name="lead_org_stage_idx"),
            models.Index(fields=["organisation", "next_action_on"], name="lead_org_next_action_idx"),
        ]

    def __str__(self) -> str:
        who = str(self.landlord) if self.landlord_id else "Propriétaire à renseigner"
        return f"Dossier n° {self.pk} — {who}"

    def get_absolute_url(self) -> str:
        return reverse("www:lead_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES


class StageChange(models.Model):
    """One move of a lead (its creation too, from an empty stage): conversion rates and time per stage."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField("étape précédente", max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField("nouvelle étape", max_length=20, choices=Stage.choices)
    on = models.DateField("le", validators=[bounds.DATE])
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="par",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "changement d'étape"
        ordering = ["on", "pk"]
        constraints = [
            models.CheckConstraint(condition=in_choices("to_stage", Stage), name="stage_change_to_values"),
            models.CheckConstraint(
                condition=Q(from_stage="") | in_choices("from_stage", Stage), name="stage_change_from_values"
            ),
        ]
        indexes = [models.Index(fields=["lead", "on"], name="stage_change_lead_on_idx")]

    def __str__(self) -> str:
        return f"{self.get_from_stage_display() or 'création'} → {self.get_to_stage_display()}"


class Activity(models.Model):
    """« Échange » with the landlord (a call, a visit…) or a note, optionally with a document."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField("type d'échange", max_length=20, choices=ActivityKind.choices)
    on = models.DateField("date", validators=[bounds.DATE])
    summary = models.CharField("résumé", max_length=TEXT_MAX)
    document = models.FileField(
        "document (PDF, JPEG, PNG, 5 Mo au plus)",
        upload_to=document_path,
        null=True,
        blank=True,
        validators=[validate_document],
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="par",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "échange"
        ordering = ["-on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=in_choices("kind", ActivityKind), name="activity_kind_values"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.on:%d/%m/%Y}"
