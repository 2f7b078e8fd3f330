"""« Financement de la mesure »: the IML subsidy an operator receives for a year, in its three parts
(captation, gestion locative adaptée, accompagnement), entered by the State or the operator's direction.
The days actually supported are computed from the stays (`clef.funding.queries`)."""

from django.conf import settings
from django.db import models

from clef.dwellings.models import within
from clef.funding.bounds import COMMENTS_LIMIT, GRANTED_ON, SUBSIDY_PART, SUBSIDY_YEAR
from clef.orientation.fields import long_text

PART_FIELDS = ("captation_amount", "gla_amount", "support_amount")


def _amount(label: str) -> models.DecimalField:
    return models.DecimalField(label, max_digits=10, decimal_places=2, default=0, validators=[SUBSIDY_PART])


class Subsidy(models.Model):
    """« Subvention IML » of one operator for one year."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="subsidies",
        verbose_name="structure",
    )
    year = models.PositiveSmallIntegerField("année", validators=[SUBSIDY_YEAR])
    captation_amount = _amount("part captation (€)")
    gla_amount = _amount("part gestion locative adaptée (€)")
    support_amount = _amount("part accompagnement (€)")
    granted_on = models.DateField("attribuée le", null=True, blank=True, validators=[GRANTED_ON])
    comments = long_text("commentaires", COMMENTS_LIMIT)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="saisie par"
    )
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        verbose_name = "subvention IML"
        verbose_name_plural = "subventions IML"
        ordering = ["year", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="subsidy_unique_organisation_year"),
            models.CheckConstraint(condition=within("year", SUBSIDY_YEAR), name="subsidy_year_bounds"),
            models.CheckConstraint(
                condition=within("granted_on", GRANTED_ON, nullable=True), name="subsidy_granted_on_bounds"
            ),
            *[
                models.CheckConstraint(condition=within(field, SUBSIDY_PART), name=f"subsidy_{field}_bounds")
                for field in PART_FIELDS
            ],
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.year} : {self.organisation}"

    @property
    def total(self):
        return self.captation_amount + self.gla_amount + self.support_amount
