"""Exit categorisation schemes: data, not code (spec/bilan-indicators.md)."""

from django.core.exceptions import ValidationError
from django.db import models

from clef.stays.enums import EXIT_DESTINATIONS, Destination

UNCLASSIFIED = "non_classe"


class ExitScheme(models.Model):
    code = models.SlugField("code", max_length=50, unique=True)
    name = models.CharField("nom", max_length=200)
    description = models.TextField("description", blank=True)
    is_builtin = models.BooleanField("fourni par la plateforme", default=False)
    position = models.PositiveSmallIntegerField("ordre", default=100)

    class Meta:
        verbose_name = "schéma de catégorisation des sorties"
        verbose_name_plural = "schémas de catégorisation des sorties"
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    def category_of(self) -> dict[str, str]:
        """Destination code → category code, with `non_classe` for what the scheme does not name."""
        mapping = {d.value: UNCLASSIFIED for d in EXIT_DESTINATIONS}
        for destination, category in self.entries.values_list("destination", "category__code"):
            mapping[destination] = category
        return mapping


class ExitCategory(models.Model):
    scheme = models.ForeignKey(ExitScheme, on_delete=models.CASCADE, related_name="categories")
    code = models.SlugField("code", max_length=50)
    label = models.CharField("libellé", max_length=200)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "catégorie de sortie"
        verbose_name_plural = "catégories de sortie"
        ordering = ["scheme", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="exit_category_unique_code")]

    def __str__(self) -> str:
        return self.label


class ExitSchemeEntry(models.Model):
    scheme = models.ForeignKey(ExitScheme, on_delete=models.CASCADE, related_name="entries")
    destination = models.CharField("destination", max_length=40, choices=Destination.choices)
    category = models.ForeignKey(ExitCategory, on_delete=models.CASCADE, related_name="entries")

    class Meta:
        verbose_name = "affectation d'une destination"
        verbose_name_plural = "affectations des destinations"
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "destination"], name="exit_scheme_entry_one_per_destination"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_destination_display()} → {self.category}"

    def clean(self) -> None:
        if self.destination == Destination.MUTATION_INTERNE_IML:
            raise ValidationError({"destination": "Un changement de logement interne n'est pas une sortie."})
        if self.category_id and self.scheme_id and self.category.scheme_id != self.scheme_id:
            raise ValidationError({"category": "Cette catégorie appartient à un autre schéma."})
