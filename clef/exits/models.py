"""The guided exit (« sortie accompagnée ») and the contact after exit (« droit à la sollicitation
durable »): the « prêt à sortir » checklist of a stay, the exit assessment (the household's word, the
relay, the five perspectives of a « sortie positive ») and the solicitations of a household after its
pathway has ended. Each record belongs to the operator that owns the stay or answered the household.

They go with their stay or household when the retention purge deletes it (CASCADE, as the register's own
rows); anything else they name is protected."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q

from clef.dwellings.models import within
from clef.exits.enums import HouseholdChoice, Judgement, Perspective, RelayKind, SolicitationSubject
from clef.utils import bounds
from clef.utils.bounds import Bound, NotInFuture, no_control_characters

COMMENT_MAX = 1000
NOTE_MAX = 500
MINUTES = Bound("la durée", 1, 600, "minutes")
SOLICITATION_DATE = bounds.date_bound("la date de la sollicitation")
SOLICITATION_NOT_IN_FUTURE = NotInFuture("la date de la sollicitation")
CHECK_DATE = bounds.date_bound("la date du point")
CHECK_NOT_IN_FUTURE = NotInFuture("la date du point")


def _choice_in(field: str, choices) -> Q:
    return Q(**{f"{field}__in": choices.values})


class ExitReadiness(models.Model):
    """The « prêt à sortir » checklist of a stay, filled before the exit (and kept after it)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    stay = models.OneToOneField(
        "stays.Stay", on_delete=models.CASCADE, related_name="exit_readiness", verbose_name="séjour"
    )
    resources_stabilised = models.BooleanField("ressources stabilisées", default=False)
    housing_identified = models.BooleanField("solution de relogement identifiée et acceptée", default=False)
    relay_established = models.BooleanField("relais établi", default=False)
    debts_settled = models.BooleanField("dettes soldées ou plan d'apurement", default=False)
    inventory_prepared = models.BooleanField("état des lieux de sortie préparé", default=False)
    date_agreed = models.BooleanField("ménage d'accord avec la date", default=False)
    rights_opened = models.BooleanField("droits ouverts dans le nouveau logement", default=False)
    knows_whom_to_call = models.BooleanField("le ménage sait qui appeler", default=False)
    checked_on = models.DateField("date du point", validators=[CHECK_DATE, CHECK_NOT_IN_FUTURE])
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="fait par"
    )
    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        verbose_name = "point « prêt à sortir »"
        constraints = [
            models.CheckConstraint(
                condition=within("checked_on", CHECK_DATE), name="exit_readiness_date_bounds"
            ),
        ]

    def __str__(self) -> str:
        return f"Prêt à sortir ({self.checked_on:%d/%m/%Y})"


class ExitAssessment(models.Model):
    """How an ended stay's exit went: the household's word, the relay, and the five perspectives."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    stay = models.OneToOneField(
        "stays.Stay", on_delete=models.CASCADE, related_name="exit_assessment", verbose_name="séjour"
    )
    household_choice = models.CharField(
        "le nouveau logement est, pour le ménage", max_length=20, choices=HouseholdChoice.choices
    )
    relay_kind = models.CharField("relais après la sortie", max_length=30, choices=RelayKind.choices)
    relay_name = models.CharField(
        "nom du relais", max_length=200, blank=True, validators=[no_control_characters]
    )
    relay_resource = models.ForeignKey(
        "support.RelayResource",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ressource de l'annuaire",
    )
    assessed_on = models.DateField("date du bilan de sortie", validators=[bounds.DATE])
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="fait par"
    )
    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        verbose_name = "bilan de sortie"
        constraints = [
            models.CheckConstraint(
                condition=_choice_in("household_choice", HouseholdChoice), name="exit_assessment_choice_valid"
            ),
            models.CheckConstraint(
                condition=_choice_in("relay_kind", RelayKind), name="exit_assessment_relay_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(relay_kind=RelayKind.AUCUN, relay_name="", relay_resource__isnull=True)
                | (~Q(relay_kind=RelayKind.AUCUN) & (~Q(relay_name="") | Q(relay_resource__isnull=False))),
                name="exit_assessment_relay_named_or_none",
            ),
        ]

    def __str__(self) -> str:
        return f"Bilan de sortie ({self.assessed_on:%d/%m/%Y})"


class ExitPerspective(models.Model):
    """One perspective on an exit: the criteria met (codes of enums.CRITERIA) and an overall judgement."""

    assessment = models.ForeignKey(
        ExitAssessment, on_delete=models.CASCADE, related_name="perspectives", verbose_name="bilan de sortie"
    )
    perspective = models.CharField("point de vue", max_length=20, choices=Perspective.choices)
    criteria = models.JSONField("critères remplis", default=list, blank=True)
    judgement = models.CharField("appréciation d'ensemble", max_length=10, choices=Judgement.choices)
    comment = models.TextField(
        "commentaire", max_length=COMMENT_MAX, blank=True, validators=[MaxLengthValidator(COMMENT_MAX)]
    )
    filled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="renseigné par"
    )

    class Meta:
        verbose_name = "point de vue sur la sortie"
        ordering = ["assessment", "perspective"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "perspective"], name="exit_perspective_unique"),
            models.CheckConstraint(
                condition=_choice_in("perspective", Perspective), name="exit_perspective_valid"
            ),
            models.CheckConstraint(
                condition=_choice_in("judgement", Judgement), name="exit_perspective_judgement_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_perspective_display()} : {self.get_judgement_display()}"


class Solicitation(models.Model):
    """A household whose pathway has ended calls on the operator (« droit à la sollicitation durable »)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="structure"
    )
    household = models.ForeignKey(
        "households.Household", on_delete=models.CASCADE, related_name="solicitations", verbose_name="ménage"
    )
    solicited_on = models.DateField(
        "date de la sollicitation", validators=[SOLICITATION_DATE, SOLICITATION_NOT_IN_FUTURE]
    )
    subject = models.CharField("objet", max_length=20, choices=SolicitationSubject.choices)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="qui a répondu"
    )
    minutes_spent = models.PositiveSmallIntegerField("temps passé (minutes)", validators=[MINUTES])
    note = models.TextField(
        "note", max_length=NOTE_MAX, blank=True, validators=[MaxLengthValidator(NOTE_MAX)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisi par"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "sollicitation après la sortie"
        ordering = ["-solicited_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=within("minutes_spent", MINUTES), name="solicitation_minutes_bounds"
            ),
            models.CheckConstraint(
                condition=within("solicited_on", SOLICITATION_DATE), name="solicitation_date_bounds"
            ),
            models.CheckConstraint(
                condition=_choice_in("subject", SolicitationSubject), name="solicitation_subject_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "solicited_on"], name="solicitation_org_date_idx"),
            models.Index(fields=["household", "solicited_on"], name="solicitation_household_idx"),
        ]

    def __str__(self) -> str:
        return f"Sollicitation du {self.solicited_on:%d/%m/%Y}"
