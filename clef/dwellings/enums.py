"""Code lists of the dwelling (exchange format v1, shared/spec/exchange-format.md).

Values are the exchange-format codes (stable, never translated); labels are what users read."""

from django.db import models


class Typology(models.TextChoices):
    T1 = "T1", "T1 (studio, T1 bis)"
    T2 = "T2", "T2"
    T3 = "T3", "T3"
    T4 = "T4", "T4"
    T5_PLUS = "T5+", "T5 et plus"


class Parc(models.TextChoices):
    PRIVE = "prive", "Parc privé"
    PUBLIC = "public", "Parc public"


class ManagementMode(models.TextChoices):
    MANDAT_GESTION = "mandat_gestion", "Mandat de gestion"
    SOUS_LOCATION = "sous_location", "Location / sous-location"
    BAIL_GLISSANT = "bail_glissant", "Bail glissant"


class Conventionnement(models.TextChoices):
    AUCUN = "aucun", "Aucun"
    SANS_TRAVAUX = "sans_travaux", "Conventionné Anah sans travaux"
    AVEC_TRAVAUX = "avec_travaux", "Conventionné Anah avec travaux"


class RentLevel(models.TextChoices):
    LOC1 = "loc1", "Loc1 (intermédiaire)"
    LOC2 = "loc2", "Loc2 (social)"
    LOC3 = "loc3", "Loc3 (très social)"


class DwellingExitReason(models.TextChoices):
    GLISSEMENT_BAIL = "glissement_bail", "Glissement de bail"
    REPRISE_PROPRIETAIRE = "reprise_proprietaire", "Reprise par le propriétaire"
    FIN_CONVENTION = "fin_convention", "Fin de convention"
    FIN_MANDAT = "fin_mandat", "Fin de mandat"
    AUTRE = "autre", "Autre"
