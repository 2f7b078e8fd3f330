"""Recovery of unpaid rent, case by case: reminders (« relances »), repayment plans (« plans d'apurement »)
with their monthly instalments, and litigation cases (« procédures contentieuses ») opened only on the
team's decision, with their steps and the reviews between the litigation officer and the social worker.

Every record belongs to the managing operator (`organisation`) and to a household's lease
(`rental.Lease`). The rules are in `rules.py`, the writes in `services.py`."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from clef.dwellings.models import within
from clef.recovery import bounds as b
from clef.recovery.enums import CaseStatus, Channel, PlanOrigin, PlanStatus, StepKind
from clef.utils import bounds
from clef.utils.bounds import NotInFuture

PLAN_IN_PROGRESS = "Ce ménage a déjà un plan d'apurement en cours : clôturez-le avant d'en ouvrir un autre."
CASE_OPEN = "Ce ménage a déjà une procédure contentieuse ouverte ou suspendue."


class Reminder(models.Model):
    """A late-payment reminder sent to the household (letter, email, phone call, visit)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    lease = models.ForeignKey(
        "rental.Lease", on_delete=models.PROTECT, related_name="reminders", verbose_name="titre"
    )
    sent_on = models.DateField("envoyée le", validators=[b.SENT_ON, NotInFuture("la date de la relance")])
    channel = models.CharField("moyen", max_length=12, choices=Channel.choices)
    debt = models.DecimalField(
        "dette à la date (€)", max_digits=10, decimal_places=2, validators=[bounds.DEBT]
    )
    note = models.TextField("note", blank=True, validators=[MaxLengthValidator(b.NOTE_MAX)])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisie par"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "relance"
        verbose_name_plural = "relances"
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=within("debt", bounds.DEBT), name="reminder_debt_bounds"),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="reminder_channel_valid"),
        ]
        indexes = [models.Index(fields=["lease", "sent_on"], name="reminder_lease_sent_idx")]

    def __str__(self) -> str:
        return f"Relance du {self.sent_on:%d/%m/%Y}"


class RepaymentPlanQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id: int):
        return self.filter(organisation_id=organisation_id)

    def active(self):
        return self.filter(status=PlanStatus.EN_COURS)

    def slide_possible(self):
        """Respected long enough (flagged by the refresh) and not broken: the lease may slide."""
        return self.filter(
            slide_flagged_on__isnull=False,
            status__in=[PlanStatus.EN_COURS, PlanStatus.SOLDE],
            lease__ends_on=None,
        )


class RepaymentPlan(models.Model):
    """A repayment plan (« plan d'apurement ») agreed with the household: the debt in monthly instalments."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    lease = models.ForeignKey(
        "rental.Lease", on_delete=models.PROTECT, related_name="repayment_plans", verbose_name="titre"
    )
    origin = models.CharField(
        "origine", max_length=10, choices=PlanOrigin.choices, default=PlanOrigin.GESTION
    )
    debt_amount = models.DecimalField(
        "dette à apurer (€)", max_digits=10, decimal_places=2, validators=[b.PLAN_DEBT]
    )
    instalments_count = models.PositiveSmallIntegerField(
        "nombre d'échéances", validators=[b.INSTALMENTS_COUNT]
    )
    monthly_amount = models.DecimalField(
        "échéance mensuelle (€)", max_digits=10, decimal_places=2, validators=[b.INSTALMENT]
    )
    first_due_on = models.DateField("première échéance", validators=[b.FIRST_DUE_ON])
    agreed_on = models.DateField("accord du", validators=[b.AGREED_ON, NotInFuture("la date de l'accord")])
    status = models.CharField(
        "statut", max_length=10, choices=PlanStatus.choices, default=PlanStatus.EN_COURS
    )
    respected_months = models.PositiveSmallIntegerField(
        "mois consécutifs respectés", default=0, validators=[b.RESPECTED_MONTHS]
    )
    slide_flagged_on = models.DateField("glissement possible depuis le", null=True, blank=True)
    comments = models.TextField("commentaires", blank=True, validators=[MaxLengthValidator(b.COMMENTS_MAX)])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisi par"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    objects = RepaymentPlanQuerySet.as_manager()

    class Meta:
        verbose_name = "plan d'apurement"
        verbose_name_plural = "plans d'apurement"
        ordering = ["-agreed_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=within("debt_amount", b.PLAN_DEBT), name="plan_debt_bounds"),
            models.CheckConstraint(
                condition=within("instalments_count", b.INSTALMENTS_COUNT),
                name="plan_instalments_count_bounds",
            ),
            models.CheckConstraint(
                condition=within("monthly_amount", b.INSTALMENT), name="plan_monthly_bounds"
            ),
            models.CheckConstraint(
                condition=Q(respected_months__lte=F("instalments_count")), name="plan_respected_within_count"
            ),
            models.CheckConstraint(
                condition=Q(first_due_on__gte=F("agreed_on")),
                name="plan_first_due_after_agreement",
                violation_error_message="La première échéance ne peut pas précéder l'accord du plan.",
            ),
            models.CheckConstraint(condition=Q(status__in=PlanStatus.values), name="plan_status_valid"),
            models.CheckConstraint(condition=Q(origin__in=PlanOrigin.values), name="plan_origin_valid"),
            models.UniqueConstraint(
                fields=["lease"],
                condition=Q(status=PlanStatus.EN_COURS),
                name="plan_one_in_progress_per_lease",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="plan_org_status_idx")]

    def __str__(self) -> str:
        return f"Plan d'apurement du {self.agreed_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("www:plan_detail", args=[self.pk])


class Instalment(models.Model):
    """One monthly instalment of a plan; `cumulated` is C_k and `check_on` the day it is checked (due date +
    the grace days in force when the plan was agreed: the plan's terms)."""

    plan = models.ForeignKey(
        RepaymentPlan, on_delete=models.CASCADE, related_name="instalments", verbose_name="plan"
    )
    number = models.PositiveSmallIntegerField("numéro", validators=[b.INSTALMENTS_COUNT])
    due_on = models.DateField("échéance")
    check_on = models.DateField("vérifiée le")
    # The rent calls due by the check day: those booked until the rent's last due date on or before it (the
    # new month's call, booked on the 1st and due on the lease's due day, is not owed yet). Null: plans
    # agreed before this field (every call booked by the check day counts).
    calls_until = models.DateField("loyers appelés exigibles jusqu'au", null=True, blank=True)
    amount = models.DecimalField("montant (€)", max_digits=10, decimal_places=2, validators=[b.INSTALMENT])
    cumulated = models.DecimalField("cumul (€)", max_digits=10, decimal_places=2, validators=[b.PLAN_DEBT])

    class Meta:
        verbose_name = "échéance"
        verbose_name_plural = "échéances"
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="instalment_unique_number"),
            models.CheckConstraint(condition=within("amount", b.INSTALMENT), name="instalment_amount_bounds"),
            models.CheckConstraint(condition=Q(check_on__gte=F("due_on")), name="instalment_check_after_due"),
        ]

    def __str__(self) -> str:
        return f"Échéance {self.number} du {self.due_on:%d/%m/%Y}"


class LitigationCaseQuerySet(models.QuerySet):
    def for_organisation(self, organisation_id: int):
        return self.filter(organisation_id=organisation_id)

    def not_closed(self):
        return self.exclude(status=CaseStatus.CLOSE)


class LitigationCase(models.Model):
    """A litigation case, opened ONLY on the team's decision (« il est rare de démarrer une procédure
    contentieuse quand le lien existe »)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    lease = models.ForeignKey(
        "rental.Lease", on_delete=models.PROTECT, related_name="litigation_cases", verbose_name="titre"
    )
    opened_on = models.DateField("ouverte le", validators=[b.OPENED_ON, NotInFuture("la date d'ouverture")])
    decision = models.TextField("décision (qui, pourquoi)", validators=[MaxLengthValidator(b.DECISION_MAX)])
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="chargé du dossier"
    )
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="travailleur social",
    )
    status = models.CharField("statut", max_length=10, choices=CaseStatus.choices, default=CaseStatus.OUVERTE)
    closed_reason = models.TextField(
        "motif (suspension ou clôture)", blank=True, validators=[MaxLengthValidator(b.NOTE_MAX)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisie par"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    objects = LitigationCaseQuerySet.as_manager()

    class Meta:
        verbose_name = "procédure contentieuse"
        verbose_name_plural = "procédures contentieuses"
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(decision=""), name="case_decision_required"),
            models.CheckConstraint(
                condition=Q(status=CaseStatus.OUVERTE) | ~Q(closed_reason=""), name="case_closed_has_reason"
            ),
            models.CheckConstraint(condition=Q(status__in=CaseStatus.values), name="case_status_valid"),
            models.UniqueConstraint(
                fields=["lease"], condition=~Q(status=CaseStatus.CLOSE), name="case_one_open_per_lease"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="case_org_status_idx")]

    def __str__(self) -> str:
        return f"Procédure contentieuse du {self.opened_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("www:case_detail", args=[self.pk])


class LitigationStep(models.Model):
    """A dated step of the procedure, in order; the next step's deadline from the settings."""

    case = models.ForeignKey(
        LitigationCase, on_delete=models.PROTECT, related_name="steps", verbose_name="procédure"
    )
    kind = models.CharField("étape", max_length=24, choices=StepKind.choices)
    done_on = models.DateField("date", validators=[b.STEP_ON, NotInFuture("la date de l'étape")])
    next_deadline = models.DateField("prochaine étape avant le", null=True, blank=True)
    comments = models.TextField("commentaires", blank=True, validators=[MaxLengthValidator(b.COMMENTS_MAX)])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisie par"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "étape contentieuse"
        verbose_name_plural = "étapes contentieuses"
        ordering = ["case", "done_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="step_unique_kind_per_case"),
            models.CheckConstraint(condition=Q(kind__in=StepKind.values), name="step_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.done_on:%d/%m/%Y}"


class CaseReview(models.Model):
    """A « point contentieux » between the litigation officer and the social worker."""

    case = models.ForeignKey(
        LitigationCase, on_delete=models.PROTECT, related_name="reviews", verbose_name="procédure"
    )
    on = models.DateField("date", validators=[b.REVIEW_ON, NotInFuture("la date du point")])
    notes = models.TextField("compte rendu", validators=[MaxLengthValidator(b.REVIEW_NOTES_MAX)])
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="par"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "point contentieux"
        verbose_name_plural = "points contentieux"
        ordering = ["case", "-on", "-pk"]
        constraints = [models.CheckConstraint(condition=~Q(notes=""), name="review_notes_required")]

    def __str__(self) -> str:
        return f"Point contentieux du {self.on:%d/%m/%Y}"
