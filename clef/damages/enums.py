"""Code lists of inventories (« états des lieux ») and damage claims (« sinistres : dégradations »)."""

from django.db import models


class InventoryKind(models.TextChoices):
    ENTREE = "entree", "État des lieux d'entrée"
    SORTIE = "sortie", "État des lieux de sortie"


class Condition(models.TextChoices):
    """A room's condition, from the best to the worst (the order is the rule of `compare_inventories`)."""

    NEUF = "neuf", "Neuf"
    BON = "bon", "Bon état"
    USAGE = "usage", "État d'usage"
    MAUVAIS = "mauvais", "Mauvais état"
    HORS_SERVICE = "hors_service", "Hors service"


# Rank of each condition: a higher rank is a worse condition.
CONDITION_RANK = {value: rank for rank, value in enumerate(Condition.values)}


class Cover(models.TextChoices):
    DEPOT = "depot", "Dépôt de garantie"
    VISALE = "visale", "Garantie Visale"
    FONDS = "fonds", "Fonds de sécurisation"
    STRUCTURE = "structure", "À la charge de la structure"
    AUCUN = "aucun", "Aucune prise en charge"


class ClaimStatus(models.TextChoices):
    CONSTATE = "constate", "Constaté"
    CHIFFRE = "chiffre", "Chiffré"
    IMPUTE = "impute", "Imputé au compte du ménage"
    SOLDE = "solde", "Soldé"
    ABANDONNE = "abandonne", "Abandonné"


class DocumentKind(models.TextChoices):
    DEVIS = "devis", "Devis"
    FACTURE = "facture", "Facture"
    PHOTO = "photo", "Photo"
    AUTRE = "autre", "Autre"
