"""Code lists of conventions and contracts (stable English values, French labels)."""

from django.db import models

from clef.dwellings.enums import Conventionnement


class ConventionWorks(models.TextChoices):
    """An Anah convention is with or without works: the dwelling's conventionnement values."""

    SANS_TRAVAUX = Conventionnement.SANS_TRAVAUX.value, "Sans travaux"
    AVEC_TRAVAUX = Conventionnement.AVEC_TRAVAUX.value, "Avec travaux"


class ConventionStatus(models.TextChoices):
    DEMANDEE = "demandee", "Demandée"
    SIGNEE = "signee", "Signée"
    TERMINEE = "terminee", "Terminée"


class ContractKind(models.TextChoices):
    MANDAT_GESTION = "mandat_gestion", "Mandat de gestion"
    BAIL_PRINCIPAL = "bail_principal", "Bail principal (location / sous-location)"
