from django.conf import settings
from django.db import models
from django.urls import reverse


class ImportJob(models.Model):
    """An exchange-format file uploaded from the web, validated and imported by the background worker."""

    class Status(models.TextChoices):
        PENDING = "en_attente", "En attente"
        RUNNING = "en_cours", "En cours"
        DONE = "reussi", "Importé"
        INVALID = "erreurs", "Refusé : erreurs à corriger"
        FAILED = "echec", "Échec technique"

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="import_jobs",
        verbose_name="structure importée",
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_from = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="déposé par"
    )
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField("fichier", max_length=255)
    dry_run = models.BooleanField("vérification seule", default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    step = models.CharField("étape", max_length=100, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    # The first IMPORT_MAX_PROBLEMS problems; the totals count them all.
    problems = models.JSONField(default=list, blank=True)
    problems_total = models.PositiveIntegerField("problèmes", default=0)
    errors_total = models.PositiveIntegerField("erreurs", default=0)
    # Last sign of life of the process running the import (a dead worker leaves it behind).
    heartbeat_at = models.DateTimeField("dernier signe de vie", null=True, blank=True)
    declaration = models.ForeignKey(
        "campaigns.Declaration", on_delete=models.SET_NULL, null=True, blank=True, related_name="import_jobs"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "import de fichier"
        verbose_name_plural = "imports de fichiers"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("www:import_detail", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status in {self.Status.DONE, self.Status.INVALID, self.Status.FAILED}:
            return 100
        if not self.progress_total:
            return 0
        return min(99, int(100 * self.progress_done / self.progress_total))

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.INVALID, self.Status.FAILED}

    @property
    def status_label(self) -> str:
        """What the user reads: a successful check-only run saved nothing, it is not "Importé"."""
        if self.dry_run and self.status == self.Status.DONE:
            return "Vérifié : rien n'a été enregistré"
        return self.get_status_display()

    @property
    def truncated(self) -> bool:
        return self.problems_total > len(self.problems)

    @property
    def errors(self) -> list[dict]:
        return [p for p in self.problems if p["severity"] == "erreur"]

    @property
    def warnings(self) -> list[dict]:
        return [p for p in self.problems if p["severity"] != "erreur"]
