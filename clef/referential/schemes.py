"""The four exit categorisation schemes of spec/bilan-indicators.md, as seed data; the creation of a
scheme by a coordinator (one audited function)."""

from django.db import transaction
from django.utils.text import slugify

from clef.journal import services as journal
from clef.journal.models import JournalEntry
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


@transaction.atomic
def create_exit_scheme(*, name: str, code: str, categories: dict[str, list[str]], acting_user, organisation):
    """A scheme defined by a regional coordinator or the platform administrator, shown in every bilan:
    `categories` maps each category's label to its destination codes. One journal entry, in the acting
    organisation, names each category and its destinations (labels, not codes)."""
    from clef.referential.models import ExitCategory, ExitScheme, ExitSchemeEntry

    scheme = ExitScheme.objects.create(code=code, name=name, position=ExitScheme.objects.count() + 10)
    destination = ExitSchemeEntry._meta.get_field("destination")
    described = []
    for position, (label, destinations) in enumerate(categories.items()):
        category_code = (slugify(label).replace("-", "_") or f"categorie_{position}")[:50]
        category = ExitCategory.objects.create(
            scheme=scheme, code=category_code, label=label, position=position
        )
        ExitSchemeEntry.objects.bulk_create(
            [ExitSchemeEntry(scheme=scheme, category=category, destination=d) for d in destinations]
        )
        described.append(f"{label} : {journal.labels_of(destination, destinations)}")
    journal.record_action(
        acting_user=acting_user,
        organisation_id=organisation.pk,
        subject=scheme,
        action=JournalEntry.Action.CREATE,
        label=f"schéma de catégorisation « {name} »",
        changes={
            **journal.diff(None, journal.snapshot(scheme, fields=["name", "code"])),
            "categories": journal.change("catégories", new=" ; ".join(described)),
        },
    )
    return scheme
