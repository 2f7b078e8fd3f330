"""Codes of the owners' desk (« guichet unique »): stable English or glossary values, French labels."""

from django.db import models


class RoutingMethod(models.TextChoices):
    ROTATION = "rotation", "À tour de rôle"
    CAPACITE = "capacite", "Selon la capacité restante du mois"


class PreferredMode(models.TextChoices):
    MANDAT_GESTION = "mandat_gestion", "Mandat de gestion"
    SOUS_LOCATION = "sous_location", "Location / sous-location"
    INDIFFERENT = "indifferent", "Je ne sais pas encore"


class Status(models.TextChoices):
    RECUE = "recue", "reçue"
    CONFIEE = "confiee", "confiée à une structure"
    PRISE_EN_CHARGE = "prise_en_charge", "prise en charge"
    REVENUE = "revenue", "revenue au guichet"
    CLOSE = "close", "close"


OPEN_STATUSES = (Status.RECUE, Status.CONFIEE, Status.PRISE_EN_CHARGE, Status.REVENUE)
# Statuses with the animator (no structure holds the request): to assign.
WITH_ANIMATOR = (Status.RECUE, Status.REVENUE)


class Outcome(models.TextChoices):
    CAPTEE = "captee", "logement capté"
    SANS_SUITE = "sans_suite", "sans suite"
    DOUBLON = "doublon", "doublon"
    HORS_TERRITOIRE = "hors_territoire", "hors territoire"


class EventKind(models.TextChoices):
    RECUE = "recue", "Demande reçue"
    CONFIEE = "confiee", "Confiée à une structure"
    SANS_REGLE = "sans_regle", "Aucune règle : reste au guichet"
    NE_PAS_CONTACTER = "ne_pas_contacter", "Propriétaire « ne pas contacter » chez la structure"
    PRISE_EN_CHARGE = "prise_en_charge", "Prise en charge"
    REVENUE = "revenue", "Revenue au guichet"
    CLOSE = "close", "Close"
