"""Texts of the demo's captation records (fictional; no real person)."""

from clef.captation.enums import ActivityKind, ClosedReason, Stage

CAMPAIGNS = {
    "newsletter": "Lettre aux propriétaires : louer solidaire sans souci",
    "affichage": "Affiches en agences immobilières et mairies",
    "evenement": "Réunion d'information des propriétaires",
    "prescripteur": "Orientations des notaires et syndics partenaires",
    "collectivite": "Article dans le magazine de l'agglomération",
    "site_web": "Formulaire « Propriétaires » du site de la structure",
    "autre": "Salon de l'habitat",
}

ACTIVITIES = {
    Stage.PREMIER_CONTACT: [
        (
            ActivityKind.APPEL,
            "Premier appel : le propriétaire découvre l'intermédiation locative, envoi de la "
            "plaquette et de la simulation Loc'Avantages.",
        ),
        (
            ActivityKind.EMAIL,
            "Réponse à sa demande : garanties (loyers, dégradations), gestion par la structure, "
            "avantage fiscal.",
        ),
    ],
    Stage.VISITE: [
        (ActivityKind.RENDEZ_VOUS, "Visite fixée avec le propriétaire sur place."),
        (ActivityKind.VISITE, "Visite du logement : bon état général, relevé des surfaces, DPE demandé."),
    ],
    Stage.PROPOSITION: [
        (
            ActivityKind.EMAIL,
            "Proposition envoyée : loyer plafonné, mode de gestion, convention Anah et primes.",
        ),
        (ActivityKind.COURRIER, "Projet de contrat et simulation détaillée envoyés par courrier."),
    ],
    Stage.ENGAGEMENT_SIGNE: [
        (ActivityKind.RENDEZ_VOUS, "Signature du contrat avec le propriétaire à l'agence."),
    ],
}

OPEN_NOTES = [
    "Le propriétaire réfléchit, attend l'avis de son notaire.",
    "Travaux légers à prévoir avant la mise en location (peinture).",
    "Hésite entre mandat de gestion et location / sous-location.",
]

NEXT_ACTIONS = {
    Stage.PROSPECT: "Appeler le propriétaire pour présenter le dispositif",
    Stage.PREMIER_CONTACT: "Fixer la date de la visite",
    Stage.VISITE: "Envoyer la proposition et la simulation",
    Stage.PROPOSITION: "Relancer le propriétaire sur la proposition",
}
RECAPTATION_ACTION = "Appeler le propriétaire : nouvelle convention ou autre logement"

CLOSED = {
    Stage.ABANDONNE: [
        (ClosedReason.INJOIGNABLE, "Trois relances sans réponse."),
        (ClosedReason.NON_DECENT, "Humidité importante, travaux trop lourds pour le propriétaire."),
        (ClosedReason.VENDU_RELOUE, "Logement finalement vendu."),
    ],
    Stage.REFUSE: [
        (ClosedReason.LOYER, "Loyer souhaité au-dessus du plafond Loc'Avantages."),
        (ClosedReason.CONDITIONS, "Ne souhaite pas confier la gestion de son bien."),
        (ClosedReason.AUTRE, "Préfère attendre la fin des travaux de copropriété."),
    ],
}
DO_NOT_CONTACT = "Le propriétaire demande à ne plus être contacté (courriel du jour)."

RECAPTATION = {
    "glissement_bail": "Le bail a glissé au nom du ménage : proposer au propriétaire un autre logement.",
    "reprise_proprietaire": "Le propriétaire a repris son logement : garder le contact pour un autre bien.",
    "fin_convention": "Fin de la convention Anah : proposer une nouvelle convention.",
    "fin_mandat": "Fin du mandat de gestion : comprendre pourquoi, proposer de reprendre.",
}
