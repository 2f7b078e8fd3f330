"""The four exit categorisation schemes of spec/bilan-indicators.md, as seed data."""

from clef.stays.enums import EXIT_DESTINATIONS

PERENNE = ["parc_social", "parc_prive", "maintien_glissement_bail", "maintien_mandat", "logement_accompagne"]

BUILTIN_SCHEMES: list[dict] = [
    {
        "code": "officielle",
        "name": "Catégorisation officielle (logement pérenne)",
        "categories": [
            ("perenne", "Logement pérenne", PERENNE),
            (
                "non_perenne",
                "Hors logement pérenne",
                [d.value for d in EXIT_DESTINATIONS if d.value not in PERENNE],
            ),
        ],
    },
    {
        "code": "atelier_1",
        "name": "Atelier 1 (journée régionale 2025)",
        "categories": [
            (
                "logements_autonomes",
                "Logements autonomes",
                ["parc_social", "parc_prive", "maintien_glissement_bail", "maintien_mandat"],
            ),
            ("situation_intermediaire", "Situation intermédiaire", ["logement_accompagne"]),
            (
                "solution_tiers_ou_structure",
                "Solution chez un tiers ou en structure",
                ["hebergement_tiers", "hebergement_urgence_insertion"],
            ),
            ("autres", "Autres", ["deces", "depart_sans_adresse", "expulsion"]),
        ],
    },
    {
        "code": "atelier_2",
        "name": "Atelier 2 (journée régionale 2025)",
        "categories": [
            ("rupture", "Rupture", ["depart_sans_adresse", "deces", "expulsion"]),
            (
                "perenne",
                "Pérenne",
                ["maintien_glissement_bail", "maintien_mandat", "parc_prive", "parc_social"],
            ),
            ("mixte", "Mixte", ["mutation_parc_associatif", "logement_accompagne", "institution"]),
            ("temporaire", "Temporaire", ["hebergement_tiers", "hebergement_urgence_insertion"]),
        ],
    },
    {
        "code": "atelier_3",
        "name": "Atelier 3 (journée régionale 2025)",
        "categories": [
            (
                "perenne_adaptee",
                "Pérenne ou adaptée",
                [
                    "parc_social",
                    "parc_prive",
                    "logement_accompagne",
                    "maintien_glissement_bail",
                    "maintien_mandat",
                ],
            ),
            ("transitoire", "Transitoire", ["hebergement_tiers", "hebergement_urgence_insertion"]),
            ("sans_solution", "Sans solution", ["expulsion", "depart_sans_adresse"]),
            ("autres", "Autres", ["deces"]),
        ],
    },
]


def seed_builtin_schemes(*, ExitScheme, ExitCategory, ExitSchemeEntry) -> None:  # noqa: N803
    """Create the built-in schemes if missing; never touches a scheme an administrator edited."""
    for position, spec in enumerate(BUILTIN_SCHEMES):
        scheme, created = ExitScheme.objects.get_or_create(
            code=spec["code"], defaults={"name": spec["name"], "is_builtin": True, "position": position}
        )
        if not created:
            continue
        for cat_position, (code, label, destinations) in enumerate(spec["categories"]):
            category = ExitCategory.objects.create(
                scheme=scheme, code=code, label=label, position=cat_position
            )
            for destination in destinations:
                ExitSchemeEntry.objects.create(scheme=scheme, category=category, destination=destination)
        ExitCategory.objects.create(scheme=scheme, code="non_classe", label="Non classé", position=99)
