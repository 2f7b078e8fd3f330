from django.conf import settings
from django.db import models
from django.urls import reverse


class ReportJob(models.Model):
    """A PDF report of the bilan asked from the web, drawn by the background worker (`clef.bilan.jobs`).
    It belongs to the person who asked and the organisation they asked from: nobody else opens it."""

    class Status(models.TextChoices):
        PENDING = "en_attente", "En attente"
        RUNNING = "en_cours", "En préparation"
        DONE = "pret", "Prêt"
        FAILED = "echec", "Échec"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="demandé par"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="organisation de la demande",
    )
    year = models.PositiveSmallIntegerField("année")
    perimeter = models.CharField("périmètre", max_length=120, blank=True)
    perimeter_name = models.CharField("nom du périmètre", max_length=250, blank=True)
    diffusion = models.BooleanField("secret statistique appliqué", default=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    step = models.CharField("étape", max_length=100, blank=True)
    percent = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    file = models.FileField(upload_to="bilan/%Y/%m/", blank=True)
    heartbeat_at = models.DateTimeField("dernier signe de vie", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "rapport PDF du bilan"
        verbose_name_plural = "rapports PDF du bilan"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "organisation"], name="bilan_reportjob_owner")]

    def __str__(self) -> str:
        return f"Bilan {self.year} — {self.perimeter_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("www:bilan_report", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def filename(self) -> str:
        from django.utils.text import slugify

        return f"bilan-iml-{self.year}-{slugify(self.perimeter_name) or 'perimetre'}.pdf"
