"""Writes the generated demo region to the database with bulk inserts, and creates the demo users."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from stdnum import luhn

from clef.accounts.models import User
from clef.demo.calibration import AURA_DEPARTMENTS, DEPARTMENT_LABELS
from clef.demo.captation import ensure_organisations, load_captation
from clef.demo.daily import load_daily_work
from clef.demo.generation import generate
from clef.demo.rental import ensure_network, load_rental
from clef.demo.specs import DemoRegion
from clef.dwellings.models import Dwelling
from clef.households.models import Household, HouseholdResource, Person
from clef.organisations.models import Competence, Membership, Organisation, OrganisationKind, Role
from clef.stays.models import Stay
from clef.territories.models import Commune, Department, Region
from clef.utils.bulk import analyze_after_bulk_load

DEMO_PASSWORD = "demo-clef-2026"  # noqa: S105 - printed by `make demo`, demo data only
MARKER = "demo-op-001"


def fake_siret(index: int) -> str:
    """A SIRET that passes the Luhn checks (SIREN and SIRET) but belongs to no real body."""
    siren = f"99{index:06d}"
    siren += luhn.calc_check_digit(siren)
    body = siren + "0000"
    return body + luhn.calc_check_digit(body)


def communes_by_department() -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for dep in AURA_DEPARTMENTS:
        codes = list(
            Commune.objects.filter(department_id=dep, kind=Commune.Kind.COMMUNE)
            .order_by("-population", "code")
            .values_list("code", flat=True)[:80]
        )
        if dep == "69":  # Lyon is made of arrondissements: use them instead of the parent commune
            lyon = list(
                Commune.objects.filter(parent_id="69123").order_by("code").values_list("code", flat=True)
            )
            codes = lyon + [c for c in codes if c != "69123"]
        result[dep] = codes
    return result


DEMO_USERS = [
    # (email, first name, last name, [(organisation key, role)], superuser)
    ("direction@toit-partage.test", "Hélène", "Vasseur", [("op1", Role.DIRECTOR)], False),
    ("social@toit-partage.test", "Malik", "Cherif", [("op1", Role.SOCIAL_WORKER)], False),
    ("gestion@toit-partage.test", "Sophie", "Lemaire", [("op1", Role.RENTAL_MANAGER)], False),
    ("captation@toit-partage.test", "Bruno", "Texier", [("op1", Role.CAPTATION_OFFICER)], False),
    ("lecture@toit-partage.test", "Agnès", "Poulain", [("op1", Role.READ_ONLY)], False),
    ("direction@cle-solidaire.test", "Farid", "Oukaci", [("op2", Role.DIRECTOR)], False),
    ("social@cle-solidaire.test", "Claire", "Jourdan", [("op2", Role.SOCIAL_WORKER)], False),
    ("gestion@cle-solidaire.test", "Yann", "Le Goff", [("op2", Role.RENTAL_MANAGER)], False),
    ("captation@cle-solidaire.test", "Inès", "Baptiste", [("op2", Role.CAPTATION_OFFICER)], False),
    ("lecture@cle-solidaire.test", "Paul", "Sarda", [("op2", Role.READ_ONLY)], False),
    ("multi@clef.test", "Denise", "Aubry", [("op1", Role.SOCIAL_WORKER), ("op2", Role.SOCIAL_WORKER)], False),
    ("siao@siao-rhone.test", "Karine", "Molina", [("siao69", Role.SIAO_AGENT)], False),
    ("siao@siao-isere.test", "Olivier", "Ménard", [("siao38", Role.SIAO_AGENT)], False),
    ("coordination@dreets-ara.test", "Étienne", "Ravel", [("dreets", Role.STATE_COORDINATOR)], False),
    ("coordination@ddets-rhone.test", "Lucie", "Fabre", [("ddets69", Role.STATE_COORDINATOR)], False),
    ("admin@clef.test", "Admin", "Plateforme", [("dreets", Role.PLATFORM_ADMIN)], True),
    ("animation@louer-solidaire.test", "Mathilde", "Berthier", [("adil73", Role.CAPTATION_OFFICER)], False),
    ("lecture@louer-solidaire.test", "Gilles", "Perret", [("adil73", Role.READ_ONLY)], False),
    ("territoire@grand-chambery.test", "Anne", "Collomb", [("chambery", Role.READ_ONLY)], False),
    ("captation@logis-passerelle.test", "Rémi", "Favre", [("op052", Role.CAPTATION_OFFICER)], False),
    ("captation@seuil-commun.test", "Nadège", "Bouvier", [("op057", Role.CAPTATION_OFFICER)], False),
    ("siao@siao-savoie.test", "Laurent", "Girod", [("siao73", Role.SIAO_AGENT)], False),
    ("contentieux@cle-solidaire.test", "Nora", "Belkacem", [("op2", Role.LITIGATION_OFFICER)], False),
    ("fonds@fapil-aura.test", "Jean-Marc", "Rivoire", [("fapil", Role.DIRECTOR)], False),
]

# What each demo login can try in the daily work (printed by `make demo` next to the login).
DEMO_TRY = {
    "direction@toit-partage.test": "réunion IML du mois et ses décisions, propositions du SIAO à décider, "
    "pratiques de la structure",
    "social@toit-partage.test": "« À faire » (rendez-vous en retard, échéances, demandes à renouveler), "
    "notes d'accompagnement, sortie accompagnée",
    "gestion@toit-partage.test": "échéances des conventions d'occupation, visites conjointes, glissements "
    "de bail",
    "captation@toit-partage.test": "logements vacants mis à disposition du SIAO ; captation : dossiers à "
    "chaque étape, actions en retard, re-captations, simulation Loc'Avantages",
    "lecture@toit-partage.test": "consultation seule ; les notes d'accompagnement restent fermées",
    "direction@cle-solidaire.test": "ménages de Toit Partagé accompagnés par Clé Solidaire (délégation)",
    "social@cle-solidaire.test": "notes des ménages de Toit Partagé que Clé Solidaire accompagne",
    "gestion@cle-solidaire.test": "échéances, glissements de bail, visites conjointes ; contrats, "
    "conventions Anah et coordonnées bancaires des propriétaires",
    "captation@cle-solidaire.test": "logements vacants mis à disposition du SIAO de l'Isère ; captation, "
    "conventions et contrats arrivant à échéance",
    "lecture@cle-solidaire.test": "consultation seule",
    "multi@clef.test": "accompagnement dans les deux structures (changer d'organisation)",
    "siao@siao-rhone.test": "logements mis à disposition, candidats à proposer, demandes de réorientation",
    "siao@siao-isere.test": "logements mis à disposition, candidats en attente de la commission",
    "coordination@dreets-ara.test": "bilan : délais d'orientation, choix, échéances, sorties, sollicitations ; "
    "objectifs de captation, besoins déclarés par les SIAO",
    "coordination@ddets-rhone.test": "bilan du Rhône",
    "admin@clef.test": "administration (/admin/), annuaire des relais",
    "animation@louer-solidaire.test": "guichet unique des propriétaires (demandes à confier, revenues, "
    "règles de répartition), page publique /proprietaires/louer-solidaire/",
    "lecture@louer-solidaire.test": "guichet unique en consultation seule",
    "territoire@grand-chambery.test": "chiffres du territoire de cette année et de l'an dernier : demandes, "
    "captations, primes locales",
    "captation@logis-passerelle.test": "demandes confiées par le guichet à prendre en charge, dossiers "
    "de captation, contrats et conventions",
    "captation@seuil-commun.test": "sans carte professionnelle : un mandat de gestion est refusé, "
    "la location / sous-location reste possible",
    "siao@siao-savoie.test": "besoins déclarés par typologie et intercommunalité",
    "contentieux@cle-solidaire.test": "impayés par ancienneté, relances, plans d'apurement, procédures "
    "contentieuses à chaque étape et leurs points avec le travailleur social",
    "fonds@fapil-aura.test": "fonds régional de sécurisation : contributions, demandes d'intervention à "
    "décider ou à verser, projection",
}


def demo_loaded() -> bool:
    return Organisation.objects.filter(external_id=MARKER).exists()


@transaction.atomic
def load_demo(*, stdout=None) -> dict[str, int]:
    """Create the demo region once; a second call only makes sure the demo users exist."""
    if not demo_loaded():
        region = generate(communes_by_department())
        _write(region)
        analyze_after_bulk_load(Dwelling, Household, HouseholdResource, Person, Stay)
    ensure_organisations()
    ensure_network()
    _users()
    daily = load_daily_work()
    captation = load_captation()
    rental = load_rental()
    return {
        "structures": Organisation.objects.operators().count(),
        "logements": Dwelling.objects.count(),
        "menages": Household.objects.count(),
        "sejours": Stay.objects.count(),
        "quotidien": daily,
        "captation": captation,
        "gestion_locative": rental,
    }


def _write(region: DemoRegion) -> None:
    departments = {d.code: d for d in Department.objects.filter(code__in=AURA_DEPARTMENTS)}
    aura = Region.objects.get(code="84")
    org_by_index = _write_operators(region, departments, aura)
    _write_other_organisations(departments, aura)
    dwelling_by_index = _write_dwellings(region, org_by_index)
    household_by_index = _write_households(region, org_by_index)
    Stay.objects.bulk_create(
        [
            Stay(
                organisation=org_by_index[s.dwelling.operator.index],
                household=household_by_index[s.household.index],
                dwelling=dwelling_by_index[s.dwelling.index],
                external_id=f"S{s.index:05d}",
                entry_date=s.entry_date,
                exit_date=s.exit_date,
                destination=s.destination if s.exit_date else "",
                pathway_start=s.pathway_start,
                loss_unpaid_rent=s.loss_unpaid,
                loss_damage=s.loss_damage,
                exit_debt=Decimal(str(s.debt)) if s.debt is not None else None,
            )
            for s in region.stays
        ],
        batch_size=5000,
    )


def _write_operators(
    region: DemoRegion, departments: dict[str, Department], aura: Region
) -> dict[int, Organisation]:
    orgs = [
        Organisation(
            kind=OrganisationKind.OPERATOR,
            name=op.name,
            external_id=f"demo-op-{op.index:03d}",
            siret=fake_siret(op.index),
            head_office_department=departments[op.department],
            region=aura,
            has_carte_professionnelle=bool(op.index % 3),
            carte_pro_number=f"CPI {op.department}01 {2018 + op.index % 7} 000 {op.index:03d}"
            if op.index % 3
            else "",
            carte_pro_expiry=None,
        )
        for op in region.operators
    ]
    Organisation.objects.bulk_create(orgs)
    through = Organisation.departments.through
    through.objects.bulk_create(
        [
            through(organisation_id=org.pk, department_id=op.department)
            for op, org in zip(region.operators, orgs, strict=True)
        ]
    )
    return {op.index: org for op, org in zip(region.operators, orgs, strict=True)}


def _write_other_organisations(departments: dict[str, Department], aura: Region) -> None:
    """The State services, a captation platform and one SIAO per department."""
    others = [
        Organisation(
            kind=OrganisationKind.STATE,
            name="DREETS Auvergne-Rhône-Alpes",
            region=aura,
            competence=Competence.REGIONAL,
            external_id="demo-dreets",
        ),
        Organisation(
            kind=OrganisationKind.STATE,
            name="DDETS du Rhône",
            region=aura,
            competence=Competence.DEPARTMENTAL,
            external_id="demo-ddets69",
            head_office_department=departments["69"],
        ),
        Organisation(
            kind=OrganisationKind.CAPTATION_PLATFORM,
            name="Louer Solidaire Rhône (fictif)",
            region=aura,
            external_id="demo-captation69",
            head_office_department=departments["69"],
        ),
    ] + [
        Organisation(
            kind=OrganisationKind.SIAO,
            name=f"SIAO {DEPARTMENT_LABELS[dep]}",
            region=aura,
            head_office_department=departments[dep],
            external_id=f"demo-siao{dep}",
        )
        for dep in AURA_DEPARTMENTS
    ]
    Organisation.objects.bulk_create(others)


def _write_dwellings(region: DemoRegion, org_by_index: dict[int, Organisation]) -> dict[int, Dwelling]:
    dwellings = [
        Dwelling(
            organisation=org_by_index[d.operator.index],
            external_id=f"L{d.index:05d}",
            commune_id=d.commune_code,
            address=d.address,
            typology=d.typology,
            surface_m2=Decimal(str(d.surface)),
            places=d.places,
            parc=d.parc,
            management_mode=d.management_mode,
            conventionnement=d.conventionnement,
            rent_level=d.rent_level,
            rent_hc=Decimal(str(d.rent)),
            charges=Decimal(str(d.charges)),
            entry_date=d.entry_date,
            exit_date=d.exit_date,
            exit_reason=d.exit_reason,
        )
        for d in region.dwellings
    ]
    Dwelling.objects.bulk_create(dwellings, batch_size=2000)
    return {d.index: obj for d, obj in zip(region.dwellings, dwellings, strict=True)}


def _write_households(region: DemoRegion, org_by_index: dict[int, Organisation]) -> dict[int, Household]:
    """Households, their resources and their members."""
    households = [
        Household(
            organisation=org_by_index[h.operator.index],
            external_id=f"M{h.index:05d}",
            composition=h.composition,
            siao_oriented=h.siao,
            dalo=h.dalo,
            prior_situation=h.prior_situation,
            social_housing_demand=h.demand,
            search_text=Household.search_text_of([(m.first_name, m.last_name) for m in h.members]),
        )
        for h in region.households
    ]
    Household.objects.bulk_create(households, batch_size=2000)
    household_by_index = {h.index: obj for h, obj in zip(region.households, households, strict=True)}
    HouseholdResource.objects.bulk_create(
        [
            HouseholdResource(household=household_by_index[h.index], source=source)
            for h in region.households
            for source in h.resources
        ],
        batch_size=5000,
    )
    Person.objects.bulk_create(
        [
            Person(
                household=household_by_index[h.index],
                external_id=f"P{h.index:05d}-{n}",
                role=m.role,
                sex=m.sex,
                birth_date=m.birth_date,
                first_name=m.first_name,
                last_name=m.last_name,
            )
            for h in region.households
            for n, m in enumerate(h.members, start=1)
        ],
        batch_size=5000,
    )
    return household_by_index


def _users() -> None:
    keys = {
        "op1": "demo-op-001",
        "op2": "demo-op-002",
        "siao69": "demo-siao69",
        "siao38": "demo-siao38",
        "dreets": "demo-dreets",
        "ddets69": "demo-ddets69",
        "adil73": "demo-captation73",
        "chambery": "demo-grand-chambery",
        "op052": "demo-op-052",
        "op057": "demo-op-057",
        "siao73": "demo-siao73",
        "fapil": "demo-fapil-aura",
    }
    orgs = {key: Organisation.objects.get(external_id=ext) for key, ext in keys.items()}
    for email, first, last, roles, superuser in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(
                email=email, first_name=first, last_name=last, is_superuser=superuser, is_staff=superuser
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        for key, role in roles:
            Membership.objects.get_or_create(user=user, organisation=orgs[key], defaults={"role": role})
