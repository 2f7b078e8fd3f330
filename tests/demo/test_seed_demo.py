"""The demo region gives back the figures of the 2024 regional bilan (spec "AURA 2024" column)."""

import hashlib
import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce

from clef.bilan import exports
from clef.bilan.indicators import compute, is_v1_key
from clef.bilan.report import documented_keys
from clef.dwellings.models import Dwelling
from clef.exchange.spec import OPTIONAL_FILES
from clef.households.enums import PersonRole
from clef.households.models import Household
from clef.organisations.models import Membership, Organisation, OrganisationKind, Role
from clef.stays.models import Stay
from tests.demo.cleanup import remove_demo

# The report quotes whole numbers: the computed figure (one decimal) must round to them.
AURA_2024 = {
    "structures.actives": 99,
    "parc.logements": 2507,
    "parc.places": 7894,
    "parc.logements_evolution_pct": 8,
    "parc.prive_pct": 67,
    "parc.public_pct": 33,
    "parc.mode.mandat_gestion_pct": 17,
    "parc.mode.sous_location_pct": 57,
    "parc.mode.bail_glissant_pct": 26,
    "parc.typologie.t1_pct": 34,
    "parc.prive.conventionne_pct": 41,
    "parc.prive.conventionne_sans_travaux_pct": 28,
    "parc.prive.conventionne_avec_travaux_pct": 13,
    "logements_entres.nombre": 684,
    "logements_entres.mode.mandat_gestion_pct": 17,
    "logements_entres.mode.sous_location_pct": 57,
    "logements_entres.mode.bail_glissant_pct": 26,
    "menages.entres.orientation_siao_pct": 81,
    "menages.entres.origine.structure_hebergement_pct": 29,
    "menages.entres.origine.tiers_pct": 25,
    "menages.entres.origine.sans_domicile_precaire_pct": 12,
    "menages.presents.dalo_pct": 5,
    "menages.presents.ressources.rsa_seul_pct": 24,
    "menages.presents.ressources.salaire_sans_rsa_pct": 35,
    "menages.presents.ressources.rsa_et_salaire_pct": 5,
    "menages.presents.ressources.aah_pct": 10,
    "menages.presents.ressources.chomage_pct": 8,
    "menages.presents.ressources.sans_ressources_pct": 4,
    "menages.presents.composition.personne_isolee_pct": 58,
    "menages.presents.composition.famille_monoparentale_pct": 22,
    "menages.presents.reference_homme_pct": 74,
    "menages.presents.age.31_59_pct": 62,
    "sorties.duree_moyenne_dispositif_mois": 21,
    "sorties.logement_perenne_pct": 73,
    "sorties.sinistre.aucun_pct": 68,
    "sorties.sinistre.impaye_seul_pct": 21,
    "sorties.sinistre.degradation_seule_pct": 3,
    "sorties.sinistre.multiple_pct": 9,
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo region once for this module (about 10 s), and remove it afterwards so that the
    other modules start from an empty register."""
    out = StringIO()
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=out)
    yield out.getvalue()
    with django_db_blocker.unblock():
        remove_demo()


@pytest.fixture(autouse=True)
def _db_access(db):
    """Each test still runs in its own transaction, on top of the module's demo data."""


def test_demo_region_reproduces_the_2024_bilan(demo):
    figures = compute(2024)
    mismatches = {
        key: (figures[key], expected)
        for key, expected in AURA_2024.items()
        if figures[key] is None or round(figures[key]) != expected
    }
    assert mismatches == {}
    # 2023: 18 months on average, 8 % growth of the park to 2024.
    assert round(compute(2023)["sorties.duree_moyenne_dispositif_mois"]) == 18


def test_demo_history_goes_back_to_2018_with_28_operators(demo):
    assert compute(2018)["structures.actives"] == 28
    assert Dwelling.objects.order_by("entry_date").first().entry_date.year == 2018
    departments = set(Organisation.objects.operators().values_list("head_office_department_id", flat=True))
    assert departments == {"01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"}


def test_demo_is_idempotent_and_prints_the_logins(demo):
    counts = (
        Organisation.objects.count(),
        Dwelling.objects.count(),
        Household.objects.count(),
        Stay.objects.count(),
        Membership.objects.count(),
    )
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "déjà chargée" in out.getvalue()
    assert counts == (
        Organisation.objects.count(),
        Dwelling.objects.count(),
        Household.objects.count(),
        Stay.objects.count(),
        Membership.objects.count(),
    )
    assert "direction@toit-partage.test" in demo and "demo-clef-2026" in demo


def test_demo_users_cover_every_role_in_two_operators(demo):
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    for role in (
        Role.DIRECTOR,
        Role.SOCIAL_WORKER,
        Role.RENTAL_MANAGER,
        Role.CAPTATION_OFFICER,
        Role.READ_ONLY,
    ):
        assert (
            Membership.objects.filter(role=role, organisation__kind=OrganisationKind.OPERATOR)
            .values("organisation")
            .distinct()
            .count()
            >= 2
        )


def _overlapping(field: str):
    """Stays sharing `field` (dwelling or household) with another stay whose period meets theirs (a stay
    may start the day the previous one ended)."""
    never = Value(date(9999, 12, 31))
    other = (
        Stay.objects.filter(**{field: OuterRef(field)})
        .exclude(pk=OuterRef("pk"))
        .filter(entry_date__lt=Coalesce(OuterRef("exit_date"), never))
        .alias(until=Coalesce("exit_date", never))
        .filter(until__gt=OuterRef("entry_date"))
    )
    return Stay.objects.filter(Exists(other))


def test_demo_records_respect_the_register_rules(demo):
    # Every exit has a destination, stays within the park period, no overlap in a dwelling or a household.
    assert not Stay.objects.filter(exit_date__isnull=False, destination="").exists()
    assert not Stay.objects.filter(entry_date__lt=F("dwelling__entry_date")).exists()
    assert not Stay.objects.filter(
        Q(dwelling__exit_date__isnull=False)
        & (Q(exit_date__isnull=True) | Q(exit_date__gt=F("dwelling__exit_date")))
    ).exists()
    assert not _overlapping("dwelling").exists()
    assert not _overlapping("household").exists()
    # Exactly one reference person per household.
    references = Count("members", filter=Q(members__role=PersonRole.REFERENCE))
    assert not Household.objects.annotate(references=references).exclude(references=1).exists()


def test_the_overlap_check_finds_an_overlap(demo):
    """The check above can fail: two stays of one dwelling made to meet are found (PostgreSQL refuses
    them outright with its exclusion constraint)."""
    followed = Stay.objects.filter(dwelling=OuterRef("dwelling"), entry_date__gte=OuterRef("exit_date"))
    stay = Stay.objects.filter(exit_date__isnull=False).filter(Exists(followed)).order_by("pk").first()
    later = Stay.objects.filter(dwelling=stay.dwelling, entry_date__gte=stay.exit_date).order_by(
        "entry_date"
    )[0]
    overlap = Stay.objects.filter(pk=stay.pk)
    if connection.vendor == "postgresql":
        with pytest.raises(IntegrityError, match="stay_no_double_occupancy"), transaction.atomic():
            overlap.update(exit_date=later.entry_date + timedelta(days=1))
    else:
        overlap.update(exit_date=later.entry_date + timedelta(days=1))
        assert set(_overlapping("dwelling").values_list("pk", flat=True)) == {stay.pk, later.pk}


# The demo region's exchange-format export and its 2024 bilan, as they were before issue 7 reshaped the
# house (sha256 of the v1 files of `export_iml --all DIR` and of `bilan --annee 2024 --perimetre region:84
# --format json` restricted to the keys of version 1): the published figures and every v1 exchange file
# stay byte-identical. The optional files and the keys of the pathway sections (issue 8) come beside them.
EXPORT_SHA256 = {
    "structures.csv": "178e7b1b732228d848fb41a4b3895ef54d40fd93f4ac61752298ec58b32bf745",
    "logements.csv": "faab500e8866cb81baca46a360b6ef343273331af0215c6dc652a5e4aa7166d5",
    "menages.csv": "6def15310b6cc4e66ee18bb36c9e88145aa22e3aaaa21cfa9f0a1373165e0f64",
    "personnes.csv": "4567970a5f7d70426cdfb81dd7bd88e179ca6aba8f27f2dfe5769783af77842f",
    "sejours.csv": "5542060e15a2fe231d6981362b5aff7081039d2d835736bf83cd0899fc3bfce3",
}
BILAN_2024_REGION_SHA256 = "9e7fbb213bef52997996c84b7ec4ae5575d925774d24b18191fa971c1185c26c"


def test_the_demo_export_and_its_bilan_are_byte_identical_to_before_the_reshaping(demo, tmp_path):
    call_command("export_iml", "--all", str(tmp_path / "export"), stdout=StringIO())
    files = {p.name: p for p in (tmp_path / "export").iterdir()}
    digests = {name: hashlib.sha256(files[name].read_bytes()).hexdigest() for name in EXPORT_SHA256}
    assert digests == EXPORT_SHA256
    assert set(files) - set(EXPORT_SHA256) <= {f"{spec.name}.csv" for spec in OPTIONAL_FILES}
    out = StringIO()
    call_command("bilan", "--annee", "2024", "--perimetre", "region:84", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    indicators = data["indicateurs"]
    v1 = {key: value for key, value in indicators.items() if is_v1_key(key)}
    text = exports.as_json(data["annee"], data["perimetre"], v1) + "\n"
    assert hashlib.sha256(text.encode()).hexdigest() == BILAN_2024_REGION_SHA256
    # The keys of the pathway sections: present, each documented in the spec.
    new_keys = {key for key in indicators if not is_v1_key(key)}
    # The pathway sections (issue 8), the captation section (issue 9), the rental sections (issue 10).
    assert len(new_keys) == 62 + 16 + 84
    assert new_keys <= documented_keys()
