"""Browser journey of the funding page (axe-core on every page, tests/browser/conftest.py): the DREETS
coordinator enters an operator's subsidy (a bad amount refused in French, the typed values kept), reads the
table and the chart of the cost per person-day beside the 6 € reference, downloads the XLSX; an operator's
director sees only its own line (clef.funding.perms: an operator's direction reads its own structure)."""

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from clef.funding.models import Subsidy
from clef.journal.models import JournalEntry
from clef.organisations.models import Role
from tests.browser.test_journeys import login
from tests.factories.funding import SubsidyFactory
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory
from tests.transactional import REGISTER_APPS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)]

YEAR = 2025


def _row(page, name: str) -> str:
    return page.get_by_test_id("financement-table").get_by_role("row", name=name).inner_text()


def test_the_dreets_enters_a_subsidy_reads_the_chart_and_downloads_the_xlsx(live_server, page, shot):
    rhone = OrganisationFactory(name="Toit Partagé du Rhône")
    isere = OrganisationFactory(name="Clé Solidaire de l'Isère", head_office_department_id="38")
    StayFactory(household=HouseholdFactory(organisation=rhone, couple=True))  # 730 person-days in 2025
    StayFactory(household=HouseholdFactory(organisation=isere))  # 365 person-days in 2025
    SubsidyFactory(organisation=rhone, year=YEAR)  # 100 000 €
    coordinator = MembershipFactory(organisation=OrganisationFactory(state=True), role=Role.STATE_COORDINATOR)
    director = MembershipFactory(organisation=rhone, role=Role.DIRECTOR).user

    # The DREETS coordinator enters Clé Solidaire's subsidy; a bad amount is refused, what was typed kept.
    login(page, live_server, coordinator.user.email)
    page.get_by_role("link", name="Financement").click()
    page.get_by_role("heading", name=f"Financement de la mesure {YEAR}").wait_for()
    page.get_by_role("link", name="Saisir la subvention de Clé Solidaire de l'Isère").click()
    page.get_by_label("Part captation (€)").fill("20000")
    page.get_by_label("Part gestion locative adaptée (€)").fill("dix mille")
    page.get_by_label("Part accompagnement (€)").fill("6500")
    page.get_by_role("button", name="Enregistrer la subvention").click()
    page.get_by_text("Saisissez un montant en euros, par exemple 12500,50.").first.wait_for()
    assert page.get_by_label("Part captation (€)").input_value() == "20000"
    assert page.get_by_label("Part gestion locative adaptée (€)").input_value() == "dix mille"
    assert not Subsidy.objects.filter(organisation=isere).exists()
    shot("1-montant-refuse")
    page.get_by_label("Part gestion locative adaptée (€)").fill("10000")
    page.get_by_role("button", name="Enregistrer la subvention").click()
    page.get_by_text(f"La subvention {YEAR} de Clé Solidaire de l'Isère est enregistrée.").wait_for()
    subsidy = Subsidy.objects.get(organisation=isere, year=YEAR)
    assert subsidy.total == Decimal("36500") and subsidy.entered_by == coordinator.user
    assert JournalEntry.objects.filter(
        organisation=isere, object_id=subsidy.pk, action=JournalEntry.Action.CREATE
    ).exists()

    # The table: each operator's subsidy, days and cost per person-day; the reference cost beside it.
    assert "36\u202f500,00\u00a0€" in _row(page, "Clé Solidaire de l'Isère")
    assert "100,00\u00a0€" in _row(page, "Clé Solidaire de l'Isère")  # 36 500 / 365
    assert "136,99\u00a0€" in _row(page, "Toit Partagé du Rhône")  # 100 000 / 730
    assert "6,00\u00a0€" in page.locator("main").inner_text()
    # The chart (dsfr-chart) is drawn: both operators, each beside the reference.
    chart = page.get_by_test_id("graphique-financement")
    chart.locator("canvas").first.wait_for()
    assert chart.locator("canvas").evaluate("c => c.width * c.height") > 0
    drawn = chart.locator("bar-chart")
    assert "Toit Partagé du Rhône" in drawn.get_attribute("x") and "Clé Solidaire" in drawn.get_attribute("x")
    observed, reference = json.loads(drawn.get_attribute("y"))
    assert sorted(observed) == [100.0, 136.99] and reference == [6.0, 6.0]
    shot("2-tableau-et-graphique")

    # The XLSX carries the same figures.
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel (XLSX)").click()
    assert download.value.suggested_filename == f"financement-iml-{YEAR}.xlsx"
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active  # a name without .xlsx
    lines = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert lines["Clé Solidaire de l'Isère"][4] == 36500 and lines["Clé Solidaire de l'Isère"][8] == 100
    assert lines["Toit Partagé du Rhône"][8] == 136.99

    # Toit Partagé's director sees its own line only (and may enter its own subsidy, not another's).
    page.context.clear_cookies()
    login(page, live_server, director.email)
    page.get_by_role("link", name="Financement").click()
    page.get_by_role("heading", name=f"Financement de la mesure {YEAR}").wait_for()
    table = page.get_by_test_id("financement-table").inner_text()
    assert "Toit Partagé du Rhône" in table and "Clé Solidaire" not in table
    assert "Clé Solidaire" not in page.get_by_test_id("graphique-financement").locator(
        "bar-chart"
    ).get_attribute("x")
    assert page.get_by_role("link", name="Modifier la subvention de Toit Partagé du Rhône").count() == 1
    shot("3-direction-sa-ligne")
