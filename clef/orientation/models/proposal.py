"""A SIAO candidate proposed for an availability, and the household's wishes."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from clef.dwellings.enums import Typology
from clef.dwellings.models import within
from clef.households.enums import Composition, PersonRole, PriorSituation, ResourceSource, Sex
from clef.occupancy.models import DEMAND_DATE, DEMAND_NOT_IN_FUTURE
from clef.orientation import enums
from clef.orientation.fields import (
    ADULTS,
    CHILDREN,
    DECISION_DATE,
    MONTHLY_RESOURCES,
    long_text,
)
from clef.orientation.models.availability import Availability
from clef.utils import bounds
from clef.utils.bounds import no_control_characters


class ProposalQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(decision=enums.Decision.PENDING)


class Proposal(models.Model):
    """« Proposition d'un candidat » by the SIAO (its owner) for an availability of an operator."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="proposals", verbose_name="SIAO"
    )
    availability = models.ForeignKey(
        Availability, on_delete=models.PROTECT, related_name="proposals", verbose_name="mise à disposition"
    )
    operator = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="proposals_received",
        verbose_name="structure",
    )
    proposed_on = models.DateField("proposé le", validators=[bounds.DATE])
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="proposé par"
    )
    first_name = models.CharField("prénom", max_length=100, validators=[no_control_characters])
    last_name = models.CharField("nom", max_length=100, validators=[no_control_characters])
    birth_date = models.DateField(
        "date de naissance", validators=[bounds.BIRTH_DATE, bounds.BIRTH_NOT_IN_FUTURE]
    )
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices)
    composition = models.CharField("composition", max_length=30, choices=Composition.choices)
    adults = models.PositiveSmallIntegerField("adultes", default=1, validators=[ADULTS])
    children = models.PositiveSmallIntegerField("enfants", default=0, validators=[CHILDREN])
    monthly_resources = models.DecimalField(
        "ressources mensuelles (€)", max_digits=8, decimal_places=2, validators=[MONTHLY_RESOURCES]
    )
    main_resource = models.CharField(
        "principale source de revenus", max_length=30, choices=ResourceSource.choices, blank=True
    )
    prior_situation = models.CharField(
        "situation avant l'entrée",
        max_length=30,
        choices=PriorSituation.choices,
        default=PriorSituation.INCONNUE,
    )
    dalo = models.BooleanField("reconnu prioritaire DALO", default=False)
    demand_number = models.CharField(
        "numéro unique de demande de logement social",
        max_length=30,
        blank=True,
        validators=[no_control_characters],
    )
    first_demand_on = models.DateField(
        "date de la première demande",
        null=True,
        blank=True,
        validators=[DEMAND_DATE, DEMAND_NOT_IN_FUTURE],
        help_text="Elle figure sur l'attestation, avec le numéro unique : à indiquer avec lui.",
    )
    urgency = models.CharField(
        "urgence", max_length=12, choices=enums.Urgency.choices, default=enums.Urgency.NORMALE
    )
    situation = long_text("situation (résumé)", 2000)
    decision = models.CharField(
        "décision", max_length=10, choices=enums.Decision.choices, default=enums.Decision.PENDING
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
    refusal_reason = models.CharField(
        "motif du refus de la commission", max_length=20, choices=enums.RefusalReason.choices, blank=True
    )
    refusal_detail = long_text("précisions sur le refus", 500)
    household_answer = models.CharField(
        "réponse du ménage",
        max_length=10,
        choices=enums.HouseholdAnswer.choices,
        default=enums.HouseholdAnswer.UNKNOWN,
    )
    household_reason = long_text("raison donnée par le ménage", 500)
    household = models.ForeignKey(
        "households.Household",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name="ménage",
    )
    stay = models.ForeignKey(
        "stays.Stay", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="séjour"
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = "proposition du SIAO"
        verbose_name_plural = "propositions du SIAO"
        ordering = ["proposed_on", "pk"]  # never by the household's past answers
        constraints = [
            models.CheckConstraint(condition=within("adults", ADULTS), name="proposal_adults_bounds"),
            models.CheckConstraint(condition=within("children", CHILDREN), name="proposal_children_bounds"),
            models.CheckConstraint(
                condition=within("monthly_resources", MONTHLY_RESOURCES), name="proposal_resources_bounds"
            ),
            models.CheckConstraint(
                condition=within("birth_date", bounds.BIRTH_DATE), name="proposal_birth_date_bounds"
            ),
            models.CheckConstraint(
                condition=Q(decision=enums.Decision.PENDING, decided_on__isnull=True)
                | (~Q(decision=enums.Decision.PENDING) & Q(decided_on__isnull=False)),
                name="proposal_decided_on_iff_decided",
            ),
            models.CheckConstraint(
                condition=Q(decision=enums.Decision.REFUSED) & ~Q(refusal_reason="")
                | ~Q(decision=enums.Decision.REFUSED) & Q(refusal_reason=""),
                name="proposal_refusal_reason_iff_refused",
            ),
            models.CheckConstraint(
                condition=Q(household__isnull=True) | Q(decision=enums.Decision.ACCEPTED),
                name="proposal_household_only_if_accepted",
            ),
            models.CheckConstraint(
                condition=Q(stay__isnull=True) | Q(household__isnull=False),
                name="proposal_stay_needs_household",
            ),
            models.CheckConstraint(
                condition=~Q(decision=enums.Decision.DECLINED) | Q(household_answer=enums.HouseholdAnswer.NO),
                name="proposal_declined_means_household_no",
            ),
        ]
        indexes = [
            models.Index(fields=["operator", "decision"], name="proposal_operator_decision_idx"),
            models.Index(fields=["organisation", "decision"], name="proposal_siao_decision_idx"),
        ]

    def __str__(self) -> str:
        return f"Proposition n° {self.pk}"

    @property
    def candidate_name(self) -> str:
        return f"{self.first_name} {self.last_name.upper()}".strip()

    @property
    def household_size(self) -> int:
        return self.adults + self.children


class ProposedMember(models.Model):
    """Another member of the candidate household (the reference person is on the proposal itself): what
    the household file is created from on acceptance, without retyping."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(
        "rôle dans le ménage",
        max_length=20,
        choices=[(r.value, r.label) for r in PersonRole if r != PersonRole.REFERENCE],
    )
    first_name = models.CharField("prénom", max_length=100, blank=True, validators=[no_control_characters])
    last_name = models.CharField("nom", max_length=100, blank=True, validators=[no_control_characters])
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices)
    birth_date = models.DateField(
        "date de naissance", validators=[bounds.BIRTH_DATE, bounds.BIRTH_NOT_IN_FUTURE]
    )

    class Meta:
        verbose_name = "autre membre du ménage candidat"
        verbose_name_plural = "autres membres du ménage candidat"
        ordering = ["proposal", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=PersonRole.REFERENCE), name="proposed_member_not_reference"
            ),
            models.CheckConstraint(
                condition=within("birth_date", bounds.BIRTH_DATE), name="proposed_member_birth_date_bounds"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name.upper()}".strip() or str(self._meta.verbose_name)


class Wishes(models.Model):
    """« Souhaits du ménage »: of a candidate (proposal) or, once accepted, of the household."""

    proposal = models.OneToOneField(
        Proposal, on_delete=models.CASCADE, null=True, blank=True, related_name="wishes"
    )
    household = models.OneToOneField(
        "households.Household", on_delete=models.CASCADE, null=True, blank=True, related_name="wishes"
    )
    communes = models.ManyToManyField(
        "territories.Commune", blank=True, related_name="+", verbose_name="communes souhaitées"
    )
    epcis = models.ManyToManyField(
        "territories.Epci", blank=True, related_name="+", verbose_name="intercommunalités souhaitées"
    )
    typology_min = models.CharField("typologie au moins", max_length=3, choices=Typology.choices, blank=True)
    typology_max = models.CharField("typologie au plus", max_length=3, choices=Typology.choices, blank=True)
    near_school = models.BooleanField("près d'une école", default=False)
    near_work = models.BooleanField("près du travail", default=False)
    near_care = models.BooleanField("près des lieux de soins", default=False)
    near_family = models.BooleanField("près de la famille ou des proches", default=False)
    environment = models.CharField(
        "environnement",
        max_length=12,
        choices=enums.Environment.choices,
        default=enums.Environment.INDIFFERENT,
    )
    accessibility_needed = models.BooleanField("besoin d'un logement accessible", default=False)
    does_not_want = long_text("ce que le ménage ne veut pas", 500)
    updated_at = models.DateTimeField("modifiés le", auto_now=True)

    class Meta:
        verbose_name = "souhaits du ménage"
        verbose_name_plural = "souhaits des ménages"
        constraints = [
            models.CheckConstraint(
                condition=Q(proposal__isnull=True, household__isnull=False)
                | Q(proposal__isnull=False, household__isnull=True),
                name="wishes_exactly_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @property
    def proximity(self) -> list[str]:
        """What the household wishes to be near, in words (« école », « travail »…), in a fixed order."""
        wanted = {
            "école": self.near_school,
            "travail": self.near_work,
            "soins": self.near_care,
            "famille ou proches": self.near_family,
        }
        return [word for word, wished in wanted.items() if wished]
