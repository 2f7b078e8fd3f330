"""Code lists of the support (accompagnement): stable English or glossary values, French labels."""

from django.db import models


class Intensity(models.TextChoices):
    LEGERE = "legere", "Légère"
    MODEREE = "moderee", "Modérée"
    RENFORCEE = "renforcee", "Renforcée"


class Domain(models.TextChoices):
    """The domains of the objectives of a support agreement (issue 8, section 4)."""

    LOGEMENT = "logement", "Logement"
    BUDGET = "budget", "Budget"
    SANTE = "sante", "Santé"
    EMPLOI = "emploi", "Emploi"
    DROITS = "droits", "Accès aux droits"
    VIE_SOCIALE = "vie_sociale", "Vie sociale"


class ObjectiveStatus(models.TextChoices):
    EN_COURS = "en_cours", "En cours"
    ATTEINT = "atteint", "Atteint"
    ABANDONNE = "abandonne", "Abandonné"


class AppointmentKind(models.TextChoices):
    ENTRETIEN = "entretien", "Entretien"
    VISITE_DOMICILE = "visite_domicile", "Visite à domicile"
    VISITE_CONJOINTE = "visite_conjointe", "Visite conjointe gestionnaire et travailleur social"


HOME_VISIT_KINDS = frozenset({AppointmentKind.VISITE_DOMICILE, AppointmentKind.VISITE_CONJOINTE})


class RelayCategory(models.TextChoices):
    ACCES_SOINS = "acces_soins", "Accès aux soins"
    SANTE_MENTALE = "sante_mentale", "Santé mentale"
    JEUNES = "jeunes", "Jeunes"
    PUBLICS_ETRANGERS = "publics_etrangers", "Publics étrangers"
    AUTRE = "autre", "Autre"


class RelayOutcome(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    EFFECTIVE = "effective", "Effective"
    SANS_SUITE = "sans_suite", "Sans suite"
    REFUSEE = "refusee", "Refusée par le ménage"
