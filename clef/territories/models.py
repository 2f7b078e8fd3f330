"""French territories (COG), loaded from the pinned npm package @etalab/decoupage-administratif."""

from django.db import models
from django.db.models import Q

from clef.utils.text import search_key


class Region(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)

    class Meta:
        verbose_name = "région"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    code = models.CharField("code", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="departments"
    )

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class Epci(models.Model):
    code = models.CharField("SIREN", max_length=9, primary_key=True)
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("nature", max_length=10)

    class Meta:
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CommuneQuerySet(models.QuerySet):
    def search(self, query: str):
        """Find communes by name, postcode or INSEE code (what the autocomplete calls)."""
        query = (query or "").strip()
        if not query:
            return self.none()
        if query.isdigit() or (len(query) == 5 and query[:2].upper() in {"2A", "2B"}):
            return self.filter(Q(code__startswith=query.upper()) | Q(postcodes__contains=query)).order_by(
                "-population", "name"
            )
        return self.filter(search_name__contains=search_key(query)).order_by("-population", "name")


class Commune(models.Model):
    class Kind(models.TextChoices):
        COMMUNE = "commune", "Commune"
        ARRONDISSEMENT = "arrondissement", "Arrondissement municipal"

    code = models.CharField("code INSEE", max_length=5, primary_key=True)
    name = models.CharField("nom", max_length=100)
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.COMMUNE)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="communes")
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="communes"
    )
    epci = models.ForeignKey(Epci, on_delete=models.SET_NULL, null=True, blank=True, related_name="communes")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="arrondissements"
    )
    postcodes = models.CharField("codes postaux", max_length=200, blank=True)
    population = models.PositiveIntegerField("population", null=True, blank=True)
    search_name = models.CharField(max_length=100, db_index=True, editable=False)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.department_id})"

    @property
    def label(self) -> str:
        """Label shown in the autocomplete: "Lyon 3e Arrondissement (69003) — 69383"."""
        first_postcode = self.postcodes.split(" ")[0] if self.postcodes else self.department_id
        return f"{self.name} ({first_postcode}) — {self.code}"
