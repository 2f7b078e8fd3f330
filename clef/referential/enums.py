"""Closed code lists of the exchange format v1 (shared/spec/exchange-format.md).

Values are the exchange-format codes (stable, never translated); labels are what users read.
"""

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


class Composition(models.TextChoices):
    PERSONNE_ISOLEE = "personne_isolee", "Personne isolée"
    COUPLE_SANS_ENFANT = "couple_sans_enfant", "Couple sans enfant"
    COUPLE_AVEC_ENFANTS = "couple_avec_enfants", "Couple avec enfant(s)"
    FAMILLE_MONOPARENTALE = "famille_monoparentale", "Famille monoparentale"
    AUTRE = "autre", "Autre"


class PriorSituation(models.TextChoices):
    """Code list A: where the household lived before entering."""

    HEBERGEMENT_URGENCE = "hebergement_urgence", "Hébergement d'urgence"
    HEBERGEMENT_INSERTION = "hebergement_insertion", "Hébergement d'insertion (CHRS…)"
    HOTEL = "hotel", "Hôtel (nuitées)"
    CHEZ_DES_TIERS = "chez_des_tiers", "Hébergé chez des tiers"
    SANS_DOMICILE = "sans_domicile", "Sans domicile, rue"
    HABITAT_PRECAIRE = "habitat_precaire", "Habitat précaire, bidonville, squat"
    LOGEMENT_PERSONNEL = "logement_personnel", "Logement personnel (perdu ou inadapté)"
    SORTIE_INSTITUTION = "sortie_institution", "Sortie d'institution (hôpital, prison, ASE)"
    AUTRE = "autre", "Autre"
    INCONNUE = "inconnue", "Non renseignée"


class OriginGroup(models.TextChoices):
    """Bilan groups of code list A."""

    STRUCTURE_HEBERGEMENT = "structure_hebergement", "Structure d'hébergement (urgence, insertion)"
    HOTEL = "hotel", "Hôtel"
    TIERS = "tiers", "Hébergé chez des tiers"
    SANS_DOMICILE_PRECAIRE = "sans_domicile_precaire", "Sans domicile ou habitat précaire"
    LOGEMENT = "logement", "Logement personnel"
    INSTITUTION = "institution", "Sortie d'institution"
    AUTRE = "autre", "Autre"
    INCONNUE = "inconnue", "Non renseignée"


ORIGIN_GROUP_OF: dict[str, str] = {
    PriorSituation.HEBERGEMENT_URGENCE: OriginGroup.STRUCTURE_HEBERGEMENT,
    PriorSituation.HEBERGEMENT_INSERTION: OriginGroup.STRUCTURE_HEBERGEMENT,
    PriorSituation.HOTEL: OriginGroup.HOTEL,
    PriorSituation.CHEZ_DES_TIERS: OriginGroup.TIERS,
    PriorSituation.SANS_DOMICILE: OriginGroup.SANS_DOMICILE_PRECAIRE,
    PriorSituation.HABITAT_PRECAIRE: OriginGroup.SANS_DOMICILE_PRECAIRE,
    PriorSituation.LOGEMENT_PERSONNEL: OriginGroup.LOGEMENT,
    PriorSituation.SORTIE_INSTITUTION: OriginGroup.INSTITUTION,
    PriorSituation.AUTRE: OriginGroup.AUTRE,
    PriorSituation.INCONNUE: OriginGroup.INCONNUE,
}


class ResourceSource(models.TextChoices):
    """Code list B."""

    SALAIRE = "salaire", "Salaire"
    RSA = "rsa", "RSA"
    AAH = "aah", "AAH"
    CHOMAGE = "chomage", "Allocations chômage"
    RETRAITE = "retraite", "Retraite"
    PRIME_ACTIVITE = "prime_activite", "Prime d'activité"
    PRESTATIONS_FAMILIALES = "prestations_familiales", "Prestations familiales"
    PENSION_INVALIDITE = "pension_invalidite", "Pension d'invalidité"
    AUTRE = "autre", "Autre"


class PersonRole(models.TextChoices):
    REFERENCE = "reference", "Personne de référence"
    CONJOINT = "conjoint", "Conjoint(e)"
    ENFANT = "enfant", "Enfant"
    AUTRE = "autre", "Autre"


class Sex(models.TextChoices):
    F = "F", "Femme"
    M = "M", "Homme"


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
