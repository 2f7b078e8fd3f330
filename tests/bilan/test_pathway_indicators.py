"""The pathway sections of the bilan (issue 8 §8; docs/spec/bilan-indicators.md, "Pathways and support") on
small hand-built cases: every figure below is worked out by hand in the comments."""

from datetime import date

import pytest

from clef.bilan.indicators import combine, compute, compute_parts, is_v1_key
from clef.bilan.perimeter import Perimeter
from clef.bilan.secrecy import SECRET, mask_indicators
from clef.dwellings.enums import ManagementMode
from clef.exits.enums import HouseholdChoice, Judgement, Perspective, RelayKind, SolicitationSubject
from clef.organisations.models import PracticeSettings
from clef.orientation.enums import AvailabilityStatus, Decision, HouseholdAnswer, RefusalReason
from clef.orientation.models import Availability, EntryChoice
from tests.factories.accounts import UserFactory
from tests.factories.exits import ExitAssessmentFactory, ExitPerspectiveFactory, SolicitationFactory
from tests.factories.households import HouseholdFactory
from tests.factories.occupancy import OccupancyTermFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.orientation import AvailabilityFactory, ProposalFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db


def _bilan(org, year: int = 2024) -> dict:
    return compute(year, Perimeter("structure", str(org.pk)))


def _section(values: dict, prefix: str) -> dict:
    return {key: value for key, value in values.items() if key.startswith(prefix)}


@pytest.fixture
def orientation_case():
    """A1 (made available 01/01/2024): P1 proposed 11/01, declined by the household 21/01; P2 proposed 01/02,
    accepted 11/02, entry 01/03. A2 (02/12/2023): P3 proposed 01/01/2024, refused by the commission 31/01.
    A3 (01/06/2024): no proposal. A4 (01/06/2023): P4 proposed 11/06/2023, still pending. Another
    operator's availability and proposal are outside the perimeter."""
    org = OrganisationFactory(head_office_department_id="69")
    a1 = AvailabilityFactory(dwelling__organisation=org, available_from=date(2024, 1, 1))
    ProposalFactory(
        availability=a1, proposed_on=date(2024, 1, 11), declined=True, decided_on=date(2024, 1, 21)
    )
    stay = StayFactory(household__organisation=org, dwelling=a1.dwelling, entry_date=date(2024, 3, 1))
    ProposalFactory(
        availability=a1,
        proposed_on=date(2024, 2, 1),
        decision=Decision.ACCEPTED,
        decided_on=date(2024, 2, 11),
        household_answer=HouseholdAnswer.YES,
        household=stay.household,
        stay=stay,
    )
    a2 = AvailabilityFactory(dwelling__organisation=org, available_from=date(2023, 12, 2))
    ProposalFactory(
        availability=a2,
        proposed_on=date(2024, 1, 1),
        decision=Decision.REFUSED,
        decided_on=date(2024, 1, 31),
        refusal_reason=RefusalReason.TYPOLOGIE,
    )
    AvailabilityFactory(dwelling__organisation=org, available_from=date(2024, 6, 1))
    a4 = AvailabilityFactory(dwelling__organisation=org, available_from=date(2023, 6, 1))
    ProposalFactory(availability=a4, proposed_on=date(2023, 6, 11))
    ProposalFactory(
        availability__dwelling__organisation=OrganisationFactory(head_office_department_id="38"),
        proposed_on=date(2024, 1, 2),
    )
    return org


def test_orientation_counts_decisions_refusals_and_delays(orientation_case):
    assert _section(_bilan(orientation_case), "orientation.") == {
        "orientation.mises_a_disposition": 2,  # A1, A3
        "orientation.propositions": 3,  # P1, P2, P3
        "orientation.decisions": 3,
        "orientation.decision.acceptee_pct": 33.3,
        "orientation.decision.refusee_pct": 33.3,
        "orientation.decision.declinee_pct": 33.3,
        "orientation.decision.retiree_pct": 0.0,
        "orientation.refus_menage_pct": 50.0,  # answers known: P1 no, P2 yes (P3 unknown)
        # availabilities whose first proposal is in 2024: A1 01/01 → 11/01 10 days, A2 02/12/2023 → 01/01
        # 30 days (A4's first proposal is in 2023)
        "orientation.delai_moyen_proposition_jours": 20.0,
        "orientation.delai_median_proposition_jours": 20.0,
        # accepted in 2024: A1 only, from its first proposal P1 (11/01) to P2's acceptance (11/02): 31 days
        # (A2's refusal is no acceptance)
        "orientation.delai_moyen_decision_jours": 31.0,
        "orientation.delai_median_decision_jours": 31.0,
        "orientation.delai_moyen_entree_jours": 19.0,  # entered in 2024: A1, 11/02 → 01/03 (leap year)
        "orientation.delai_median_entree_jours": 19.0,
        # vacancies ended in 2024: A1 01/01 → 01/03 = 10 + 31 + 19 days; A2, A3, A4 still open: left out
        "orientation.vacance_moyenne_jours": 60.0,
        "orientation.vacance_mediane_jours": 60.0,
    }


def test_orientation_of_the_previous_year_and_of_an_empty_perimeter(orientation_case):
    previous = _section(_bilan(orientation_case, 2023), "orientation.")
    assert previous["orientation.mises_a_disposition"] == 2  # A2, A4
    assert previous["orientation.propositions"] == 1 and previous["orientation.decisions"] == 0
    assert previous["orientation.decision.acceptee_pct"] is None
    assert previous["orientation.delai_moyen_proposition_jours"] == 10.0  # A4: 01/06 → 11/06
    assert previous["orientation.delai_moyen_decision_jours"] is None
    empty = _section(_bilan(OrganisationFactory()), "orientation.")
    assert empty["orientation.propositions"] == 0 and empty["orientation.vacance_mediane_jours"] is None


def test_a_withdrawal_ends_a_vacancy_and_each_delay_counts_in_the_year_it_ends(orientation_case):
    a3 = Availability.objects.get(organisation=orientation_case, available_from=date(2024, 6, 1))
    Availability.objects.filter(pk=a3.pk).update(
        status=AvailabilityStatus.WITHDRAWN, closed_on=date(2024, 6, 21)
    )
    a4 = Availability.objects.get(organisation=orientation_case, available_from=date(2023, 6, 1))
    ProposalFactory(  # a second candidate for A4, accepted in 2024: from A4's first proposal (11/06/2023)
        availability=a4,
        proposed_on=date(2024, 1, 5),
        decision=Decision.ACCEPTED,
        decided_on=date(2024, 1, 10),
    )
    values = _bilan(orientation_case)
    assert values["orientation.vacance_moyenne_jours"] == 40.0  # A1 60 days, A3 01/06 → 21/06 20 days
    assert values["orientation.vacance_mediane_jours"] == 40.0
    # A1 31 days, A4 11/06/2023 → 10/01/2024 213 days
    assert values["orientation.delai_moyen_decision_jours"] == 122.0
    assert values["orientation.delai_median_decision_jours"] == 122.0
    assert values["orientation.delai_moyen_entree_jours"] == 19.0  # A4's household has not entered
    previous = _bilan(orientation_case, 2023)
    assert previous["orientation.delai_moyen_decision_jours"] is None
    assert previous["orientation.vacance_moyenne_jours"] is None


def test_a_household_refusal_is_counted_without_penalty_on_its_later_proposal(orientation_case):
    """The household that declined P1 is free to be proposed again: its refusal changes no other figure."""
    values = _bilan(orientation_case)
    assert values["orientation.decision.declinee_pct"] == 33.3
    assert values["orientation.decision.acceptee_pct"] == 33.3


def _entry(stay, *, visited, alternative):
    EntryChoice.objects.create(
        stay=stay,
        organisation=stay.organisation,
        visited_before_signing=visited,
        alternative_offered=alternative,
        recorded_by=UserFactory(),
    )


def _assessed_exit(org, exit_date, choice, relay, judgements: dict):
    stay = StayFactory(household__organisation=org, exited=True, exit_date=exit_date)
    assessment = ExitAssessmentFactory(
        stay=stay,
        household_choice=choice,
        relay_kind=relay,
        relay_name="" if relay == RelayKind.AUCUN else "Relais",
    )
    for perspective, judgement in judgements.items():
        ExitPerspectiveFactory(assessment=assessment, perspective=perspective, judgement=judgement)
    return stay


@pytest.fixture
def exits_case():
    """Entries in 2024: S1 (visited, no alternative), S2 (not visited, alternative unknown), S3 (nothing
    recorded); S4 entered in 2023. Exits in 2024: E1 chosen, sector social worker, judged positive by the
    household and the social worker, mitigée by the rental manager; E2 imposed, no relay, négative for
    the household and the structure; E3 without assessment; E5 « ne sait pas », health professional,
    positive for the funder alone. E4 (assessed) left in 2023."""
    org = OrganisationFactory(head_office_department_id="69")
    mandate = {"dwelling__management_mode": ManagementMode.MANDAT_GESTION}
    for entry, visited, alternative in (
        (date(2024, 3, 1), True, False),
        (date(2024, 5, 1), False, None),
        (date(2023, 5, 1), True, True),
    ):
        _entry(StayFactory(household__organisation=org, entry_date=entry, **mandate), visited=visited,
               alternative=alternative)  # fmt: skip
    StayFactory(household__organisation=org, entry_date=date(2024, 7, 1), **mandate)
    positive, mitigee, negative = Judgement.POSITIVE, Judgement.MITIGEE, Judgement.NEGATIVE
    _assessed_exit(
        org,
        date(2024, 4, 30),
        HouseholdChoice.CHOISI,
        RelayKind.TRAVAILLEUR_SOCIAL_SECTEUR,
        {
            Perspective.MENAGE: positive,
            Perspective.TRAVAILLEUR_SOCIAL: positive,
            Perspective.GESTIONNAIRE: mitigee,
        },
    )
    _assessed_exit(
        org,
        date(2024, 6, 30),
        HouseholdChoice.SUBI,
        RelayKind.AUCUN,
        {Perspective.MENAGE: negative, Perspective.STRUCTURE: negative},
    )
    StayFactory(household__organisation=org, exited=True, exit_date=date(2024, 8, 31))
    _assessed_exit(
        org, date(2024, 9, 30), HouseholdChoice.NE_SAIT_PAS, RelayKind.PROFESSIONNEL_SANTE,
        {Perspective.FINANCEUR: positive},
    )  # fmt: skip
    _assessed_exit(
        org, date(2023, 9, 30), HouseholdChoice.SUBI, RelayKind.AUCUN, {Perspective.MENAGE: negative}
    )
    return org


def test_choice_at_entry_over_known_answers_and_at_exit_over_assessed_exits(exits_case):
    assert _section(_bilan(exits_case), "choix.") == {
        "choix.visite_avant_signature_pct": 50.0,  # known: S1 yes, S2 no
        "choix.alternative_proposee_pct": 0.0,  # known: S1 no
        "choix.sortie.choisie_pct": 33.3,  # E1 of E1, E2, E5
        "choix.sortie.subie_pct": 33.3,
        "choix.sortie.ne_sait_pas_pct": 33.3,
    }


def test_five_perspectives_and_their_disagreements(exits_case):
    values = _bilan(exits_case)
    regards = _section(values, "regards_sortie.")
    assert regards.pop("regards_sortie.evaluees_pct") == 75.0  # E1, E2, E5 of 4 exits
    assert regards.pop("regards_sortie.desaccord_pct") == 50.0  # E1 of E1, E2 (E5 has one perspective)
    expected = {
        Perspective.MENAGE: (50.0, 0.0, 50.0),
        Perspective.TRAVAILLEUR_SOCIAL: (100.0, 0.0, 0.0),
        Perspective.GESTIONNAIRE: (0.0, 100.0, 0.0),
        Perspective.STRUCTURE: (0.0, 0.0, 100.0),
        Perspective.FINANCEUR: (100.0, 0.0, 0.0),
    }
    assert regards == {
        f"regards_sortie.{p.value}.{j.value}_pct": shares[i]
        for p, shares in expected.items()
        for i, j in enumerate(Judgement)
    }


def test_relays_at_exit_by_kind(exits_case):
    assert _section(_bilan(exits_case), "relais_sortie.") == {
        "relais_sortie.avec_relais_pct": 66.7,  # E1, E5 of E1, E2, E5
        "relais_sortie.type.travailleur_social_secteur_pct": 33.3,
        "relais_sortie.type.professionnel_sante_pct": 33.3,
        "relais_sortie.type.bailleur_agence_pct": 0.0,
        "relais_sortie.type.autre_pct": 0.0,
        "relais_sortie.type.aucun_pct": 33.3,
    }


@pytest.fixture
def occupancy_case():
    """T1 sublet since 01/01/2023, present (730 days at D > 18 months): terms 1 (renewed), 2 (ends
    01/01/2024, renewed), 3 (01/01 → 01/07/2024, pending). T2 bail glissant since 01/03/2024 (305 days):
    term 1 ends 01/09/2024 renewed, term 2 from 01/09/2024. T3 sublet, left in 2023. T4 under a mandate
    (the household is the owner's tenant): not counted. T5 sublet 01/06/2023 → 01/02/2024, no term."""
    org = OrganisationFactory(head_office_department_id="69")
    t1 = StayFactory(household__organisation=org, entry_date=date(2023, 1, 1))
    user = UserFactory()
    for number, start, end, decided_on in (
        (1, date(2023, 1, 1), date(2023, 7, 1), date(2023, 6, 1)),
        (2, date(2023, 7, 1), date(2024, 1, 1), date(2023, 12, 1)),
        (3, date(2024, 1, 1), date(2024, 7, 1), None),
    ):
        decision = {"decision": "renewed", "decided_on": decided_on, "decided_by": user} if decided_on else {}
        OccupancyTermFactory(stay=t1, number=number, starts_on=start, ends_on=end, **decision)
    t2 = StayFactory(
        household__organisation=org,
        entry_date=date(2024, 3, 1),
        dwelling__management_mode=ManagementMode.BAIL_GLISSANT,
    )
    OccupancyTermFactory(
        stay=t2, number=1, starts_on=date(2024, 3, 1), ends_on=date(2024, 9, 1), renewed=True
    )
    OccupancyTermFactory(stay=t2, number=2, starts_on=date(2024, 9, 1), ends_on=date(2025, 3, 1))
    StayFactory(
        household__organisation=org, entry_date=date(2022, 1, 1), exited=True, exit_date=date(2023, 6, 1)
    )
    StayFactory(
        household__organisation=org,
        entry_date=date(2020, 1, 1),
        dwelling__management_mode=ManagementMode.MANDAT_GESTION,
    )
    StayFactory(
        household__organisation=org, entry_date=date(2023, 6, 1), exited=True, exit_date=date(2024, 2, 1)
    )
    return org


def test_occupancy_terms_renewals_and_stays_beyond_the_recommended_length(occupancy_case):
    assert _section(_bilan(occupancy_case), "occupation.") == {
        "occupation.sejours": 3,  # T1, T2, T5
        "occupation.sejours_avec_echeances_pct": 66.7,  # T1, T2
        "occupation.echeances": 3,  # T1 n° 2 and n° 3, T2 n° 1
        "occupation.echeance.a_decider_pct": 33.3,
        "occupation.echeance.renouvelee_pct": 66.7,
        "occupation.echeance.fin_occupation_pct": 0.0,
        "occupation.echeance.bail_glisse_pct": 0.0,
        "occupation.renouvellements": 2,  # T1 n° 3 (01/01/2024), T2 n° 2 (01/09/2024)
        "occupation.au_dela_duree_preconisee_pct": 33.3,  # T1 only (T5: 245 days at its exit)
    }


def test_the_recommended_length_is_the_operator_s_practice_setting(occupancy_case):
    """Three-month terms renewed once (6 months, 182.6 days): T2 (305 days at D) and T5 (245 days at its
    exit) are beyond too."""
    PracticeSettings.objects.create(
        organisation=occupancy_case, occupancy_term_months=3, occupancy_max_renewals=1
    )
    assert _bilan(occupancy_case)["occupation.au_dela_duree_preconisee_pct"] == 100.0


def test_solicitations_after_exit(db):
    org = OrganisationFactory(head_office_department_id="69")
    first, second = (HouseholdFactory(organisation=org) for _ in range(2))
    for household, day, subject, minutes in (
        (first, date(2024, 2, 1), SolicitationSubject.COURRIER, 30),
        (first, date(2024, 9, 1), SolicitationSubject.MENACE_IMPAYE, 45),
        (second, date(2024, 5, 1), SolicitationSubject.CONSEIL, 15),
        (first, date(2023, 5, 1), SolicitationSubject.DEMARCHE, 600),
    ):
        SolicitationFactory(household=household, solicited_on=day, subject=subject, minutes_spent=minutes)
    SolicitationFactory(solicited_on=date(2024, 2, 1))  # another operator's
    assert _section(_bilan(org), "sollicitations.") == {
        "sollicitations.nombre": 3,
        "sollicitations.menages": 2,
        "sollicitations.temps_heures": 1.5,  # 90 minutes
        "sollicitations.temps_moyen_minutes": 30.0,
        "sollicitations.objet.courrier_pct": 33.3,
        "sollicitations.objet.menace_impaye_pct": 33.3,
        "sollicitations.objet.demarche_pct": 0.0,
        "sollicitations.objet.conseil_pct": 33.3,
        "sollicitations.objet.autre_pct": 0.0,
    }


def test_the_figures_of_two_operators_combine_from_their_parts(orientation_case, exits_case, occupancy_case):
    """What a campaign does with frozen declarations: the combined parts give the figures of the group,
    medians excepted (None)."""
    SolicitationFactory(household=HouseholdFactory(organisation=exits_case), minutes_spent=20)
    SolicitationFactory(household=HouseholdFactory(organisation=orientation_case), minutes_spent=25)
    orgs = (orientation_case, exits_case, occupancy_case)
    combined = combine([compute_parts(2024, Perimeter("structure", str(o.pk))) for o in orgs])
    whole = compute(2024, Perimeter("departement", "69"))
    # The security fund's figures are a region's, never rebuilt from operators (null when combined).
    new_keys = [key for key in whole if not is_v1_key(key) and not key.startswith("fonds.")]
    assert {k: combined[k] for k in new_keys if "median" not in k} == {
        k: whole[k] for k in new_keys if "median" not in k
    }
    assert all(combined[k] is None for k in new_keys if "median" in k)
    assert combined["sollicitations.temps_heures"] == 0.8  # 45 minutes


def test_published_pathway_figures_mask_households_not_dwellings(orientation_case):
    parts = compute_parts(2024, Perimeter("structure", str(orientation_case.pk)))
    masked = mask_indicators(parts["values"], parts["wholes"])
    assert masked["orientation.mises_a_disposition"] == 2
    assert masked["orientation.propositions"] == SECRET  # 3 candidates
    assert masked["orientation.decision.acceptee_pct"] == SECRET  # on 3 decisions
    assert masked["sollicitations.nombre"] == SECRET and masked["choix.sortie.subie_pct"] == SECRET
