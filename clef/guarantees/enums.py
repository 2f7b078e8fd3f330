"""Choices of the guarantees: Visale (Action Logement) and the regional security fund."""

from django.db import models


class VisaleVariant(models.TextChoices):
    CLASSIQUE = "classique", "Visale (locataire en titre)"
    INTERMEDIATION_LOCATIVE = "intermediation_locative", "Visale intermédiation locative (Visale IL)"


class VisaleClaimKind(models.TextChoices):
    IMPAYES = "impayes", "Impayés de loyer et de charges"
    DEGRADATIONS = "degradations", "Dégradations locatives"


class VisaleClaimStatus(models.TextChoices):
    DECLAREE = "declaree", "Déclarée"
    ACCEPTEE = "acceptee", "Acceptée"
    REFUSEE = "refusee", "Refusée"
    INDEMNISEE = "indemnisee", "Indemnisée"


class ContributorKind(models.TextChoices):
    ETAT = "etat", "État (DREETS, DDETS)"
    OPERATEUR = "operateur", "Structure d'IML (cotisation)"
    COLLECTIVITE = "collectivite", "Collectivité territoriale"
    AUTRE = "autre", "Autre contributeur"


class ContributionKind(models.TextChoices):
    DOTATION = "dotation", "Dotation"
    COTISATION = "cotisation", "Cotisation"
    ABONDEMENT = "abondement", "Abondement"


class FundClaimKind(models.TextChoices):
    IMPAYES = "impayes", "Impayés de loyer"
    DEGRADATIONS = "degradations", "Dégradations"
    MULTIPLE = "multiple", "Sinistre multiple (impayés et dégradations)"
    VACANCE = "vacance", "Vacance du logement"


class FundClaimStatus(models.TextChoices):
    DEPOSEE = "deposee", "Déposée"
    ACCEPTEE = "acceptee", "Acceptée"
    REFUSEE = "refusee", "Refusée"
    VERSEE = "versee", "Versée"


DECIDED_STATUSES = {FundClaimStatus.ACCEPTEE, FundClaimStatus.REFUSEE, FundClaimStatus.VERSEE}
