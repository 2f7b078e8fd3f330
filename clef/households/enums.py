"""Code lists of the household and its members (exchange format v1: lists A and B, composition, roles).

Values are the exchange-format codes (stable, never translated); labels are what users read."""

from django.db import models


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
