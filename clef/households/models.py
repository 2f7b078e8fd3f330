from datetime import date

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from clef.dwellings.models import within
from clef.referential.enums import Composition, Destination, PersonRole, PriorSituation, ResourceSource, Sex
from clef.utils import bounds
from clef.utils.bounds import no_control_characters
from clef.utils.dates import months_between
from clef.utils.models import ExternalIdMixin
from clef.utils.text import search_key


class HouseholdQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def present_on(self, day: date):
        """Households living in an IML dwelling that day (present on their exit day)."""
        return self.filter(Exists(Stay.objects.filter(household=OuterRef("pk")).occupying_on(day)))


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


class StayQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def occupying_on(self, day: date):
        """Stays during which the household lives in the dwelling that day (exit day included)."""
        return self.filter(Q(entry_date__lte=day) & (Q(exit_date__isnull=True) | Q(exit_date__gte=day)))

    def open(self):
        return self.filter(exit_date__isnull=True)

    def exits_in(self, year: int):
        """Real exits (parcours ends): not internal moves."""
        return self.filter(exit_date__year=year).exclude(destination=Destination.MUTATION_INTERNE_IML)


class Stay(ExternalIdMixin, models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="stays",
        verbose_name="structure",
        db_index=False,  # FK indexes of Stay are covered by the composite indexes below
    )
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="stays", verbose_name="ménage", db_index=False
    )
    dwelling = models.ForeignKey(
        "dwellings.Dwelling",
        on_delete=models.PROTECT,
        related_name="stays",
        verbose_name="logement",
        db_index=False,
    )
    external_id = models.CharField(
        "identifiant d'échange", max_length=100, blank=True, validators=[no_control_characters]
    )
    entry_date = models.DateField("date d'entrée", validators=[bounds.ENTRY_DATE, bounds.ENTRY_NOT_IN_FUTURE])
    exit_date = models.DateField(
        "date de sortie", null=True, blank=True, validators=[bounds.EXIT_DATE, bounds.EXIT_NOT_IN_FUTURE]
    )
    destination = models.CharField("destination", max_length=40, choices=Destination.choices, blank=True)
    loss_unpaid_rent = models.BooleanField("impayé constaté à la sortie", default=False)
    loss_damage = models.BooleanField("dégradation constatée à la sortie", default=False)
    exit_debt = models.DecimalField(
        "dette à la sortie (€)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[bounds.DEBT],
    )
    # Start of the parcours this stay belongs to (maintained by services.recompute_pathways).
    pathway_start = models.DateField("début du parcours", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StayQuerySet.as_manager()

    class Meta:
        verbose_name = "séjour"
        ordering = ["entry_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exit_date__isnull=True) | Q(exit_date__gte=models.F("entry_date")),
                name="stay_exit_after_entry",
            ),
            models.CheckConstraint(
                condition=Q(exit_date__isnull=True, destination="")
                | (Q(exit_date__isnull=False) & ~Q(destination="")),
                name="stay_destination_iff_exit",
            ),
            models.CheckConstraint(
                condition=Q(pathway_start__lte=models.F("entry_date")),
                name="stay_pathway_starts_before_entry",
            ),
            models.CheckConstraint(
                condition=within("entry_date", bounds.ENTRY_DATE), name="stay_entry_bounds"
            ),
            models.CheckConstraint(
                condition=within("exit_date", bounds.EXIT_DATE, nullable=True), name="stay_exit_bounds"
            ),
            models.CheckConstraint(
                condition=within("exit_debt", bounds.DEBT, nullable=True), name="stay_exit_debt_bounds"
            ),
            models.UniqueConstraint(
                fields=["organisation", "external_id"],
                condition=~Q(external_id=""),
                name="stay_unique_external_id",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "entry_date", "exit_date"], name="stay_org_dates_idx"),
            models.Index(fields=["entry_date", "exit_date"], name="stay_dates_idx"),
            models.Index(fields=["exit_date", "destination"], name="stay_exit_idx"),
            models.Index(fields=["pathway_start"], name="stay_pathway_idx"),
            models.Index(fields=["dwelling", "entry_date"], name="stay_dwelling_idx"),
            models.Index(fields=["household", "entry_date"], name="stay_household_idx"),
        ]

    def __str__(self) -> str:
        return f"Séjour du {self.entry_date:%d/%m/%Y}" + (
            f" au {self.exit_date:%d/%m/%Y}" if self.exit_date else ""
        )

    def get_absolute_url(self) -> str:
        return reverse("www:household_detail", args=[self.household_id]) + f"#sejour-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.exit_date is None

    @property
    def is_internal_move(self) -> bool:
        return self.destination == Destination.MUTATION_INTERNE_IML

    def months_in_dwelling(self, today: date) -> float:
        return months_between(self.entry_date, self.exit_date or today)

    def months_in_dispositif(self, today: date) -> float:
        return months_between(self.pathway_start, self.exit_date or today)
