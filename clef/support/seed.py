"""The relay resources the reference text lists (journée régionale IML Auvergne-Rhône-Alpes 2025,
« Atelier logement et santé »), seeded as the platform's national directory by the data migration.

Descriptions are the reference text's; contacts and websites only where they are well-known public
facts (the 3114, the 15 for the SAS, the national websites), never an invented number."""

RELAY_RESOURCES = [
    {
        "code": "sas",
        "name": "Service d'accès aux soins (SAS)",
        "category": "acces_soins",
        "description": "Conseils médicaux, consultations, mobilisation du SAMU, accès simple vers d'autres "
        "professionnels.",
        "contact": "15",
        "website": "",
    },
    {
        "code": "mediateurs-sante",
        "name": "Médiateurs en santé",
        "category": "acces_soins",
        "description": "Une interface en proximité pour faciliter l'accès aux droits, à la prévention et aux "
        "soins mais aussi pour sensibiliser les acteurs du système de santé.",
        "contact": "",
        "website": "",
    },
    {
        "code": "dac",
        "name": "Dispositif d'appui à la coordination (DAC)",
        "category": "acces_soins",
        "description": "Facilite la coordination des différents professionnels de santé, assure un suivi "
        "adapté aux pathologies chroniques/complexes, améliore la continuité des soins, optimise les "
        "ressources.",
        "contact": "",
        "website": "",
    },
    {
        "code": "cpts",
        "name": "Communautés professionnelles territoriales de santé (CPTS)",
        "category": "acces_soins",
        "description": "Améliorent l'accès au soin (vers les médecins traitants et la prise en charge des "
        "soins non programmés en ville) ; organisent des parcours pluriprofessionnels autour du patient, "
        "développent des actions territoriales de prévention.",
        "contact": "",
        "website": "",
    },
    {
        "code": "mon-soutien-psy",
        "name": "Dispositif « Mon soutien psy »",
        "category": "sante_mentale",
        "description": "Pour toutes les personnes en souffrance psychique d'intensité légère à modérée, "
        "12 séances avec un psychologue sont prises en charge.",
        "contact": "",
        "website": "https://monsoutienpsy.ameli.fr",
    },
    {
        "code": "lieux-ecoute",
        "name": "Lieux d'écoute",
        "category": "sante_mentale",
        "description": "Proposent une écoute, un soutien psycho-social et des possibilités d'orientation à "
        "toute personne pour tout type de problématique.",
        "contact": "",
        "website": "",
    },
    {
        "code": "paej",
        "name": "Points d'accueil et d'écoute jeunes (PAEJ)",
        "category": "jeunes",
        "description": "Accueillent de façon inconditionnelle, gratuite et confidentielle, sans rendez-vous, "
        "seul ou en groupe, jeunes ou parents souhaitant recevoir un appui, un conseil, une orientation, "
        "dès lors qu'ils rencontrent une difficulté concernant la santé de façon la plus large.",
        "contact": "",
        "website": "",
    },
    {
        "code": "mda",
        "name": "Maisons des adolescents (MDA)",
        "category": "jeunes",
        "description": "Une écoute professionnelle pour les jeunes, les parents ou les professionnels en "
        "contact avec des adolescents. Un accompagnement multidisciplinaire, qui prend en compte le jeune "
        "dans sa globalité : santé physique, équilibre psychologique et insertion sociale.",
        "contact": "",
        "website": "",
    },
    {
        "code": "psycom",
        "name": "Psycom",
        "category": "sante_mentale",
        "description": "Informe, sensibilise et oriente sur la santé mentale ; propose notamment des lignes "
        "d'écoute.",
        "contact": "",
        "website": "https://www.psycom.org",
    },
    {
        "code": "3114",
        "name": "3114",
        "category": "sante_mentale",
        "description": "Numéro national de prévention du suicide.",
        "contact": "3114 (gratuit, 24 h/24, 7 j/7)",
        "website": "https://3114.fr",
    },
    {
        "code": "traducmed",
        "name": "TRADUCMED",
        "category": "publics_etrangers",
        "description": "Outil pour la prise en charge médicale des patients migrants.",
        "contact": "",
        "website": "https://www.traducmed.fr",
    },
    {
        "code": "ordonnance-visuelle",
        "name": "L'ordonnance visuelle",
        "category": "publics_etrangers",
        "description": "Pour faciliter la communication et la compréhension entre professionnel et patient.",
        "contact": "",
        "website": "",
    },
]


def seed_relay_resources(apps, schema_editor) -> None:
    RelayResource = apps.get_model("support", "RelayResource")
    for entry in RELAY_RESOURCES:
        RelayResource.objects.update_or_create(
            code=entry["code"], organisation=None, defaults={k: v for k, v in entry.items() if k != "code"}
        )


def unseed_relay_resources(apps, schema_editor) -> None:
    RelayResource = apps.get_model("support", "RelayResource")
    RelayResource.objects.filter(
        organisation=None, code__in=[e["code"] for e in RELAY_RESOURCES], orientations__isnull=True
    ).delete()
