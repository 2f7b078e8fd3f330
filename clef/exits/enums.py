"""Code lists of the guided exit (« sortie accompagnée ») and of the contact after exit.

The five perspectives of a « sortie positive » and their criteria are those of the reference text's
workshop (Journée régionale IML AURA 2025, « Synthèse de l'atelier en sous-groupe sur les sorties
positives »), word for word; each criterion has a short stable code (what is stored)."""

from django.db import models


class HouseholdChoice(models.TextChoices):
    """The household's word on its new housing (Logement d'abord: « choisi, et non subi »)."""

    CHOISI = "choisi", "Choisi"
    SUBI = "subi", "Subi"
    NE_SAIT_PAS = "ne_sait_pas", "Ne sait pas"


class RelayKind(models.TextChoices):
    """Who takes over after the exit."""

    TRAVAILLEUR_SOCIAL_SECTEUR = "travailleur_social_secteur", "Travailleur social de secteur"
    PROFESSIONNEL_SANTE = "professionnel_sante", "Professionnel de santé"
    BAILLEUR_AGENCE = "bailleur_agence", "Bailleur ou agence immobilière"
    AUTRE = "autre", "Autre relais"
    AUCUN = "aucun", "Aucun relais"


class Perspective(models.TextChoices):
    MENAGE = "menage", "Le ménage"
    TRAVAILLEUR_SOCIAL = "travailleur_social", "Le travailleur social"
    GESTIONNAIRE = "gestionnaire", "Le gestionnaire locatif"
    STRUCTURE = "structure", "La structure"
    FINANCEUR = "financeur", "Le financeur"


class Judgement(models.TextChoices):
    POSITIVE = "positive", "Positive"
    MITIGEE = "mitigee", "Mitigée"
    NEGATIVE = "negative", "Négative"


class SolicitationSubject(models.TextChoices):
    COURRIER = "courrier", "Courrier à décoder"
    MENACE_IMPAYE = "menace_impaye", "Menace d'impayé"
    DEMARCHE = "demarche", "Démarche"
    CONSEIL = "conseil", "Conseil"
    AUTRE = "autre", "Autre"


_SANS_SINISTRE = (
    "Quand le logement est rendu avec absence de sinistre (pas de dégradation et donc de travaux à prendre "
    "à charge) et d'impayés (ou traités – ex : un plan d'apurement pour une dette)."
)
_BONNE_IMAGE = (
    "Quand le ménage est bien intégré dans l'environnement (immeuble, quartier) pour offrir une « bonne "
    "image » au propriétaire privé et ses réseaux (argument pour renouveler le parc)."
)

CRITERIA: dict[str, tuple[tuple[str, str], ...]] = {
    Perspective.MENAGE: (
        ("choisi", "Quand le logement est choisi, et non subi."),
        (
            "adapte",
            "Quand le logement est adapté aux besoins et aux possibilités du ménage (actuels et futurs).",
        ),
        ("temporalite", "Quand la temporalité du relogement correspond à celle du ménage."),
    ),
    Perspective.TRAVAILLEUR_SOCIAL: (
        (
            "pret",
            "Quand la nouvelle solution arrive et que le ménage est prêt à la recevoir (situation financière "
            "stabilisée, autonomie du ménage).",
        ),
        (
            # The reference text (line 223) says « des besoins de la personnes »: its words are kept, the
            # agreement corrected (« de la personne »).
            "relais",
            "Quand le relais a été établi en amont (un travailleur social, professionnel de santé ou autre en "
            "fonction des besoins de la personne).",
        ),
        (
            "difficultes_resolues",
            "Quand les difficultés initiales ont été résolues et que les besoins du ménage ont trouvé une "
            "réponse.",
        ),
    ),
    Perspective.GESTIONNAIRE: (
        ("sans_sinistre", _SANS_SINISTRE),
        (
            "obligations_locatives",
            "Quand les obligations locatives sont respectées dans le cadre d'une IML MG (relation saine entre "
            "le locataire et les gestionnaires).",
        ),
        (
            "relais_professionnels",
            "Quand les relais vers des professionnels sont établis et que les personnes savent appeler le bon "
            "interlocuteur (agence immobilière, bailleur social...).",
        ),
        ("bonne_image", _BONNE_IMAGE),
    ),
    Perspective.STRUCTURE: (
        ("sans_sinistre", _SANS_SINISTRE),
        ("bonne_image", _BONNE_IMAGE),
        ("equilibre_financier", "Quand l'équilibre financier est établi."),
        ("objectifs_atteints", "Quand les objectifs de l'accompagnement ont été atteints."),
        (
            "delais_raisonnables",
            "Quand la sortie se fait dans des délais raisonnables en restant dans le critère des 18 mois.",
        ),
        (
            "glissement_perenne",
            "Quand le ménage peut profiter d'un glissement de bail et éventuellement d'un logement pérenne "
            "(donc sans retour en HU ou HI).",
        ),
        (
            "sortie_anticipee",
            "Quand la sortie est anticipée par la structure, particulièrement en sous-location, pour "
            "anticiper le taux de vacance et l'entrée d'un nouveau ménage.",
        ),
    ),
    Perspective.FINANCEUR: (
        ("delai_respecte", "Quand le délai de la mesure est respecté."),
        ("sans_sinistralite", "Quand il n'y a pas de sinistralité."),
        ("insertion_durable", "Quand l'insertion de la personne est durable."),
        (
            "pas_de_retour_p177",
            "Quand la personne ne revient pas dans un des dispositifs financés par le Programme 177.",
        ),
        ("circulaire_2018", "Quand les critères définis dans la circulaire de 2018 sont respectés."),
    ),
}
"""The criteria of each perspective: (code, the reference text's words)."""

READINESS_ITEMS: tuple[tuple[str, str], ...] = (
    ("resources_stabilised", "Ressources stabilisées"),
    ("housing_identified", "Solution de relogement identifiée et acceptée"),
    ("relay_established", "Relais établi"),
    ("debts_settled", "Dettes soldées ou plan d'apurement"),
    ("inventory_prepared", "État des lieux de sortie préparé"),
    ("date_agreed", "Ménage d'accord avec la date"),
    ("rights_opened", "Droits ouverts dans le nouveau logement (APL, assurance, énergie)"),
    ("knows_whom_to_call", "Le ménage sait qui appeler"),
)
"""The « prêt à sortir » checklist: (field of ExitReadiness, label)."""
