"""Code lists of the SIAO orientation: stable English or glossary values, French labels."""

from django.db import models


class AvailabilityStatus(models.TextChoices):
    OPEN = "open", "Ouverte"
    FILLED = "filled", "Pourvue"
    WITHDRAWN = "withdrawn", "Retirée"


class Urgency(models.TextChoices):
    NORMALE = "normale", "Normale"
    ELEVEE = "elevee", "Élevée"
    TRES_ELEVEE = "tres_elevee", "Très élevée"


class Decision(models.TextChoices):
    PENDING = "pending", "En attente"
    ACCEPTED = "accepted", "Acceptée"
    REFUSED = "refused", "Refusée par la commission"
    DECLINED = "declined", "Déclinée par le ménage"
    WITHDRAWN = "withdrawn", "Retirée par le SIAO"


class RefusalReason(models.TextChoices):
    """Why the operator's commission refuses a candidate (never the household's own refusal)."""

    TYPOLOGIE = "typologie", "Logement inadapté à la composition du ménage"
    RESTE_A_VIVRE = "reste_a_vivre", "Reste à vivre insuffisant pour ce loyer"
    ACCOMPAGNEMENT = "accompagnement", "Besoin d'un accompagnement que l'IML n'offre pas"
    ACCESSIBILITE = "accessibilite", "Logement non accessible aux besoins du ménage"
    LOGEMENT_POURVU = "logement_pourvu", "Logement déjà attribué à un autre candidat"
    AUTRE = "autre", "Autre motif (préciser)"


class HouseholdAnswer(models.TextChoices):
    YES = "yes", "Le ménage accepte"
    NO = "no", "Le ménage refuse"
    UNKNOWN = "unknown", "Pas encore connue"


class Environment(models.TextChoices):
    URBAIN = "urbain", "Urbain"
    PERIURBAIN = "periurbain", "Périurbain"
    RURAL = "rural", "Rural"
    INDIFFERENT = "indifferent", "Indifférent"


class ReorientationReason(models.TextChoices):
    SOINS = "soins", "Besoins de soins non couverts par l'accompagnement"
    AUTONOMIE = "autonomie", "Autonomie insuffisante pour vivre seul dans le logement"
    RESSOURCES = "ressources", "Ressources qui ne permettent plus de tenir le logement"
    INADAPTE = "inadapte", "Logement inadapté à la situation actuelle du ménage"
    SOUHAIT = "souhait", "Souhait du ménage"
    AUTRE = "autre", "Autre motif (préciser)"


class ProposedSolution(models.TextChoices):
    HEBERGEMENT = "hebergement", "Hébergement"
    LOGEMENT_ACCOMPAGNE = "logement_accompagne", "Logement accompagné / pension de famille"
    AUTRE_IML = "autre_iml", "Autre dispositif IML"
    SOINS = "soins", "Soins (lits halte soins santé, appartement de coordination thérapeutique…)"
    AUTRE = "autre", "Autre"


class ReorientationStatus(models.TextChoices):
    OPEN = "open", "En attente de réponse du SIAO"
    ANSWERED = "answered", "Répondue par le SIAO"
    CLOSED = "closed", "Close"
