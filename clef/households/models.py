from datetime import date

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from clef.dwellings.models import within
from clef.households.enums import Composition, PersonRole, PriorSituation, ResourceSource, Sex
from clef.utils import bounds
from clef.utils.bounds import no_control_characters
from clef.utils.models import ExternalIdMixin
from clef.utils.text import search_key


class HouseholdQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def present_on(self, day: date):
        """Households living in an IML dwelling that day (present on their exit day)."""
        stays = self.model._meta.get_field("stays").related_model.objects
        return self.filter(Exists(stays.filter(household=OuterRef("pk")).occupying_on(day)))


class Household(ExternalIdMixin, models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name="structure",
        db_index=False,  # covered by the composite indexes that start with organisation
    )
    external_id = models.CharField(
        "identifiant d'échange", max_length=100, blank=True, validators=[no_control_characters]
    )
    composition = models.CharField("composition", max_length=30, choices=Composition.choices)
    siao_oriented = models.BooleanField("orienté par le SIAO", default=False)
    dalo = models.BooleanField("reconnu prioritaire DALO", default=False)
    prior_situation = models.CharField(
        "situation avant l'entrée",
        max_length=30,
        choices=PriorSituation.choices,
        default=PriorSituation.INCONNUE,
    )
    social_housing_demand = models.BooleanField("demande de logement social active", default=False)
    social_housing_demand_number = models.CharField(
        "numéro unique de demande",
        max_length=30,
        blank=True,
        help_text="Numéro unique départemental de la demande de logement social, s'il est connu.",
        validators=[no_control_characters],
    )
    # Optimistic concurrency: see Dwelling.version (checked and incremented by services.save_household).
    version = models.PositiveIntegerField("version", default=1, editable=False)
    # Names of the members, normalised by search_key (one indexed column: the list's name search costs
    # one LIKE per word, never a join). Maintained by services.save_household.
    search_text = models.TextField("texte de recherche", blank=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = "ménage"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "external_id"],
                condition=~Q(external_id=""),
                name="household_unique_external_id",
            ),
            models.CheckConstraint(
                condition=Q(social_housing_demand=True) | Q(social_housing_demand_number=""),
                name="household_demand_number_needs_demand",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "composition"], name="household_org_comp_idx"),
            models.Index(fields=["organisation", "prior_situation"], name="household_org_prior_idx"),
        ]

    def __str__(self) -> str:
        reference = self.reference_person
        return reference.full_name if reference else f"Ménage n° {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("www:household_detail", args=[self.pk])

    @property
    def reference_person(self) -> "Person | None":
        # Uses the prefetched members when available (constant queries on lists).
        for person in self.members.all():
            if person.role == PersonRole.REFERENCE:
                return person
        return None

    def resource_codes(self) -> list[str]:
        return [r.source for r in self.resources.all()]

    @staticmethod
    def search_text_of(names: list[tuple[str, str]]) -> str:
        """The search column of a household whose members are named (first name, last name)."""
        return " ".join(key for first, last in names if (key := search_key(f"{first} {last}")))


class HouseholdResource(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="resources", db_index=False
    )  # covered by the unique (household, source)
    source = models.CharField("source de revenus", max_length=30, choices=ResourceSource.choices)

    class Meta:
        verbose_name = "ressource du ménage"
        verbose_name_plural = "ressources du ménage"
        constraints = [
            models.UniqueConstraint(fields=["household", "source"], name="household_resource_unique")
        ]
        indexes = [models.Index(fields=["source", "household"], name="household_resource_src_idx")]

    def __str__(self) -> str:
        return self.get_source_display()


class Person(ExternalIdMixin, models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="members", verbose_name="ménage", db_index=False
    )  # covered by the (household, role) index
    external_id = models.CharField(
        "identifiant d'échange", max_length=100, blank=True, validators=[no_control_characters]
    )
    role = models.CharField("rôle dans le ménage", max_length=20, choices=PersonRole.choices)
    first_name = models.CharField("prénom", max_length=100, blank=True, validators=[no_control_characters])
    last_name = models.CharField("nom", max_length=100, blank=True, validators=[no_control_characters])
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices)
    birth_date = models.DateField(
        "date de naissance", validators=[bounds.BIRTH_DATE, bounds.BIRTH_NOT_IN_FUTURE]
    )

    class Meta:
        verbose_name = "personne"
        ordering = ["household", "role", "birth_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(role=PersonRole.REFERENCE),
                name="person_one_reference_per_household",
            ),
            models.CheckConstraint(
                condition=within("birth_date", bounds.BIRTH_DATE), name="person_birth_date_bounds"
            ),
        ]
        indexes = [models.Index(fields=["household", "role"], name="person_household_role_idx")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def organisation_id(self) -> int:
        return self.household.organisation_id

    @property
    def full_name(self) -> str:
        name = f"{self.first_name} {self.last_name.upper()}".strip()
        return name or f"Personne n° {self.pk}"

    def age_on(self, day: date) -> int:
        return (
            day.year
            - self.birth_date.year
            - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))
        )
