"""Code list of the stay (exchange format v1: list C, destinations at the end of a stay).

Values are the exchange-format codes (stable, never translated); labels are what users read."""

from django.db import models


class Destination(models.TextChoices):
    """Code list C: where the household went at the end of a stay."""

    PARC_SOCIAL = "parc_social", "Accès au parc social (public)"
    PARC_PRIVE = "parc_prive", "Accès au parc privé (autre logement)"
    MAINTIEN_GLISSEMENT_BAIL = "maintien_glissement_bail", "Maintien dans le logement par glissement du bail"
    MAINTIEN_MANDAT = "maintien_mandat", "Maintien dans le logement (fin de mesure, mandat de gestion)"
    LOGEMENT_ACCOMPAGNE = (
        "logement_accompagne",
        "Logement accompagné (pension de famille, résidence sociale, FJT…)",
    )
    MUTATION_PARC_ASSOCIATIF = "mutation_parc_associatif", "Mutation dans le parc associatif (hors IML)"
    MUTATION_INTERNE_IML = "mutation_interne_iml", "Changement de logement au sein de l'IML"
    INSTITUTION = "institution", "Entrée en institution (EHPAD, soins, hôpital…)"
    HEBERGEMENT_TIERS = "hebergement_tiers", "Hébergement chez des tiers"
    HEBERGEMENT_URGENCE_INSERTION = (
        "hebergement_urgence_insertion",
        "Retour vers un hébergement d'urgence ou d'insertion",
    )
    EXPULSION = "expulsion", "Expulsion"
    DEPART_SANS_ADRESSE = "depart_sans_adresse", "Départ sans laisser d'adresse"
    DECES = "deces", "Décès"
    AUTRE = "autre", "Autre"
    INCONNUE = "inconnue", "Non renseignée"


EXIT_DESTINATIONS = [d for d in Destination if d != Destination.MUTATION_INTERNE_IML]
"""Destinations that end a parcours (every code of list C but the internal move)."""
