"""Browser journeys of the needs and targets (axe-core on every page, tests/browser/conftest.py): the SIAO
declares the households waiting, the needs page shows them against the supply, a DDETS coordinator sets an
operator's target from the bilan; a local authority opens « Mon territoire » and downloads its PDF."""

import subprocess
from datetime import date

import pytest
from django.utils import timezone

from clef.needs.models import CaptationTarget, NeedDeclaration
from clef.organisations.models import OrganisationKind, Role
from tests.browser.test_journeys import login
from tests.factories.dwellings import DwellingFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.transactional import REGISTER_APPS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)]


def test_the_siao_declares_needs_and_a_coordinator_sets_a_target(live_server, page, shot):
    operator = OrganisationFactory(name="Toit Partagé du Rhône")
    DwellingFactory.create_batch(2, organisation=operator, entry_date=date(timezone.localdate().year, 1, 5))
    siao = OrganisationFactory(siao=True, name="SIAO du Rhône")
    agent = MembershipFactory(organisation=siao, role=Role.SIAO_AGENT).user
    coordinator = MembershipFactory(
        organisation=OrganisationFactory(ddets=True), role=Role.STATE_COORDINATOR
    ).user

    login(page, live_server, agent.email)
    page.goto(f"{live_server.url}/captation/besoins/")
    page.get_by_role("link", name="Déclarer les besoins du SIAO").click()
    page.get_by_label("T2 — Métropole de Lyon").fill("12")
    page.get_by_label("T1 (studio, T1 bis) — Hors EPCI ou non ventilé").fill("3")
    shot("1-grille")
    page.get_by_role("button", name="Enregistrer les besoins").click()
    page.get_by_text("sont enregistrés").wait_for()
    assert NeedDeclaration.objects.get(typology="T2").households_waiting == 12
    row = (
        page.get_by_test_id("besoins-table")
        .get_by_role("row")
        .filter(has_text="Métropole de Lyon")
        .filter(has_text="T2")
    )
    assert row.get_by_role("cell").all_inner_texts()[2:9] == ["12", "0", "12", "2", "2", "0", "10"]
    shot("2-etat-des-lieux")

    page.context.clear_cookies()
    login(page, live_server, coordinator.email)
    page.get_by_role("link", name="Captation : besoins et objectifs").click()  # the State's menu entry
    page.get_by_role("link", name="Objectifs de captation").click()
    page.get_by_label("Année", exact=True).select_option(str(timezone.localdate().year))
    page.get_by_role("button", name="Afficher").click()
    page.get_by_role("link", name="Fixer l'objectif de Toit Partagé du Rhône").click()
    page.get_by_label("Nouveaux logements à capter").fill("8")
    shot("3-objectif")
    page.get_by_role("button", name="Enregistrer l'objectif").click()
    page.get_by_text("est enregistré").wait_for()
    target = CaptationTarget.objects.get(organisation=operator)
    assert (target.new_dwellings, target.mandate_share_percent, target.set_by) == (8, 50, coordinator)
    line = (
        page.get_by_test_id("objectifs-table")
        .get_by_role("row")
        .filter(has_text="Toit Partagé du Rhône")
        .first
    )
    assert line.get_by_role("cell").all_inner_texts()[:3] == ["8", "2", "25,0\u00a0%"]
    shot("4-objectifs")
    page.goto(f"{live_server.url}/captation/besoins/")
    assert "Ménages en attente et offre par typologie" in page.content()


def test_a_local_authority_downloads_its_territory_for_the_steering_committee(
    live_server, page, shot, tmp_path
):
    authority = OrganisationFactory(
        kind=OrganisationKind.LOCAL_AUTHORITY, name="Grand Chambéry", head_office_department_id="73"
    )
    authority.territory_epcis.add("200069110")
    year = timezone.localdate().year
    operator = OrganisationFactory(name="Toit Savoie", head_office_department_id="73")
    DwellingFactory(organisation=operator, commune_id="73065", entry_date=date(year - 1, 4, 1))
    user = MembershipFactory(organisation=authority, role=Role.READ_ONLY).user

    login(page, live_server, user.email)
    page.get_by_role("link", name="Mon territoire").first.click()
    today = timezone.localdate()  # opens on the current year, its park counted today
    assert (
        f"Logements dans le parc au {today:%d/%m/%Y}" in page.get_by_test_id("territoire-parc").inner_text()
    )
    page.get_by_label("Année", exact=True).select_option(str(year - 1))
    page.get_by_role("button", name="Afficher").click()
    parc = page.get_by_test_id("territoire-parc")
    assert "Logements entrés dans le parc IML" in parc.inner_text()
    shot("1-mon-territoire")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le PDF pour le comité de pilotage").click()
    path = tmp_path / "territoire.pdf"
    download.value.save_as(path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert f"Mon territoire {year - 1} — Grand Chambéry" in text
    assert "Logements dans le parc au 31/12" in text
