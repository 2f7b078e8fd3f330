"""The cached bilan (clef.bilan.cache): computed once, then read back until a write changes its perimeter.

Each kind of write is made the way the application makes it (services, import, purge, the admin for
organisations and exit schemes) and must invalidate the bilans of its perimeter, and only those.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from clef.bilan import cache as bilan_cache
from clef.bilan.perimeter import Perimeter
from clef.dwellings.models import Dwelling
from clef.dwellings.services import save_dwelling
from clef.exchange.importer import import_dataset
from clef.exchange.reader import read_dataset
from clef.households.models import Household
from clef.households.services import MemberData, save_household
from clef.journal.models import JournalEntry
from clef.journal.services import content_type_id
from clef.referential.models import ExitSchemeEntry
from clef.referential.schemes import create_exit_scheme
from clef.stays.management.commands.purge_households import purge_households
from clef.stays.models import Stay
from clef.stays.services import end_stay, enter_dwelling, move_internally
from tests.factories.accounts import UserFactory
from tests.factories.dwellings import DwellingFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.stays import StayFactory

RHONE, ISERE, AURA = Perimeter("departement", "69"), Perimeter("departement", "38"), Perimeter("region", "84")


@pytest.fixture
def computed(monkeypatch):
    """The perimeters whose bilan was computed (not read from the cache), in order."""
    calls: list[str] = []
    compute = bilan_cache.compute_bilan

    def counting(year, perimeter, *, diffusion):
        calls.append(perimeter.key)
        return compute(year, perimeter, diffusion=diffusion)

    monkeypatch.setattr(bilan_cache, "compute_bilan", counting)
    return calls


@pytest.fixture
def world(db):
    """One operator in the Rhône with a household present, one in the Isère, and a user."""
    rhone = OrganisationFactory(head_office_department_id="69")
    isere = OrganisationFactory(head_office_department_id="38")
    stay = StayFactory(household__organisation=rhone, entry_date=date(2023, 3, 1))
    DwellingFactory(organisation=isere)
    return {"rhone": rhone, "isere": isere, "stay": stay, "user": UserFactory()}


def warm(*perimeters: Perimeter, year: int = 2024) -> dict[str, dict]:
    return {p.key: bilan_cache.get_bilan(year, p, diffusion=False) for p in perimeters}


def test_the_bilan_is_computed_once_then_read_from_the_cache(world, computed, django_assert_num_queries):
    first = bilan_cache.get_bilan(2024, RHONE, diffusion=False)
    with django_assert_num_queries(
        6
    ):  # the data version (the fund's claims: a department); the cache is in memory
        again = bilan_cache.get_bilan(2024, RHONE, diffusion=False)
    assert again == first and computed == ["departement:69"]
    assert first["values"]["menages.presents"] == 1 and first["previous"]["menages.presents"] == 1
    assert first["operator_table"][0]["households"] == "secret"  # per-operator table: always masked
    assert first["department_table"] is None  # a department has no table by department


def test_diffusion_and_year_are_cached_apart(world, computed):
    assert bilan_cache.get_bilan(2024, RHONE, diffusion=True)["values"]["menages.presents"] == "secret"
    assert bilan_cache.get_bilan(2024, RHONE, diffusion=False)["values"]["menages.presents"] == 1
    assert bilan_cache.get_bilan(2019, RHONE, diffusion=False)["values"]["menages.presents"] == 0
    assert len(computed) == 3


def test_a_dwelling_saved_through_its_service_invalidates_its_perimeter_only(world, computed):
    warm(RHONE, ISERE, AURA)
    dwelling = Dwelling(
        organisation=world["rhone"],
        commune_id="69383",
        address="3 rue Neuve",
        typology="T3",
        places=4,
        parc="public",
        management_mode="bail_glissant",
        entry_date=date(2024, 2, 1),
    )
    save_dwelling(dwelling=dwelling, acting_user=world["user"])
    computed.clear()
    after = warm(RHONE, ISERE, AURA)
    assert computed == ["departement:69", "region:84"]  # the Isère's bilan is still the cached one
    assert after["departement:69"]["values"]["parc.logements"] == 2
    assert after["region:84"]["values"]["parc.logements"] == 3


def test_a_household_saved_through_its_service_invalidates_its_perimeter_only(world, computed):
    warm(RHONE, ISERE)
    household = world["stay"].household
    household.dalo = True
    reference = household.members.get()
    member = MemberData(
        role=reference.role,
        sex=reference.sex,
        birth_date=reference.birth_date,
        first_name=reference.first_name,
        last_name=reference.last_name,
        pk=reference.pk,
    )
    save_household(household=household, members=[member], resources=[], acting_user=world["user"])
    computed.clear()
    after = warm(RHONE, ISERE)
    assert computed == ["departement:69"]
    assert after["departement:69"]["values"]["menages.presents.dalo_pct"] == 100.0


def test_entries_exits_and_moves_through_the_services_invalidate(world, computed):
    rhone, user = world["rhone"], world["user"]
    first, second = DwellingFactory(organisation=rhone), DwellingFactory(organisation=rhone)
    household = StayFactory(
        household__organisation=rhone, dwelling=first, entry_date=date(2024, 1, 5)
    ).household
    warm(RHONE, ISERE)
    stay = household.stays.get()
    moved = move_internally(stay=stay, to_dwelling=second, on=date(2024, 4, 1), acting_user=user)
    assert warm(RHONE, ISERE)["departement:69"]["values"]["menages.sortis"] == 0  # a move is no exit
    end_stay(
        stay=moved,
        on=date(2024, 9, 1),
        destination="parc_social",
        loss_unpaid_rent=False,
        loss_damage=False,
        acting_user=user,
    )
    assert warm(RHONE, ISERE)["departement:69"]["values"]["menages.sortis"] == 1
    enter_dwelling(household=household, dwelling=first, on=date(2024, 10, 1), acting_user=user)
    assert warm(RHONE, ISERE)["departement:69"]["values"]["menages.entres"] == 2  # a new parcours
    assert computed == ["departement:69", "departement:38"] + ["departement:69"] * 3


IMPORT = {
    "structures": "structure_id,nom,siret,departement,carte_professionnelle\nS1,Habitat Test,,69,non\n",
    "logements": "logement_id,structure_id,commune_insee,adresse,typologie,surface_m2,places,parc,mode_gestion,"
    "conventionnement,niveau_loyer,loyer_hc,charges,date_entree,date_sortie,motif_sortie\n"
    "L1,S1,69383,1 rue A,T2,,2,public,sous_location,,,,,2022-01-01,,\n",
    "menages": "menage_id,structure_id,composition,orientation_siao,dalo,situation_avant_entree,ressources,"
    "demande_logement_social\n",
    "personnes": "personne_id,menage_id,role,sexe,date_naissance\n",
    "sejours": "sejour_id,menage_id,logement_id,date_entree,date_sortie,destination,sinistre_impaye,"
    "sinistre_degradation,dette_sortie\n",
}


def test_an_import_invalidates_its_perimeter_only(world, computed, tmp_path):
    warm(RHONE, ISERE)
    for name, text in IMPORT.items():
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    report = import_dataset(read_dataset(tmp_path))
    assert report.ok, [str(p) for p in report.problems]
    computed.clear()
    after = warm(RHONE, ISERE)
    assert computed == ["departement:69"]
    assert after["departement:69"]["values"]["parc.logements"] == 2


def test_an_exit_scheme_changed_in_the_admin_invalidates_every_bilan(world, computed):
    warm(RHONE, ISERE)
    entry = ExitSchemeEntry.objects.get(scheme__code="officielle", destination="parc_social")
    entry.category = entry.scheme.categories.get(code="non_perenne")
    entry.save()
    computed.clear()
    warm(RHONE, ISERE)
    assert computed == ["departement:69", "departement:38"]


def test_an_exit_scheme_created_by_a_coordinator_invalidates_every_bilan(world, computed):
    warm(RHONE, ISERE)
    create_exit_scheme(
        name="Atelier 4",
        code="atelier_4",
        categories={"Logement": ["parc_social", "parc_prive"], "Autre": ["deces"]},
        acting_user=world["user"],
        organisation=OrganisationFactory(state=True),  # the DREETS: in no perimeter of operators
    )
    computed.clear()
    after = warm(RHONE, ISERE)
    assert computed == ["departement:69", "departement:38"]
    assert "sorties.categorisation.atelier_4.logement_pct" in after["departement:38"]["values"]


def test_an_operator_moved_to_another_department_invalidates_both(world, computed):
    before = warm(RHONE, ISERE, Perimeter("departement", "01"))
    rhone = world["rhone"]
    rhone.head_office_department_id = "38"
    rhone.save()
    computed.clear()
    after = warm(RHONE, ISERE, Perimeter("departement", "01"))
    assert computed == ["departement:69", "departement:38"]
    assert before["departement:69"]["values"]["menages.presents"] == 1
    assert after["departement:69"]["values"]["menages.presents"] == 0
    assert after["departement:38"]["values"]["menages.presents"] == 1


def test_the_retention_purge_invalidates_its_perimeter_only(world, computed):
    old = StayFactory(household__organisation=world["rhone"], entry_date=date(2015, 1, 1))
    long_ago = datetime(2016, 1, 2, tzinfo=UTC)
    Stay.objects.filter(pk=old.pk).update(
        exit_date=date(2016, 1, 1), destination="parc_social", updated_at=long_ago
    )
    Household.objects.filter(pk=old.household_id).update(updated_at=long_ago)
    before = warm(RHONE, ISERE, year=2016)
    purge, _ = purge_households()
    assert purge.by_organisation == {world["rhone"].pk: [old.household_id]}
    computed.clear()
    after = warm(RHONE, ISERE, year=2016)
    assert computed == ["departement:69"]
    assert before["departement:69"]["values"]["menages.sortis"] == 1
    assert after["departement:69"]["values"]["menages.sortis"] == 0


def test_an_entry_committed_after_a_later_one_changes_the_version(world):
    """A long transaction (an import) commits after a shorter one: its entries have lower ids and earlier
    times than the latest entry already seen."""

    def entry(pk: int, ago: timedelta) -> None:
        field = JournalEntry._meta.get_field("at")
        field.auto_now_add = False
        try:
            JournalEntry.objects.bulk_create(  # save() refuses a given id: the journal is append-only
                [
                    JournalEntry(
                        pk=pk,
                        at=timezone.now() - ago,
                        organisation=world["rhone"],
                        action="update",
                        content_type_id=content_type_id(Dwelling),
                        object_id=1,
                    )
                ]
            )
        finally:
            field.auto_now_add = True

    entry(10**9, timedelta(0))
    before = bilan_cache.data_version(RHONE)
    entry(10**9 - 1, timedelta(minutes=1))
    assert bilan_cache.data_version(RHONE) != before


def test_remember_caches_any_piece_under_the_same_version(world):
    made = []

    def chart():
        made.append(1)
        return None  # a piece may be None (nothing to draw): still cached

    for _ in range(2):
        assert bilan_cache.remember("chart", 2024, RHONE, diffusion=False, compute=chart) is None
    assert len(made) == 1
    save_dwelling(dwelling=DwellingFactory.build(organisation=world["rhone"]), acting_user=world["user"])
    bilan_cache.remember("chart", 2024, RHONE, diffusion=False, compute=chart)
    assert len(made) == 2


def test_cache_keys_hold_no_perimeter_code_and_are_valid_everywhere(world):
    perimeter = Perimeter("structure", "identifiant avec espaces\tet tabulation " * 3)
    bilan_cache.get_bilan(2024, perimeter, diffusion=False)
    keys = list(cache._cache)  # local memory cache of the tests
    assert keys and all("espaces" not in key and len(key) < 250 for key in keys)


def test_a_proposal_the_siao_makes_invalidates_the_operator_s_perimeter_only(world, computed):
    """The SIAO journals its proposals under its own name: the data version probes them."""
    from decimal import Decimal

    from clef.orientation.services import Candidate, propose
    from tests.factories.orientation import AvailabilityFactory

    availability = AvailabilityFactory(dwelling__organisation=world["rhone"], available_from=date(2024, 1, 2))
    warm(RHONE, ISERE)
    candidate = Candidate(
        first_name="Awa",
        last_name="Diallo",
        birth_date=date(1988, 4, 12),
        sex="F",
        composition="personne_isolee",
        monthly_resources=Decimal("650.00"),
    )
    propose(
        availability=availability,
        candidate=candidate,
        wishes=None,
        on=date(2024, 1, 15),
        acting_user=world["user"],
    )
    computed.clear()
    after = warm(RHONE, ISERE)
    assert computed == ["departement:69"]
    assert after["departement:69"]["values"]["orientation.propositions"] == 1
