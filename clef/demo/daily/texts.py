"""The demo's free texts: neutral, short, never identifying anyone (no name, address, illness or
nationality), as a careful professional writes them."""

RENEWAL_REASONS = [
    "Demande de logement social active, labellisée SYPLO : attente d'une attribution.",
    "Glissement du bail envisagé à la prochaine commission ; renouvellement le temps de le préparer.",
    "Plan d'apurement en cours, à terminer avant un relogement.",
    "Recherche d'un logement adapté à la composition du ménage, en cours.",
    "Ressources en cours de stabilisation (reprise d'emploi récente).",
    "Proposition de relogement attendue du bailleur social, visite programmée.",
]
SLIDE_NOT_YET = [
    "Paiement régulier de la part de loyer depuis trois mois ; à confirmer.",
    "Ressources encore irrégulières ; point à refaire au prochain semestre.",
    "Appropriation du logement en cours ; démarches administratives à finaliser.",
]
SLIDE_READY = [
    "Loyer payé régulièrement, bonne relation avec le propriétaire : dossier présenté en commission.",
    "Autonomie dans la gestion du logement et du budget ; le propriétaire est d'accord pour le glissement.",
]
SLIDE_TO_REVIEW = [
    "Un retard de loyer récent : refaire le point après la mise en place de l'échéancier.",
    "Le propriétaire souhaite un délai supplémentaire avant de se prononcer.",
]
OBJECTIVES = {
    "logement": [
        "Payer régulièrement sa part de loyer.",
        "S'approprier le logement et son entretien.",
        "Préparer l'accès à un logement pérenne.",
    ],
    "budget": [
        "Établir un budget mensuel et le tenir.",
        "Mettre en place un plan d'apurement de la dette.",
    ],
    "sante": ["Trouver un médecin traitant.", "Reprendre un suivi de soins régulier."],
    "emploi": ["S'inscrire dans un parcours d'insertion professionnelle.", "Préparer une reprise d'emploi."],
    "droits": [
        "Ouvrir les droits aux aides au logement.",
        "Mettre à jour la demande de logement social.",
        "Faire valoir ses droits à l'assurance maladie.",
    ],
    "vie_sociale": [
        "Connaître les services et associations du quartier.",
        "Reprendre une activité de loisirs.",
    ],
}
REVIEWS = [
    "Objectifs logement en bonne voie ; le budget reste à consolider.",
    "Le ménage est autonome dans ses démarches ; accompagnement allégé à prévoir.",
    "Difficultés de paiement ce trimestre ; rencontres plus fréquentes convenues avec le ménage.",
]
APPOINTMENT_NOTES = {
    "entretien": [
        "Point sur le budget du mois ; factures à jour.",
        "Mise à jour de la demande de logement social faite ensemble.",
        "Préparation du rendez-vous à la CAF.",
        "Point sur les démarches en cours ; pas de difficulté nouvelle.",
    ],
    "visite_domicile": [
        "Logement bien entretenu ; petite réparation signalée au gestionnaire.",
        "Visite faite avec l'accord du ménage ; installation terminée.",
    ],
    "visite_conjointe": [
        "Visite semestrielle : état du logement correct, compteurs relevés.",
        "Visite conjointe : humidité dans la salle de bains, intervention du propriétaire demandée.",
    ],
}
NOTES = [
    "Le ménage a transmis les justificatifs demandés ; dossier complet.",
    "Échange téléphonique : le rendez-vous de la semaine prochaine est confirmé.",
    "Le ménage souhaite être accompagné pour une démarche auprès de la caisse d'allocations familiales.",
    "Point d'étape : les objectifs du contrat sont en cours, pas de changement à prévoir.",
    "Orientation vers un relais santé proposée ; le ménage réfléchit.",
    "Le ménage a signalé un retard de paiement ; un échéancier est proposé.",
]
RELAY_REASONS = [
    "Besoin d'un médecin traitant.",
    "Souffrance psychique d'intensité légère, proposition d'un soutien.",
    "Coordination des soins à organiser.",
    "Besoin d'un interprète pour les rendez-vous médicaux.",
]
SOLICITATIONS = {
    "courrier": "Aide à la lecture d'un courrier administratif.",
    "menace_impaye": "Retard de loyer signalé par le bailleur : mise en relation avec le service social.",
    "demarche": "Accompagnement ponctuel pour une démarche en ligne.",
    "conseil": "Conseil sur un contrat d'énergie.",
    "autre": "Nouvelles du ménage, sans demande particulière.",
}
SITUATIONS = [
    "Ménage hébergé depuis plusieurs mois, en attente d'un logement ; ressources stables.",
    "Sortie de structure d'hébergement prévue ; autonomie dans la vie quotidienne.",
    "Hébergé chez des tiers, situation devenue difficile ; démarches d'insertion engagées.",
    "Ménage suivi par le service social de secteur, prêt pour un logement avec accompagnement.",
]
HOUSEHOLD_REFUSALS = [
    "Logement trop éloigné du lieu de travail.",
    "Le ménage préfère attendre une proposition plus proche de l'école des enfants.",
    "Étage élevé sans ascenseur, inadapté pour le ménage.",
]
COMMISSION_DETAILS = {
    "typologie": "Le logement est trop petit pour le ménage.",
    "reste_a_vivre": "Le reste à vivre serait inférieur au seuil de la structure.",
    "accompagnement": "Le ménage a besoin d'un accompagnement plus soutenu que l'IML.",
    "accessibilite": "Le logement n'est pas accessible.",
    "logement_pourvu": "Le logement a été attribué à un autre candidat.",
    "autre": "Candidature incomplète.",
}
AVAILABILITY_COMMENTS = [
    "Logement rénové, proche des transports.",
    "Visite possible en semaine ; chauffage individuel.",
    "Rez-de-chaussée, petit jardin.",
    "",
]
REORIENTATION_DETAILS = [
    "Le ménage a besoin d'un cadre plus soutenu que des visites mensuelles.",
    "Les ressources ne permettent plus de tenir la part de loyer malgré les aides.",
    "Le ménage souhaite se rapprocher de sa famille dans un autre département.",
]
SIAO_ANSWERS = [
    "Situation présentée en commission ; une place en pension de famille est proposée.",
    "Demande enregistrée ; le ménage reste dans le logement en attendant une solution.",
]
PERSPECTIVE_COMMENTS = {
    "positive": "Sortie préparée avec le ménage, dans de bonnes conditions.",
    "mitigee": "Sortie réalisée, mais plus vite que le ménage ne l'aurait souhaité.",
    "negative": "Sortie subie ; relais difficile à mettre en place.",
}
AGENDA_DECISIONS = [
    "Renouvellement validé ; point avec le ménage dans trois mois.",
    "Relance de la demande de logement social à faire par le travailleur social.",
    "Dossier à présenter à la prochaine commission de glissement.",
    "Visite conjointe à programmer ce mois-ci.",
    "Pris connaissance ; pas d'action à ce stade.",
]
