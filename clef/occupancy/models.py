"""Occupancy terms of a sublet stay, the household's social-housing demand, the lease-slide reviews and the
slide itself (« le changement de statut d'un même logement »).

Every record belongs to the operator of the stay or household (`organisation`); its rows go with the
household when the household is purged (CASCADE from the stay or the household), and its journal rows
carry the household id (purged with it)."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q

from clef.dwellings.models import within
from clef.occupancy import enums
from clef.utils.bounds import Bound, NotInFuture, date_bound, no_control_characters

TERM_NUMBER = Bound("le numéro de la période", 1, 20)
TERM_START = date_bound("la date de début de la période")
TERM_END = date_bound("la date de fin de la période")
DECISION_DATE = date_bound("la date de la décision")
DEMAND_DATE = date_bound("la date de la première demande")
DEMAND_NOT_IN_FUTURE = NotInFuture("la date de la première demande")
RENEWAL_DATE = date_bound("la date de renouvellement")
SYPLO_DATE = date_bound("la date de labellisation SYPLO")
SYPLO_NOT_IN_FUTURE = NotInFuture("la date de labellisation SYPLO")
DALO_DATE = date_bound("la date de reconnaissance DALO")
DALO_NOT_IN_FUTURE = NotInFuture("la date de reconnaissance DALO")
REVIEW_DATE = date_bound("la date du point")
REVIEW_NOT_IN_FUTURE = NotInFuture("la date du point")
NEXT_REVIEW_DATE = date_bound("la date du prochain point")
COMMISSION_DATE = date_bound("la date de la commission")
COMMISSION_NOT_IN_FUTURE = NotInFuture("la date de la commission")
SLIDE_DATE = date_bound("la date du glissement")
SLIDE_NOT_IN_FUTURE = NotInFuture("la date du glissement")
REASON_MAX = 1000
NOTES_MAX = 1000
DEMAND_NUMBER_MAX = 18


def term_name(number: int) -> str:
    """The one way to name a term everywhere (panel, lists, « À faire », the renewal page): « Période n° 1
    (initiale) », « Période n° 3 (renouvellement n° 2) »: term N is the (N - 1)-th renewal."""
    kind = "initiale" if number == 1 else f"renouvellement n° {number - 1}"
    return f"Période n° {number} ({kind})"


class OccupancyTerm(models.Model):
    """One period of the occupancy agreement of a sublet stay: the first (number 1) and each renewal."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    stay = models.ForeignKey(
        "stays.Stay", on_delete=models.CASCADE, related_name="occupancy_terms", verbose_name="séjour"
    )
    number = models.PositiveSmallIntegerField("période n°", validators=[TERM_NUMBER])
    starts_on = models.DateField("début", validators=[TERM_START])
    ends_on = models.DateField("échéance", validators=[TERM_END])
    decision = models.CharField(
        "décision", max_length=10, choices=enums.TermDecision.choices, default=enums.TermDecision.PENDING
    )
    decided_on = models.DateField("décidée le", null=True, blank=True, validators=[DECISION_DATE])
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="décidée par",
    )
    reason = models.TextField(
        "motif", max_length=REASON_MAX, blank=True, validators=[MaxLengthValidator(REASON_MAX)]
    )
    version = models.PositiveIntegerField("version", default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "période d'occupation"
        verbose_name_plural = "périodes d'occupation"
        ordering = ["stay", "number"]
        constraints = [
            models.UniqueConstraint(fields=["stay", "number"], name="occupancy_term_unique_number"),
            models.CheckConstraint(
                condition=within("number", TERM_NUMBER), name="occupancy_term_number_bounds"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="occupancy_term_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(decision=enums.TermDecision.PENDING, decided_on__isnull=True)
                | (~Q(decision=enums.TermDecision.PENDING) & Q(decided_on__isnull=False)),
                name="occupancy_term_decided_on_iff_decided",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "decision", "ends_on"], name="occupancy_term_due_idx")
        ]

    def __str__(self) -> str:
        return f"{self.name} du {self.starts_on:%d/%m/%Y} au {self.ends_on:%d/%m/%Y}"

    @property
    def name(self) -> str:
        return term_name(self.number)

    @property
    def is_pending(self) -> bool:
        return self.decision == enums.TermDecision.PENDING


class SocialHousingDemand(models.Model):
    """The household's social-housing demand (numéro unique of the SNE), its renewal, SYPLO and DALO."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    household = models.OneToOneField(
        "households.Household",
        on_delete=models.CASCADE,
        related_name="social_housing_demand_record",
        verbose_name="ménage",
    )
    number = models.CharField(
        "numéro unique",
        max_length=DEMAND_NUMBER_MAX,
        blank=True,
        validators=[no_control_characters],
        help_text="Numéro unique d'enregistrement (SNE) figurant sur l'attestation : lettres et chiffres.",
    )
    first_demand_on = models.DateField(
        "date de la première demande", validators=[DEMAND_DATE, DEMAND_NOT_IN_FUTURE]
    )
    renewal_due_on = models.DateField("à renouveler avant le", validators=[RENEWAL_DATE])
    syplo_labelled = models.BooleanField("labellisé dans SYPLO", default=False)
    syplo_labelled_on = models.DateField(
        "labellisé SYPLO le", null=True, blank=True, validators=[SYPLO_DATE, SYPLO_NOT_IN_FUTURE]
    )
    dalo_recognised_on = models.DateField(
        "reconnu DALO le", null=True, blank=True, validators=[DALO_DATE, DALO_NOT_IN_FUTURE]
    )
    version = models.PositiveIntegerField("version", default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "demande de logement social"
        verbose_name_plural = "demandes de logement social"
        constraints = [
            models.CheckConstraint(
                condition=Q(renewal_due_on__gt=F("first_demand_on")), name="demand_renewal_after_first"
            ),
            models.CheckConstraint(
                condition=Q(syplo_labelled=True) | Q(syplo_labelled_on__isnull=True),
                name="demand_syplo_date_needs_label",
            ),
            models.CheckConstraint(
                condition=within("first_demand_on", DEMAND_DATE), name="demand_first_date_bounds"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "renewal_due_on"], name="demand_org_renewal_idx")]

    def __str__(self) -> str:
        return f"Demande n° {self.number}" if self.number else "Demande de logement social"

    def is_active_on(self, day) -> bool:
        return self.renewal_due_on >= day


class LeaseSlideReview(models.Model):
    """A readiness review of a bail glissant: is the household ready to take the lease in its own name?"""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    stay = models.ForeignKey(
        "stays.Stay", on_delete=models.CASCADE, related_name="slide_reviews", verbose_name="séjour"
    )
    reviewed_on = models.DateField("date du point", validators=[REVIEW_DATE, REVIEW_NOT_IN_FUTURE])
    outcome = models.CharField("conclusion", max_length=12, choices=enums.SlideOutcome.choices)
    next_review_on = models.DateField(
        "prochain point le", null=True, blank=True, validators=[NEXT_REVIEW_DATE]
    )
    commission_decision = models.CharField(
        "décision de la commission",
        max_length=12,
        choices=enums.CommissionDecision.choices,
        default=enums.CommissionDecision.AUCUNE,
    )
    commission_on = models.DateField(
        "date de la commission", null=True, blank=True, validators=[COMMISSION_DATE, COMMISSION_NOT_IN_FUTURE]
    )
    notes = models.TextField(
        "observations", max_length=NOTES_MAX, blank=True, validators=[MaxLengthValidator(NOTES_MAX)]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisi par"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "point sur le glissement du bail"
        verbose_name_plural = "points sur le glissement du bail"
        ordering = ["stay", "reviewed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_on__isnull=True) | Q(next_review_on__gt=F("reviewed_on")),
                name="slide_review_next_after_review",
            ),
            models.CheckConstraint(
                condition=Q(commission_decision=enums.CommissionDecision.AUCUNE, commission_on__isnull=True)
                | (~Q(commission_decision=enums.CommissionDecision.AUCUNE) & Q(commission_on__isnull=False)),
                name="slide_review_commission_date_iff_decision",
            ),
        ]
        indexes = [models.Index(fields=["stay", "reviewed_on"], name="slide_review_stay_idx")]

    def __str__(self) -> str:
        return f"Point du {self.reviewed_on:%d/%m/%Y} : {self.get_outcome_display()}"


class LeaseSlide(models.Model):
    """The lease slid to the household: it stays in the same dwelling, now the landlord's tenant in its
    own name. Its stay ended with `maintien_glissement_bail`, the dwelling left the park with
    `glissement_bail`."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    stay = models.OneToOneField(
        "stays.Stay", on_delete=models.CASCADE, related_name="lease_slide", verbose_name="séjour"
    )
    dwelling = models.ForeignKey(
        "dwellings.Dwelling", on_delete=models.PROTECT, related_name="+", verbose_name="logement"
    )
    household = models.ForeignKey(
        "households.Household", on_delete=models.CASCADE, related_name="+", verbose_name="ménage"
    )
    slid_on = models.DateField("date du glissement", validators=[SLIDE_DATE, SLIDE_NOT_IN_FUTURE])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="enregistré par"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "glissement de bail"
        verbose_name_plural = "glissements de bail"

    def __str__(self) -> str:
        return f"Bail glissé le {self.slid_on:%d/%m/%Y}"
