"""The code lists of exchange format v1 (docs/spec/exchange-format.md), owned by the format.

The CSV codes are a contract with the operators' software: they are written here, literally, and mapped
to the values Clef stores (the enums of each application). Today every code is its stored value; if an
application renames a value one day, only this mapping changes and the files stay what they are
(tests/exchange/test_codes.py fails until the mapping is updated).
"""

from __future__ import annotations

from clef.dwellings.enums import (
    Conventionnement,
    DwellingExitReason,
    ManagementMode,
    Parc,
    RentLevel,
    Typology,
)
from clef.exits.enums import HouseholdChoice, Judgement, RelayKind, SolicitationSubject
from clef.households.enums import Composition, PersonRole, PriorSituation, ResourceSource, Sex
from clef.occupancy.enums import TermDecision
from clef.stays.enums import Destination

# Exchange code → stored value, per list (the order is the one the format documents).
TYPOLOGIE = {
    "T1": Typology.T1,
    "T2": Typology.T2,
    "T3": Typology.T3,
    "T4": Typology.T4,
    "T5+": Typology.T5_PLUS,
}
PARC = {"prive": Parc.PRIVE, "public": Parc.PUBLIC}
MODE_GESTION = {
    "mandat_gestion": ManagementMode.MANDAT_GESTION,
    "sous_location": ManagementMode.SOUS_LOCATION,
    "bail_glissant": ManagementMode.BAIL_GLISSANT,
}
CONVENTIONNEMENT = {
    "aucun": Conventionnement.AUCUN,
    "sans_travaux": Conventionnement.SANS_TRAVAUX,
    "avec_travaux": Conventionnement.AVEC_TRAVAUX,
}
NIVEAU_LOYER = {"loc1": RentLevel.LOC1, "loc2": RentLevel.LOC2, "loc3": RentLevel.LOC3}
MOTIF_SORTIE = {
    "glissement_bail": DwellingExitReason.GLISSEMENT_BAIL,
    "reprise_proprietaire": DwellingExitReason.REPRISE_PROPRIETAIRE,
    "fin_convention": DwellingExitReason.FIN_CONVENTION,
    "fin_mandat": DwellingExitReason.FIN_MANDAT,
    "autre": DwellingExitReason.AUTRE,
}
COMPOSITION = {
    "personne_isolee": Composition.PERSONNE_ISOLEE,
    "couple_sans_enfant": Composition.COUPLE_SANS_ENFANT,
    "couple_avec_enfants": Composition.COUPLE_AVEC_ENFANTS,
    "famille_monoparentale": Composition.FAMILLE_MONOPARENTALE,
    "autre": Composition.AUTRE,
}
SITUATION_AVANT_ENTREE = {  # list A
    "hebergement_urgence": PriorSituation.HEBERGEMENT_URGENCE,
    "hebergement_insertion": PriorSituation.HEBERGEMENT_INSERTION,
    "hotel": PriorSituation.HOTEL,
    "chez_des_tiers": PriorSituation.CHEZ_DES_TIERS,
    "sans_domicile": PriorSituation.SANS_DOMICILE,
    "habitat_precaire": PriorSituation.HABITAT_PRECAIRE,
    "logement_personnel": PriorSituation.LOGEMENT_PERSONNEL,
    "sortie_institution": PriorSituation.SORTIE_INSTITUTION,
    "autre": PriorSituation.AUTRE,
    "inconnue": PriorSituation.INCONNUE,
}
RESSOURCES = {  # list B
    "salaire": ResourceSource.SALAIRE,
    "rsa": ResourceSource.RSA,
    "aah": ResourceSource.AAH,
    "chomage": ResourceSource.CHOMAGE,
    "retraite": ResourceSource.RETRAITE,
    "prime_activite": ResourceSource.PRIME_ACTIVITE,
    "prestations_familiales": ResourceSource.PRESTATIONS_FAMILIALES,
    "pension_invalidite": ResourceSource.PENSION_INVALIDITE,
    "autre": ResourceSource.AUTRE,
}
ROLE = {
    "reference": PersonRole.REFERENCE,
    "conjoint": PersonRole.CONJOINT,
    "enfant": PersonRole.ENFANT,
    "autre": PersonRole.AUTRE,
}
SEXE = {"F": Sex.F, "M": Sex.M}
DESTINATION = {  # list C
    "parc_social": Destination.PARC_SOCIAL,
    "parc_prive": Destination.PARC_PRIVE,
    "maintien_glissement_bail": Destination.MAINTIEN_GLISSEMENT_BAIL,
    "maintien_mandat": Destination.MAINTIEN_MANDAT,
    "logement_accompagne": Destination.LOGEMENT_ACCOMPAGNE,
    "mutation_parc_associatif": Destination.MUTATION_PARC_ASSOCIATIF,
    "mutation_interne_iml": Destination.MUTATION_INTERNE_IML,
    "institution": Destination.INSTITUTION,
    "hebergement_tiers": Destination.HEBERGEMENT_TIERS,
    "hebergement_urgence_insertion": Destination.HEBERGEMENT_URGENCE_INSERTION,
    "expulsion": Destination.EXPULSION,
    "depart_sans_adresse": Destination.DEPART_SANS_ADRESSE,
    "deces": Destination.DECES,
    "autre": Destination.AUTRE,
    "inconnue": Destination.INCONNUE,
}

# The optional files of the pathways (issue 8).
DECISION = {  # echeances.csv
    "a_decider": TermDecision.PENDING,
    "renouvelee": TermDecision.RENEWED,
    "fin_occupation": TermDecision.ENDED,
    "bail_glisse": TermDecision.SLID,
}
CHOIX_MENAGE = {
    "choisi": HouseholdChoice.CHOISI,
    "subi": HouseholdChoice.SUBI,
    "ne_sait_pas": HouseholdChoice.NE_SAIT_PAS,
}
RELAIS = {
    "travailleur_social_secteur": RelayKind.TRAVAILLEUR_SOCIAL_SECTEUR,
    "professionnel_sante": RelayKind.PROFESSIONNEL_SANTE,
    "bailleur_agence": RelayKind.BAILLEUR_AGENCE,
    "autre": RelayKind.AUTRE,
    "aucun": RelayKind.AUCUN,
}
REGARD = {"positive": Judgement.POSITIVE, "mitigee": Judgement.MITIGEE, "negative": Judgement.NEGATIVE}
OBJET = {
    "courrier": SolicitationSubject.COURRIER,
    "menace_impaye": SolicitationSubject.MENACE_IMPAYE,
    "demarche": SolicitationSubject.DEMARCHE,
    "conseil": SolicitationSubject.CONSEIL,
    "autre": SolicitationSubject.AUTRE,
}
# bilans_sortie.csv: one judgement column per perspective of the guided exit (column → perspective).
REGARD_COLUMNS = {
    "regard_menage": "menage",
    "regard_travailleur_social": "travailleur_social",
    "regard_gestionnaire": "gestionnaire",
    "regard_structure": "structure",
    "regard_financeur": "financeur",
}

# Each list next to the enum whose every value it must map (checked by the tests).
LISTS = {
    "typologie": (TYPOLOGIE, Typology),
    "parc": (PARC, Parc),
    "mode_gestion": (MODE_GESTION, ManagementMode),
    "conventionnement": (CONVENTIONNEMENT, Conventionnement),
    "niveau_loyer": (NIVEAU_LOYER, RentLevel),
    "motif_sortie": (MOTIF_SORTIE, DwellingExitReason),
    "composition": (COMPOSITION, Composition),
    "situation_avant_entree": (SITUATION_AVANT_ENTREE, PriorSituation),
    "ressources": (RESSOURCES, ResourceSource),
    "role": (ROLE, PersonRole),
    "sexe": (SEXE, Sex),
    "destination": (DESTINATION, Destination),
    "decision": (DECISION, TermDecision),
    "choix_menage": (CHOIX_MENAGE, HouseholdChoice),
    "relais": (RELAIS, RelayKind),
    **dict.fromkeys(REGARD_COLUMNS, (REGARD, Judgement)),
    "objet": (OBJET, SolicitationSubject),
}


def stored_values(mapping: dict) -> dict[str, str]:
    """Exchange code → the plain string Clef stores (not the enum member: drivers and JSON get a str)."""
    return {code: str(member.value) for code, member in mapping.items()}


def exchange_codes(mapping: dict) -> dict[str, str]:
    """Stored value → exchange code (what the export writes)."""
    return {str(member.value): code for code, member in mapping.items()}
