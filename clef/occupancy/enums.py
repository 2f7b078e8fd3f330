"""Code lists of occupancy terms, social-housing demands and lease-slide reviews (stable values, French
labels)."""

from django.db import models


class TermDecision(models.TextChoices):
    PENDING = "pending", "À décider"
    RENEWED = "renewed", "Renouvelée"
    ENDED = "ended", "Fin d'occupation"
    SLID = "slid", "Bail glissé"


class SlideOutcome(models.TextChoices):
    PRET = "pret", "Prêt"
    PAS_ENCORE = "pas_encore", "Pas encore"
    A_REVOIR = "a_revoir", "À revoir"


class CommissionDecision(models.TextChoices):
    AUCUNE = "aucune", "Pas encore passé en commission"
    FAVORABLE = "favorable", "Favorable"
    DEFAVORABLE = "defavorable", "Défavorable"
