"""Indicators on small hand-built cases (spec/bilan-indicators.md)."""

from datetime import date

import pytest

from clef.bilan.conventions import months, pct
from clef.bilan.indicators import compute
from clef.bilan.perimeter import Perimeter
from clef.households.models import HouseholdResource
from tests.factories.dwellings import DwellingFactory
from tests.factories.households import HouseholdFactory, PersonFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.stays import StayFactory


def test_percentages_round_half_up_and_are_null_on_empty_wholes():
    assert pct(1, 3) == 33.3
    assert pct(2, 3) == 66.7
    assert pct(1, 8) == 12.5
    assert pct(1, 16) == 6.3  # 6.25 → 6.3 (half-up, not banker's rounding)
    assert pct(0, 0) is None
    assert months(30.4375 * 21) == 21.0
    assert months(None) is None


@pytest.mark.django_db
def test_empty_database_gives_nulls_not_errors():
    figures = compute(2024)
    assert figures["parc.logements"] == 0
    assert figures["parc.prive_pct"] is None
    assert figures["sorties.duree_moyenne_dispositif_mois"] is None
    assert figures["sorties.duree_mediane_dispositif_mois"] is None
    assert figures["sorties.categorisation.atelier_2.rupture_pct"] is None
    assert figures["sorties.logement_perenne_pct"] is None
    assert all(
        figures[f"sorties.destination.{code}_pct"] is None for code in ("parc_social", "deces", "inconnue")
    )


@pytest.mark.django_db
def test_dwelling_leaving_on_31_december_is_not_in_the_park_at_d():
    org = OrganisationFactory()
    DwellingFactory(
        organisation=org,
        entry_date=date(2023, 5, 1),
        exit_date=date(2024, 12, 31),
        exit_reason="fin_mandat",
        places=3,
    )
    DwellingFactory(organisation=org, entry_date=date(2024, 12, 31), places=2, parc="public")
    figures = compute(2024)
    assert figures["parc.logements"] == 1 and figures["parc.places"] == 2
    assert figures["parc.public_pct"] == 100.0
    assert figures["logements_sortis.nombre"] == 1 and figures["logements_entres.nombre"] == 1
    assert figures["structures.actives"] == 1
    assert compute(2023)["parc.logements"] == 1
    assert figures["parc.logements_evolution_pct"] == 0.0


@pytest.mark.django_db
def test_internal_move_is_not_an_exit_and_the_parcours_duration_counts_from_the_first_stay():
    org = OrganisationFactory()
    household = HouseholdFactory(organisation=org)
    StayFactory(
        household=household,
        entry_date=date(2022, 1, 1),
        exit_date=date(2023, 1, 1),
        destination="mutation_interne_iml",
    )
    # The next stay starts the day the previous one ended.
    StayFactory(
        household=household,
        entry_date=date(2023, 1, 1),
        pathway_start=date(2022, 1, 1),
        exit_date=date(2024, 1, 1),
        destination="parc_social",
    )
    figures = compute(2024)
    assert figures["menages.sortis"] == 1
    assert figures["menages.presents"] == 1  # present on its exit day
    assert figures["sorties.duree_moyenne_dispositif_mois"] == months(730)
    assert figures["sorties.duree_moyenne_logement_mois"] == months(365)
    assert figures["sorties.duree_plus_18_mois_pct"] == 100.0
    assert compute(2023)["menages.sortis"] == 0  # the move of 2023 is no exit
    assert compute(2023)["menages.entres"] == 0 and compute(2022)["menages.entres"] == 1


@pytest.mark.django_db
def test_re_entry_after_a_real_exit_counts_again():
    org = OrganisationFactory()
    household = HouseholdFactory(organisation=org, siao_oriented=False, prior_situation="hotel")
    StayFactory(
        household=household,
        entry_date=date(2024, 1, 10),
        exit_date=date(2024, 3, 1),
        destination="hebergement_tiers",
        loss_unpaid_rent=True,
    )
    StayFactory(household=household, entry_date=date(2024, 9, 1))
    figures = compute(2024)
    assert figures["menages.entres"] == 2
    assert figures["menages.presents"] == 1
    assert figures["menages.sortis"] == 1
    assert figures["menages.entres.origine.hotel_pct"] == 100.0
    assert figures["menages.entres.orientation_siao_pct"] == 0.0
    assert figures["sorties.duree_moins_6_mois_pct"] == 100.0
    assert figures["sorties.sinistre.impaye_seul_pct"] == 100.0
    assert figures["sorties.categorisation.atelier_2.temporaire_pct"] == 100.0
    assert figures["sorties.categorisation.atelier_1.non_classe_pct"] == 0.0
    assert figures["sorties.logement_perenne_pct"] == 0.0


@pytest.mark.django_db
def test_resource_categories_follow_the_first_matching_rule():
    org = OrganisationFactory()
    cases = {
        (): "sans_ressources",
        ("rsa", "salaire"): "rsa_et_salaire",
        ("salaire", "aah"): "salaire_sans_rsa",
        ("rsa", "prime_activite"): "rsa_seul",
        ("rsa", "aah"): "aah",
        ("chomage", "retraite"): "chomage",
        ("retraite",): "autres",
        ("rsa", "retraite"): "autres",
    }
    for sources in cases:
        stay = StayFactory(household__organisation=org, entry_date=date(2024, 2, 1))
        HouseholdResource.objects.bulk_create(
            [HouseholdResource(household=stay.household, source=s) for s in sources]
        )
    figures = compute(2024)
    expected = {
        "sans_ressources": 1,
        "rsa_et_salaire": 1,
        "salaire_sans_rsa": 1,
        "rsa_seul": 1,
        "aah": 1,
        "chomage": 1,
        "autres": 2,
    }
    for category, count in expected.items():
        assert figures[f"menages.presents.ressources.{category}_pct"] == pct(count, 8), category


@pytest.mark.django_db
def test_age_sex_and_composition_of_present_households():
    org = OrganisationFactory()
    for birth_year, sex in ((2000, "F"), (1999, "M"), (1994, "M"), (1993, "M"), (1965, "M"), (1964, "F")):
        household = HouseholdFactory(organisation=org, reference=None, composition="personne_isolee")
        PersonFactory(household=household, role="reference", sex=sex, birth_date=date(birth_year, 12, 31))
        StayFactory(household=household, entry_date=date(2023, 6, 1))
    figures = compute(2024)
    # Age reached in the year: 24 → moins_25; 25 and 30 → 25_30; 31 and 59 → 31_59; 60 → 60_plus.
    assert figures["menages.presents.age.moins_25_pct"] == pct(1, 6)
    assert figures["menages.presents.age.25_30_pct"] == pct(2, 6)
    assert figures["menages.presents.age.31_59_pct"] == pct(2, 6)
    assert figures["menages.presents.age.60_plus_pct"] == pct(1, 6)
    assert figures["menages.presents.reference_homme_pct"] == pct(4, 6)
    assert figures["menages.presents.composition.personne_isolee_pct"] == 100.0


@pytest.mark.django_db
def test_year_without_exits_and_median_of_even_count():
    org = OrganisationFactory()
    StayFactory(household__organisation=org, entry_date=date(2023, 1, 1))
    assert compute(2024)["menages.sortis"] == 0
    assert compute(2024)["sorties.duree_mediane_dispositif_mois"] is None
    for days in (100, 200, 300, 340, 1000):
        entry = date(2020, 1, 1)
        StayFactory(
            household__organisation=org,
            entry_date=entry,
            exited=True,
            exit_date=date.fromordinal(entry.toordinal() + days),
            destination="parc_prive",
        )
    exits_2020 = compute(2020)  # four exits in 2020, the fifth in 2022
    assert exits_2020["menages.sortis"] == 4
    assert exits_2020["sorties.duree_mediane_dispositif_mois"] == months(250)


@pytest.mark.django_db
def test_perimeters_filter_by_the_structure_head_office():
    lyon = OrganisationFactory(head_office_department_id="69")
    grenoble = OrganisationFactory(head_office_department_id="38")
    DwellingFactory(organisation=lyon)
    DwellingFactory(organisation=grenoble)
    DwellingFactory(organisation=OrganisationFactory(head_office_department_id="75"))
    assert compute(2024, Perimeter.parse("region:84"))["parc.logements"] == 2
    assert compute(2024, Perimeter.parse("departement:38"))["parc.logements"] == 1
    assert compute(2024, Perimeter.parse(f"structure:{lyon.pk}"))["parc.logements"] == 1
    assert compute(2024)["parc.logements"] == 3
    with pytest.raises(ValueError, match="invalide"):
        Perimeter.parse("commune:69123")


@pytest.mark.django_db
def test_park_entries_and_modes_indicator_by_indicator():
    org = OrganisationFactory()
    # Park at 31/12/2024: 4 dwellings (2 private, one conventionné sans travaux; 1 mandat, 2 sous-location,
    # 1 bail glissant; T1, T1, T3, T5+), 2 of them entered in 2024. One more left the park in 2024.
    DwellingFactory(
        organisation=org,
        parc="prive",
        conventionnement="sans_travaux",
        rent_level="loc2",
        management_mode="mandat_gestion",
        typology="T1",
        places=1,
        entry_date=date(2020, 1, 1),
    )
    DwellingFactory(
        organisation=org,
        parc="prive",
        management_mode="sous_location",
        typology="T1",
        places=2,
        entry_date=date(2024, 3, 1),
    )
    DwellingFactory(
        organisation=org,
        parc="public",
        management_mode="sous_location",
        typology="T3",
        places=4,
        entry_date=date(2024, 7, 1),
    )
    DwellingFactory(
        organisation=org,
        parc="public",
        management_mode="bail_glissant",
        typology="T5+",
        places=7,
        entry_date=date(2019, 1, 1),
    )
    DwellingFactory(
        organisation=org, entry_date=date(2018, 1, 1), exit_date=date(2024, 2, 1), exit_reason="fin_mandat"
    )
    figures = compute(2024)
    assert figures["parc.logements"] == 4 and figures["parc.places"] == 14
    assert compute(2023)["parc.logements"] == 3
    assert figures["parc.logements_evolution_pct"] == 33.3  # 3 → 4
    assert figures["parc.places_evolution_pct"] == pct(14 - (1 + 7 + 2), 1 + 7 + 2)
    assert (figures["parc.prive_pct"], figures["parc.public_pct"]) == (50.0, 50.0)
    assert figures["parc.mode.mandat_gestion_pct"] == 25.0
    assert figures["parc.mode.sous_location_pct"] == 50.0
    assert figures["parc.mode.bail_glissant_pct"] == 25.0
    assert figures["parc.typologie.t1_pct"] == 50.0 and figures["parc.typologie.t2_pct"] == 0.0
    assert figures["parc.typologie.t5_plus_pct"] == 25.0
    assert figures["parc.prive.conventionne_pct"] == 50.0  # of the 2 private dwellings
    assert figures["parc.prive.conventionne_sans_travaux_pct"] == 50.0
    assert figures["parc.prive.conventionne_avec_travaux_pct"] == 0.0
    assert figures["logements_entres.nombre"] == 2
    assert figures["logements_entres.mode.sous_location_pct"] == 100.0
    assert figures["logements_sortis.nombre"] == 1
    assert figures["structures.actives"] == 1


@pytest.mark.django_db
def test_entries_origins_siao_dalo_and_every_categorisation():
    org = OrganisationFactory()
    cases = [  # (prior situation, siao, dalo, destination, unpaid, damage)
        ("hebergement_urgence", True, True, "parc_social", False, False),
        ("hebergement_insertion", True, False, "logement_accompagne", True, True),
        ("habitat_precaire", False, False, "expulsion", True, False),
        ("sortie_institution", True, False, "institution", False, True),
    ]
    for prior, siao, dalo, destination, unpaid, damage in cases:
        StayFactory(
            household__organisation=org,
            household__prior_situation=prior,
            household__siao_oriented=siao,
            household__dalo=dalo,
            entry_date=date(2024, 1, 15),
            exited=True,
            exit_date=date(2024, 11, 30),
            destination=destination,
            loss_unpaid_rent=unpaid,
            loss_damage=damage,
        )
    f = compute(2024)
    assert f["menages.entres"] == 4 and f["menages.sortis"] == 4 and f["menages.presents"] == 4
    assert f["menages.entres.orientation_siao_pct"] == 75.0
    assert f["menages.entres.origine.structure_hebergement_pct"] == 50.0
    assert f["menages.entres.origine.sans_domicile_precaire_pct"] == 25.0
    assert f["menages.entres.origine.institution_pct"] == 25.0
    assert f["menages.presents.dalo_pct"] == 25.0
    assert f["sorties.logement_perenne_pct"] == 50.0
    assert (
        f["sorties.categorisation.officielle.perenne_pct"],
        f["sorties.categorisation.officielle.non_perenne_pct"],
    ) == (50.0, 50.0)
    assert f["sorties.categorisation.atelier_1.logements_autonomes_pct"] == 25.0
    assert f["sorties.categorisation.atelier_1.situation_intermediaire_pct"] == 25.0
    assert f["sorties.categorisation.atelier_1.autres_pct"] == 25.0
    assert f["sorties.categorisation.atelier_1.non_classe_pct"] == 25.0  # institution
    assert f["sorties.categorisation.atelier_2.mixte_pct"] == 50.0
    assert f["sorties.categorisation.atelier_2.rupture_pct"] == 25.0
    assert f["sorties.categorisation.atelier_3.perenne_adaptee_pct"] == 50.0
    assert f["sorties.categorisation.atelier_3.sans_solution_pct"] == 25.0
    assert f["sorties.destination.expulsion_pct"] == 25.0 and f["sorties.destination.parc_prive_pct"] == 0.0
    assert f["sorties.sinistre.aucun_pct"] == 25.0 and f["sorties.sinistre.multiple_pct"] == 25.0
    assert (
        f["sorties.sinistre.impaye_seul_pct"] == 25.0 and f["sorties.sinistre.degradation_seule_pct"] == 25.0
    )
    assert f["sorties.duree_moyenne_dispositif_mois"] == months(320)  # 15/01 → 30/11
    assert f["sorties.duree_moins_6_mois_pct"] == 0.0 and f["sorties.duree_plus_18_mois_pct"] == 0.0
