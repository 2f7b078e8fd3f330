"""The monthly IML meeting (« réunion IML ») of an operator: a dated agenda, its items and their decisions.

An item is a snapshot of something due on the meeting's date, found by a section of the registry
(`clef.agenda.sections`): a term of occupancy reaching its end, a demand to renew, a lease slide to
review… It names its subject generically (content type and id, like the journal) and, when there is
one, the household concerned (the page logs who was shown which household). The label says what is
due, without naming the household.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import NoReverseMatch, reverse

from clef.agenda.rules import DECISION_MAX, check_multiline_text
from clef.dwellings.models import within
from clef.utils import bounds
from clef.utils.bounds import no_control_characters

LABEL_MAX = 300


class Meeting(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name="structure",
        db_index=False,  # covered by the unique (organisation, held_on)
    )
    held_on = models.DateField("date de la réunion", validators=[bounds.DATE])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="préparée par",
    )
    created_at = models.DateTimeField("préparée le", auto_now_add=True)

    class Meta:
        verbose_name = "réunion IML"
        verbose_name_plural = "réunions IML"
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "held_on"], name="agenda_meeting_one_per_day"),
            models.CheckConstraint(
                condition=within("held_on", bounds.DATE), name="agenda_meeting_date_bounds"
            ),
        ]

    def __str__(self) -> str:
        return f"Réunion IML du {self.held_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("www:meeting_detail", args=[self.pk])


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name="réunion"
    )
    section = models.CharField("rubrique", max_length=40, validators=[no_control_characters])
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name="type du sujet"
    )
    subject_id = models.PositiveBigIntegerField("identifiant du sujet")
    # The household concerned, if any: its name is read live (never copied into the label), so that
    # purging a household whose pathway ended long ago (clef.stays.purge_households) leaves no name here.
    household = models.ForeignKey(
        "households.Household",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ménage",
    )
    label = models.CharField("objet", max_length=LABEL_MAX, validators=[no_control_characters])
    due_on = models.DateField("échéance", null=True, blank=True, validators=[bounds.DATE])
    url_name = models.CharField("page", max_length=80, blank=True)
    url_args = models.JSONField("arguments de la page", default=list, blank=True)
    position = models.PositiveIntegerField("rang", default=0)
    decision = models.CharField(
        "décision", max_length=DECISION_MAX, blank=True, validators=[check_multiline_text]
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="décidé par",
    )
    decided_at = models.DateTimeField("décidé le", null=True, blank=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        verbose_name = "point de l'ordre du jour"
        verbose_name_plural = "points de l'ordre du jour"
        ordering = ["meeting", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "section", "subject_type", "subject_id"],
                name="agenda_item_one_per_subject",
            ),
            # A decision has its author and time; no decision, neither.
            models.CheckConstraint(
                condition=(Q(decision="") & Q(decided_by__isnull=True) & Q(decided_at__isnull=True))
                | (~Q(decision="") & Q(decided_by__isnull=False) & Q(decided_at__isnull=False)),
                name="agenda_item_decision_signed",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("decision"), DECISION_MAX),
                name="agenda_item_decision_length",
            ),
            models.CheckConstraint(condition=~Q(label=""), name="agenda_item_label_not_empty"),
            models.CheckConstraint(
                condition=within("due_on", bounds.DATE, nullable=True), name="agenda_item_due_on_bounds"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str | None:
        """The page where the item is handled (None when it has none, or when that page no longer exists)."""
        if not self.url_name:
            return None
        try:
            return reverse(self.url_name, args=self.url_args)
        except NoReverseMatch:
            return None
