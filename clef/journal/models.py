"""Append-only journal of changes to the register, and the access log of household files.

Written by clef.journal.services only (never from signals). Entries cannot be updated or deleted
through the ORM: save() refuses an update, delete() and queryset update/delete refuse.
"""

from django.conf import settings
from django.db import models

from clef.utils.models import AppendOnlyModel


class JournalEntry(AppendOnlyModel):
    class Action(models.TextChoices):
        CREATE = "create", "Création"
        UPDATE = "update", "Modification"
        DELETE = "delete", "Suppression"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="auteur",
    )
    at = models.DateTimeField("date", auto_now_add=True, db_index=True)
    action = models.CharField("action", max_length=10, choices=Action.choices)
    object_type = models.CharField("type d'objet", max_length=30)
    object_id = models.BigIntegerField("identifiant de l'objet")
    object_label = models.CharField("objet", max_length=200, blank=True)
    # The record whose "Historique" shows this entry (household for persons and stays; dwelling too).
    household_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    dwelling_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    changes = models.JSONField("changements", default=dict, blank=True)

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "journal"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="journal_object_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_type} #{self.object_id}"


class AccessLogEntry(AppendOnlyModel):
    """Who saw which household's personal data, when, and on which page.

    One row per household shown (a page of the household list, or of a name search, writes one row per
    household listed); the export of all the organisation's data writes one row with no household
    (context EXPORT).
    """

    class Context(models.TextChoices):
        FICHE = "fiche", "Fiche du ménage"
        MODIFICATION = "modification", "Modification du ménage"
        ENTREE = "entree", "Entrée dans un logement"
        SORTIE = "sortie", "Sortie du dispositif"
        CHANGEMENT = "changement", "Changement de logement"
        LOGEMENT = "logement", "Fiche d'un logement (occupants)"
        RECHERCHE = "recherche", "Recherche par nom"
        LISTE = "liste", "Liste des ménages"
        EXPORT = "export", "Export des données"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    household_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    context = models.CharField("contexte", max_length=20, choices=Context.choices, default=Context.FICHE)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "consultation d'un dossier"
        verbose_name_plural = "journal des consultations"
        ordering = ["-at"]

    def __str__(self) -> str:
        target = f"ménage #{self.household_id}" if self.household_id else "toutes les données"
        return f"{self.user_id} → {target} ({self.get_context_display()})"
