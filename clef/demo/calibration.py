"""What the demo region reproduces: the figures of the AURA 2024 regional report
(spec/bilan-indicators.md, "AURA 2024" column) and the shape of the history that leads to them.

Every share here is met exactly (largest remainder) over the population the indicator reads, and is
drawn at random elsewhere (clef/demo/generation/). tests/demo/test_seed_demo.py checks the figures.
Keys are the register's codes (the apps' enums); the few bilan categories that are not register codes
(resource profiles, age bands, loss at exit) are named as the bilan names them.
"""

from datetime import date

from clef.dwellings.enums import (
    Conventionnement,
    DwellingExitReason,
    ManagementMode,
    Parc,
    RentLevel,
    Typology,
)
from clef.households.enums import Composition, OriginGroup, PersonRole, PriorSituation, ResourceSource, Sex
from clef.stays.enums import Destination

SEED = 20241231
HORIZON = date(2026, 10, 31)  # the demo's history stops here; later stays stay open
YEARS = list(range(2018, 2027))
BILAN_YEAR = 2024  # the year whose figures are met exactly

# ---------------------------------------------------------------- operators
AURA_DEPARTMENTS = ["01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"]
DEPARTMENT_LABELS = {
    "01": "de l'Ain",
    "03": "de l'Allier",
    "07": "de l'Ardèche",
    "15": "du Cantal",
    "26": "de la Drôme",
    "38": "de l'Isère",
    "42": "de la Loire",
    "43": "de la Haute-Loire",
    "63": "du Puy-de-Dôme",
    "69": "du Rhône",
    "73": "de la Savoie",
    "74": "de la Haute-Savoie",
}
# The two operators the demo users belong to, founded first so that they have the full history.
DEMO_OPERATOR_DEPARTMENTS = ["69", "38"]
# Operators per department (sum 99) and the year each cohort was founded (28 in 2018 → 99 in 2024).
OPERATORS_PER_DEPARTMENT = {
    "01": 8,
    "03": 5,
    "07": 5,
    "15": 3,
    "26": 8,
    "38": 14,
    "42": 9,
    "43": 4,
    "63": 9,
    "69": 20,
    "73": 6,
    "74": 8,
}
NEW_OPERATORS_BY_YEAR = {2018: 28, 2019: 10, 2020: 11, 2021: 12, 2022: 13, 2023: 13, 2024: 12}

# ---------------------------------------------------------------- the park
# Park at 31/12 of each year and dwellings leaving the park each year (2 507 at 31/12/2024, 2 321 a
# year before: 8 % growth; 684 entries in 2024).
PARK_AT_END = {
    2018: 780,
    2019: 1050,
    2020: 1340,
    2021: 1660,
    2022: 1990,
    2023: 2321,
    2024: 2507,
    2025: 2640,
    2026: 2760,
}
EXITS_BY_YEAR = {
    2018: 0,
    2019: 120,
    2020: 170,
    2021: 230,
    2022: 300,
    2023: 380,
    2024: 498,
    2025: 520,
    2026: 430,
}
FIRST_DWELLINGS_OF_NEW_OPERATOR = 2
DEMO_OPERATOR_WEIGHT = 2.2  # the two demo operators capture more than the others
MODE_SHARES = {
    ManagementMode.MANDAT_GESTION: 17,
    ManagementMode.SOUS_LOCATION: 57,
    ManagementMode.BAIL_GLISSANT: 26,
}
PARC_SHARES = {Parc.PRIVE: 67, Parc.PUBLIC: 33}
TYPOLOGY_SHARES = {Typology.T1: 34, Typology.T2: 30, Typology.T3: 22, Typology.T4: 10, Typology.T5_PLUS: 4}
PLACES_TARGET_2024 = 7894
CONVENTION_SHARES_PRIVATE = {
    Conventionnement.SANS_TRAVAUX: 28,
    Conventionnement.AVEC_TRAVAUX: 13,
    Conventionnement.AUCUN: 59,
}
RENT_LEVEL_DRAW = [RentLevel.LOC1, RentLevel.LOC2, RentLevel.LOC2, RentLevel.LOC3]  # loc2 twice as likely
BASE_SURFACE = {Typology.T1: 24, Typology.T2: 42, Typology.T3: 60, Typology.T4: 75, Typology.T5_PLUS: 92}
PLACES_RANGE = {
    Typology.T1: (1, 2),
    Typology.T2: (2, 4),
    Typology.T3: (3, 5),
    Typology.T4: (4, 7),
    Typology.T5_PLUS: (6, 9),
}
# Dwellings captured at the end of the history and still vacant (for the demo users to place a household).
RECENTLY_CAPTURED_PER_DEMO_OPERATOR = 4
RECENTLY_CAPTURED_FROM = date(2026, 9, 1)

# ---------------------------------------------------------------- households
SIAO_SHARE = 81
DALO_SHARE = 5
SOCIAL_HOUSING_DEMAND_RATE = 0.85
ORIGIN_GROUP_SHARES = {  # bilan groups of code list A → shares of households entered in the year
    OriginGroup.STRUCTURE_HEBERGEMENT: 29,
    OriginGroup.HOTEL: 10,
    OriginGroup.TIERS: 25,
    OriginGroup.SANS_DOMICILE_PRECAIRE: 12,
    OriginGroup.LOGEMENT: 9,
    OriginGroup.INSTITUTION: 6,
    OriginGroup.AUTRE: 5,
    OriginGroup.INCONNUE: 4,
}
ORIGIN_CODES_OF_GROUP = {  # a group's codes, with their relative weights inside the group
    OriginGroup.STRUCTURE_HEBERGEMENT: {
        PriorSituation.HEBERGEMENT_URGENCE: 17,
        PriorSituation.HEBERGEMENT_INSERTION: 12,
    },
    OriginGroup.HOTEL: {PriorSituation.HOTEL: 1},
    OriginGroup.TIERS: {PriorSituation.CHEZ_DES_TIERS: 1},
    OriginGroup.SANS_DOMICILE_PRECAIRE: {PriorSituation.SANS_DOMICILE: 7, PriorSituation.HABITAT_PRECAIRE: 5},
    OriginGroup.LOGEMENT: {PriorSituation.LOGEMENT_PERSONNEL: 1},
    OriginGroup.INSTITUTION: {PriorSituation.SORTIE_INSTITUTION: 1},
    OriginGroup.AUTRE: {PriorSituation.AUTRE: 1},
    OriginGroup.INCONNUE: {PriorSituation.INCONNUE: 1},
}
RESOURCE_PROFILES = {  # bilan resource profile → shares of households present in the year
    "rsa_seul": 24,
    "salaire_sans_rsa": 35,
    "rsa_et_salaire": 5,
    "aah": 10,
    "chomage": 8,
    "sans_ressources": 4,
    "autres": 14,
}
SOURCES_OF_PROFILE = {  # the sources a profile always has ("autres": one of OTHER_SOURCES)
    "rsa_seul": [ResourceSource.RSA],
    "salaire_sans_rsa": [ResourceSource.SALAIRE],
    "rsa_et_salaire": [ResourceSource.RSA, ResourceSource.SALAIRE],
    "aah": [ResourceSource.AAH],
    "chomage": [ResourceSource.CHOMAGE],
    "sans_ressources": [],
}
OTHER_SOURCES = [
    ResourceSource.RETRAITE,
    ResourceSource.PENSION_INVALIDITE,
    ResourceSource.AUTRE,
    ResourceSource.PRESTATIONS_FAMILIALES,
]
# Profiles that sometimes come with a complement (prime d'activité or prestations familiales).
PROFILES_WITH_COMPLEMENT = {"rsa_seul", "salaire_sans_rsa", "rsa_et_salaire"}
COMPLEMENTS = [ResourceSource.PRIME_ACTIVITE, ResourceSource.PRESTATIONS_FAMILIALES]
COMPLEMENT_RATE = 0.4
COMPOSITION_SHARES = {
    Composition.PERSONNE_ISOLEE: 58,
    Composition.FAMILLE_MONOPARENTALE: 22,
    Composition.COUPLE_AVEC_ENFANTS: 11,
    Composition.COUPLE_SANS_ENFANT: 6,
    Composition.AUTRE: 3,
}
MEN_SHARE = 74
AGE_SHARES = {"moins_25": 12, "25_30": 16, "31_59": 62, "60_plus": 10}  # age of the reference person
AGE_RANGE = {"moins_25": (18, 24), "25_30": (25, 30), "31_59": (31, 59), "60_plus": (60, 82)}
# Members besides the reference person, by composition.
WITH_PARTNER = {
    Composition.COUPLE_SANS_ENFANT: PersonRole.CONJOINT,
    Composition.COUPLE_AVEC_ENFANTS: PersonRole.CONJOINT,
    Composition.AUTRE: PersonRole.AUTRE,
}
WITH_CHILDREN = {Composition.COUPLE_AVEC_ENFANTS, Composition.FAMILLE_MONOPARENTALE}
CHILDREN_DRAW = [1, 1, 2, 2, 3]
SEXES = [Sex.F, Sex.M]

# ---------------------------------------------------------------- stays and exits
DESTINATION_SHARES = {  # real exits; "perenne" (first five) = 73
    Destination.PARC_SOCIAL: 30,
    Destination.PARC_PRIVE: 10,
    Destination.MAINTIEN_GLISSEMENT_BAIL: 18,
    Destination.MAINTIEN_MANDAT: 8,
    Destination.LOGEMENT_ACCOMPAGNE: 7,
    Destination.MUTATION_PARC_ASSOCIATIF: 3,
    Destination.INSTITUTION: 2,
    Destination.HEBERGEMENT_TIERS: 6,
    Destination.HEBERGEMENT_URGENCE_INSERTION: 7,
    Destination.EXPULSION: 2,
    Destination.DEPART_SANS_ADRESSE: 4,
    Destination.DECES: 1,
    Destination.AUTRE: 1,
    Destination.INCONNUE: 1,
}
# Loss at exit per 1 000 exits: 67.6 % none, 20.6 % unpaid only, 2.6 % damage only, 9.2 % both
# (the report rounds them to 68 / 21 / 3 / 9).
LOSS_SHARES = {"aucun": 676, "impaye_seul": 206, "degradation_seule": 26, "multiple": 92}
UNPAID_LOSSES = {"impaye_seul", "multiple"}
DAMAGE_LOSSES = {"degradation_seule", "multiple"}
DEBT_RANGE = (150, 6000)
# Why a dwelling leaves the park when its last household leaves with it (the lease slides to the
# household, the mandate ends); otherwise the owner takes it back.
EXIT_REASON_OF_DESTINATION = {
    Destination.MAINTIEN_GLISSEMENT_BAIL: DwellingExitReason.GLISSEMENT_BAIL,
    Destination.MAINTIEN_MANDAT: DwellingExitReason.FIN_MANDAT,
}
# A dwelling that leaves the park after its last household left, or that was never occupied.
EXIT_REASONS_OF_VACATED_DWELLING = [
    DwellingExitReason.REPRISE_PROPRIETAIRE,
    DwellingExitReason.FIN_CONVENTION,
    DwellingExitReason.FIN_MANDAT,
    DwellingExitReason.AUTRE,
]
EXIT_REASONS_OF_NEVER_OCCUPIED_DWELLING = [
    DwellingExitReason.REPRISE_PROPRIETAIRE,
    DwellingExitReason.FIN_CONVENTION,
    DwellingExitReason.AUTRE,
]
# Mean length of a stay by the year it starts (gamma law), calibrated so that the exits of 2023 last
# 18 months on average in the dispositif and those of 2024 21 months, as in the report (stays are also
# cut short when their dwelling leaves the park, hence means above the targets).
MEAN_MONTHS_BY_ENTRY_YEAR = {
    2018: 14.0,
    2019: 15.0,
    2020: 15.0,
    2021: 30.0,
    2022: 44.0,
    2023: 44.0,
    2024: 40.0,
    2025: 40.0,
    2026: 40.0,
}
GAMMA_SHAPE = 2.6
MIN_STAY_DAYS = 20
FIRST_ENTRY_DELAY_DAYS = (0, 45)  # after the dwelling enters the park
VACANCY_DAYS = (7, 75)  # between two stays in a dwelling
INTERNAL_MOVE_RATE = 0.03
RE_ENTRY_RATE = 0.02
INTERNAL_MOVE_MAX_GAP_DAYS = 60
RE_ENTRY_MIN_GAP_DAYS = 120
RE_ENTRY_ACCEPT_RATE = 0.4
RECENT_EXITS_LOOKED_AT = 40
