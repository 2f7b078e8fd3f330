"""Browser journey of the bilan's pathway sections (issue 8 §8): a director opens the year's bilan, reads
the five perspectives on the exits side by side (drawn by the State's chart components, with their data
table), the relays and the solicitations after exit, then downloads the Excel export. axe-core checks
every page (fixture `page`)."""

import re
from datetime import date

import pytest

from clef.exits.enums import Judgement, Perspective, RelayKind
from clef.organisations.models import Role
from tests.browser.test_journeys import login
from tests.factories.exits import ExitAssessmentFactory, ExitPerspectiveFactory, SolicitationFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory
from tests.transactional import REGISTER_APPS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)]


def test_a_director_reads_the_exits_from_five_perspectives_in_the_bilan(live_server, page, shot):
    operator = OrganisationFactory(name="Toit Partagé du Rhône", head_office_department_id="69")
    for n, (household_view, relay) in enumerate(
        ((Judgement.POSITIVE, RelayKind.TRAVAILLEUR_SOCIAL_SECTEUR), (Judgement.MITIGEE, RelayKind.AUCUN))
    ):
        stay = StayFactory(household__organisation=operator, exited=True, exit_date=date(2024, 4 + n, 30))
        assessment = ExitAssessmentFactory(
            stay=stay, relay_kind=relay, relay_name="" if relay == RelayKind.AUCUN else "MDS de Villeurbanne"
        )
        ExitPerspectiveFactory(
            assessment=assessment, perspective=Perspective.MENAGE, judgement=household_view
        )
        ExitPerspectiveFactory(
            assessment=assessment, perspective=Perspective.STRUCTURE, judgement=Judgement.POSITIVE
        )
    SolicitationFactory(household=stay.household, solicited_on=date(2024, 9, 2), minutes_spent=45)
    director = MembershipFactory(organisation=operator, role=Role.DIRECTOR).user

    login(page, live_server, director.email)
    page.get_by_role("link", name="Bilan").first.click()
    page.wait_for_url(re.compile(r"/bilan/"))
    page.goto(f"{live_server.url}/bilan/?annee=2024")
    section = page.locator("#regards_sortie")
    section.get_by_role("heading", name="La sortie vue par chacun", exact=True).wait_for()
    section.locator(".clef-chart canvas").first.wait_for()
    section.scroll_into_view_if_needed()
    shot("1-regards-sur-la-sortie")
    title = "La sortie vue par chacun : part des sorties jugées positives, mitigées, négatives"
    page.get_by_role("button", name=re.compile(f"Données du graphique « {re.escape(title)} »")).click()
    table = page.get_by_role("table", name=title)
    table.wait_for()
    rows = table.inner_text()
    assert "Point de vue" in rows and "Le ménage" in rows and "50,0" in rows and "100,0" in rows
    assert "Sorties où les points de vue divergent" in section.inner_text()
    relays = page.locator("#relais_sortie").inner_text()
    assert "Sorties avec un relais établi" in relays and "50,0" in relays
    assert "Temps passé (heures)" in page.locator("#sollicitations").inner_text()
    shot("2-relais-et-sollicitations")
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
