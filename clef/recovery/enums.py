"""Code lists of recovery: reminder channels, plan origins and statuses, litigation statuses and steps."""

from django.db import models


class Channel(models.TextChoices):
    COURRIER = "courrier", "Courrier"
    EMAIL = "email", "Courriel"
    TELEPHONE = "telephone", "Téléphone"
    VISITE = "visite", "Visite"


class PlanOrigin(models.TextChoices):
    GESTION = "gestion", "Gestion locative"
    CAF = "caf", "Demandé par la CAF/MSA"
    SORTIE = "sortie", "À la sortie"


class PlanStatus(models.TextChoices):
    EN_COURS = "en_cours", "En cours"
    SOLDE = "solde", "Soldé (respecté)"
    ROMPU = "rompu", "Rompu"
    ABANDONNE = "abandonne", "Abandonné"


class CaseStatus(models.TextChoices):
    OUVERTE = "ouverte", "Ouverte"
    SUSPENDUE = "suspendue", "Suspendue"
    CLOSE = "close", "Close"


class StepKind(models.TextChoices):
    """In the order of the procedure (clef.recovery.rules.STEP_ORDER): a step never goes back."""

    RELANCE = "relance", "Relance"
    MISE_EN_DEMEURE = "mise_en_demeure", "Mise en demeure"
    COMMANDEMENT_DE_PAYER = "commandement_de_payer", "Commandement de payer"
    ASSIGNATION = "assignation", "Assignation"
    JUGEMENT = "jugement", "Jugement"
    EXPULSION = "expulsion", "Expulsion"
