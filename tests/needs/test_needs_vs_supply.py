"""The état des lieux des besoins: every figure of a hand-computed fixture (Rhône, 15/03/2026)."""

from datetime import date

import pytest

from clef.dwellings.enums import ManagementMode, Typology
from clef.needs.queries import needs_vs_supply, totals_by_typology
from clef.needs.scope import Area, needs_area
from clef.organisations.models import Role
from clef.orientation.enums import Decision
from tests.factories.captation import LeadFactory, OfferedDwellingFactory
from tests.factories.dwellings import DwellingFactory
from tests.factories.needs import METROPOLE_DE_LYON, NeedDeclarationFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.orientation import ProposalFactory
from tests.factories.stays import StayFactory

ON = date(2026, 3, 15)
RHONE = Area("departements", ("69",))


@pytest.fixture
def siao(db):
    return OrganisationFactory(siao=True, name="SIAO du Rhône")


@pytest.fixture
def rhone(siao):
    """The fixture whose figures the tests compute by hand (see each assertion)."""
    NeedDeclarationFactory(siao=siao, as_of=date(2026, 1, 1), households_waiting=99)  # replaced on 01/03
    NeedDeclarationFactory(siao=siao, households_waiting=10)  # T2, Métropole de Lyon, 01/03/2026
    NeedDeclarationFactory(siao=siao, typology=Typology.T3, households_waiting=4)
    NeedDeclarationFactory(siao=siao, typology=Typology.T1, whole_department=True, households_waiting=3)
    NeedDeclarationFactory(siao=siao, as_of=date(2026, 4, 1), households_waiting=50)  # later: not in force
    # Three T2 of Lyon 3e made available (in the park since 2020, vacant), their candidates:
    ProposalFactory(availability__siao=siao)  # pending
    ProposalFactory(  # decided after the 15th: still waiting on the 15th
        availability__siao=siao,
        proposed_on=date(2026, 3, 1),
        decision=Decision.WITHDRAWN,
        decided_on=date(2026, 3, 20),
    )
    ProposalFactory(availability__siao=siao, declined=True)  # decided in 2024: no longer waiting
    StayFactory()  # a fourth T2 of Lyon 3e, occupied
    DwellingFactory(out_of_park=True)  # left the park in 2023
    DwellingFactory(commune_id="69266", typology=Typology.T3, management_mode=ManagementMode.MANDAT_GESTION)
    DwellingFactory(commune_id="38185")  # Grenoble: another department
    LeadFactory()  # open, a T2 offered in Lyon 3e
    LeadFactory(signed=True)  # signed: no longer in the pipeline
    LeadFactory(abandoned=True)
    LeadFactory(offered_dwelling=OfferedDwellingFactory(commune_id="38185"))
    LeadFactory(offered_dwelling=None)


def _row(rows, epci, typology):
    (row,) = [r for r in rows if r.epci_code == epci and r.typology == typology]
    return row


def test_each_figure_of_the_rhone_on_the_day(rhone):
    rows = needs_vs_supply(RHONE, ON)
    t2 = _row(rows, METROPOLE_DE_LYON, "T2")
    assert (t2.declared, t2.proposed, t2.waiting) == (10, 2, 12)
    assert (t2.park, t2.vacant, t2.pipeline) == (4, 3, 1)
    assert t2.gap == 12 - 3 - 1
    assert t2.department_name == "Rhône" and t2.epci_name == "Métropole de Lyon"
    t3 = _row(rows, METROPOLE_DE_LYON, "T3")
    assert (t3.declared, t3.proposed, t3.park, t3.vacant, t3.pipeline) == (4, 0, 1, 1, 0)
    t1 = _row(rows, "", "T1")  # declared for the whole department
    assert (t1.declared, t1.epci_name) == (3, "Hors EPCI ou non ventilé")
    assert len(rows) == 3  # nothing of the Isère


def test_the_grid_in_force_is_the_latest_dated_on_or_before_the_day(rhone):
    t2 = _row(needs_vs_supply(RHONE, date(2026, 2, 1)), METROPOLE_DE_LYON, "T2")
    assert t2.declared == 99
    t2 = _row(needs_vs_supply(RHONE, date(2026, 4, 1)), METROPOLE_DE_LYON, "T2")
    assert t2.declared == 50
    assert not [r for r in needs_vs_supply(RHONE, date(2026, 4, 1)) if r.declared and r.typology == "T3"]


def test_filters_and_totals_by_typology(rhone):
    assert needs_vs_supply(RHONE, ON, epci="") == [_row(needs_vs_supply(RHONE, ON), "", "T1")]
    assert needs_vs_supply(RHONE, ON, department="38") == []
    totals = {r.typology: r for r in totals_by_typology(needs_vs_supply(RHONE, ON))}
    assert (totals["T2"].waiting, totals["T3"].park, totals["T1"].declared, totals["T4"].waiting) == (
        12,
        1,
        3,
        0,
    )


def test_isere_area_sees_only_the_isere(rhone):
    rows = needs_vs_supply(Area("departements", ("38",)), ON)
    assert [(r.typology, r.park, r.pipeline, r.waiting) for r in rows] == [("T2", 1, 1, 0)]


def test_a_platform_reads_its_territory(rhone):
    platform = OrganisationFactory(kind="captation_platform", name="Plateforme")
    platform.territory_communes.add("69266")  # Villeurbanne only: its EPCI's declarations
    rows = needs_vs_supply(needs_area(MembershipFactory(organisation=platform, role=Role.DIRECTOR)), ON)
    assert {(r.typology, r.park, r.declared) for r in rows} == {("T3", 1, 4), ("T2", 0, 10)}


def test_the_query_count_is_constant(rhone, django_assert_num_queries):
    with django_assert_num_queries(7):
        needs_vs_supply(RHONE, ON)


@pytest.mark.parametrize(
    ("kind", "role", "expected"),
    [
        ("operator", Role.DIRECTOR, ("departements", ("38", "69"))),
        ("siao", Role.SIAO_AGENT, ("departements", ("69",))),
        ("ddets", Role.STATE_COORDINATOR, ("departements", ("69",))),
        ("state", Role.READ_ONLY, ("region", ("84",))),
    ],
)
def test_needs_area_of_each_member(db, kind, role, expected):
    traits = {"operator": {}, "siao": {"siao": True}, "ddets": {"ddets": True}, "state": {"state": True}}
    organisation = OrganisationFactory(**traits[kind])
    if kind == "operator":
        organisation.departments.add("38")
    area = needs_area(MembershipFactory(organisation=organisation, role=role))
    assert (area.kind, area.codes) == expected
