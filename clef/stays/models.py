"""The stay: a household living in a dwelling of the park, from its entry to its exit. Consecutive
stays joined by internal moves form one pathway (parcours), whose start every stay carries."""

from datetime import date

from django.db import models
from django.db.models import Q
from django.urls import reverse

from clef.dwellings.models import within
from clef.stays.enums import Destination
from clef.utils import bounds
from clef.utils.bounds import no_control_characters
from clef.utils.dates import months_between
from clef.utils.models import ExternalIdMixin


class StayQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def occupying_on(self, day: date):
        """Stays during which the household lives in the dwelling that day (exit day included)."""
        return self.filter(Q(entry_date__lte=day) & (Q(exit_date__isnull=True) | Q(exit_date__gte=day)))

    def holding_on(self, day: date):
        """Stays that keep the dwelling from another household that day: a stay ending that day frees
        the dwelling (a household may enter the day the previous one left)."""
        return self.filter(Q(entry_date__lte=day) & (Q(exit_date__isnull=True) | Q(exit_date__gt=day)))

    def open(self):
        return self.filter(exit_date__isnull=True)

    def present_between(self, start: date, end: date):
        """Stays overlapping [start, end]: the household is present on its exit day (the bilan's
        « ménages présents », the funding's days supported)."""
        return self.filter(entry_date__lte=end).filter(Q(exit_date__isnull=True) | Q(exit_date__gte=start))

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
        "households.Household",
        on_delete=models.PROTECT,
        related_name="stays",
        verbose_name="ménage",
        db_index=False,
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
