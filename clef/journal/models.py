"""Append-only journal of changes and audited actions (about any record), and the access log of household
files.

Written by clef.journal.services only (never from signals). Entries cannot be updated or deleted through
the ORM (AppendOnlyModel) nor in the database (triggers, see clef.journal.maintenance).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from clef.utils.models import AppendOnlyModel


class JournalEntry(AppendOnlyModel):
    """One audited write: who (actor), for which organisation, when, what (action on a subject), and the
    readable changes (field label → old and new values as users read them)."""

    class Action(models.TextChoices):
        CREATE = "create", "Création"
        UPDATE = "update", "Modification"
        DELETE = "delete", "Suppression"
        OPEN = "open", "Ouverture"
        VALIDATE = "validate", "Validation"
        REOPEN = "reopen", "Réouverture"
        REMIND = "remind", "Relance"
        IMPORT = "import", "Import"

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="organisation"
    )
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
    # The subject: any record (a household, a stay, a campaign, an import…).
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name="type d'objet"
    )
    object_id = models.BigIntegerField("identifiant de l'objet")
    subject = GenericForeignKey("content_type", "object_id")
    object_label = models.CharField("objet", max_length=200, blank=True)
    # The record whose "Historique" shows this entry (household for persons and stays; dwelling too).
    household_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    dwelling_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    changes = models.JSONField("changements", default=dict, blank=True)

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "journal"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="journal_subject_idx"),
            models.Index(fields=["organisation", "at"], name="journal_org_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.object_label} n° {self.object_id}"

    @property
    def object_type(self) -> str:
        """The subject's model name ("household", "stay", "campaign"…)."""
        return ContentType.objects.get_for_id(self.content_type_id).model


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
        PROPOSITION = "proposition", "Proposition du SIAO (candidat)"
        ACCOMPAGNEMENT = "accompagnement", "Accompagnement du ménage"
        NOTE = "note", "Note d'accompagnement"
        SORTIE_ACCOMPAGNEE = "sortie_accompagnee", "Sortie accompagnée"
        REUNION = "reunion", "Réunion IML ou liste « À faire »"
        PROPRIETAIRE = "proprietaire", "Fiche d'un propriétaire bailleur"
        CONTRAT = "contrat", "Contrat ou coordonnées bancaires d'un propriétaire"
        GUICHET = "guichet", "Demande d'un propriétaire au guichet unique"
        COMPTE = "compte", "Compte locatif du ménage (écritures, quittance, relevé)"
        RELEVE_BANCAIRE = "releve_bancaire", "Relevé bancaire (lignes de paiement)"
        RECOUVREMENT = "recouvrement", "Relance, plan d'apurement ou contentieux"
        ETAT_DES_LIEUX = "etat_des_lieux", "État des lieux ou sinistre dégradations"
        GARANTIE = "garantie", "Garantie Visale ou demande au fonds de sécurisation"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="utilisateur"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="organisation"
    )
    household_id = models.BigIntegerField("ménage", null=True, blank=True, db_index=True)
    context = models.CharField("contexte", max_length=20, choices=Context.choices, default=Context.FICHE)
    subject_type = models.CharField(
        "type de dossier lu", max_length=60, blank=True, default="", help_text="« app.modèle » du dossier lu."
    )
    subject_id = models.BigIntegerField("dossier lu", null=True, blank=True)
    at = models.DateTimeField("date", auto_now_add=True)

    class Meta:
        verbose_name = "consultation d'un dossier"
        verbose_name_plural = "journal des consultations"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organisation", "at"], name="access_org_at_idx")]

    def __str__(self) -> str:
        target = f"ménage n° {self.household_id}" if self.household_id else "toutes les données"
        return f"{self.user_id} → {target} ({self.get_context_display()})"
