"""The bilan page in Chromium (issue 7 §6, §7): the charts are drawn by the State's chart components, under
the Content-Security-Policy without a violation, with French numbers even in an English browser; each
chart's data table opens from its accordion; axe-core finds no serious or critical violation (the
server-drawn SVG charts had `svg-img-alt` on every chart); a PDF report is asked, followed and offered."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from clef.organisations.models import Role
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory
from tests.transactional import REGISTER_APPS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)]

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "mot-de-passe-solide-2026"
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || ""));
});
"""
AXE_RUN = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
  .filter((v) => ["serious", "critical"].includes(v.impact))
  .map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`)"""


@pytest.fixture
def english_page(browser):
    """An English browser: the page, not the browser, decides how numbers are written."""
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(20_000)
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(WATCH)
    page.add_init_script(path=str(AXE))  # init scripts are not subject to the page's CSP
    page.console = console
    yield page
    context.close()


def test_bilan_charts_in_an_english_browser(live_server, english_page):
    operator = OrganisationFactory(name="Toit Partagé du Rhône", head_office_department_id="69")
    for n in range(14):
        StayFactory(
            household__organisation=operator,
            entry_date=date(2022, 1 + n % 12, 1),
            exit_date=date(2024, 5, 1) if n % 2 else None,
            destination="parc_social" if n % 2 else "",
        )
    user = MembershipFactory(organisation=operator, role=Role.DIRECTOR).user
    page = english_page
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_role("textbox", name="Adresse électronique").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state("networkidle")

    page.goto(f"{live_server.url}/bilan/?annee=2024")
    page.wait_for_load_state("networkidle")
    canvases = page.locator(".clef-chart canvas")
    canvases.first.wait_for()
    assert canvases.count() >= 6
    assert all(size > 0 for size in canvases.evaluate_all("cs => cs.map((c) => c.width * c.height)"))
    # Hovering a chart shows its tooltip (a style attribute, allowed by style-src-attr): no violation.
    box = canvases.first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)
    # Chart.js writes its axes with Intl.NumberFormat and no locale: French on this French page.
    assert page.evaluate("new Intl.NumberFormat().format(1500.5)") == "1\u202f500,5"
    # The data table, the accessible alternative, opens under its chart.
    page.get_by_role("button", name=re.compile("Données du graphique « Destinations à la sortie »")).click()
    table = page.get_by_role("table", name="Destinations à la sortie")
    table.wait_for()
    assert "Accès au parc social (public)" in table.inner_text() and "100,0" in table.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "bilan-graphiques-dsfr-chart.png"), full_page=True)
    for section in ("parc", "modes", "menages"):
        page.locator(f"#{section}").screenshot(path=str(ARTIFACTS / f"bilan-graphiques-{section}.png"))
    violations = page.evaluate("window.__csp") + [t for t in page.console if "Content Security Policy" in t]
    assert violations == []
    assert page.evaluate(AXE_RUN) == []

    # The PDF report: asked from the page, followed on its own page (the worker is not running here).
    page.get_by_role("button", name="Préparer le rapport PDF").click()
    page.wait_for_url(re.compile(r"/bilan/rapports/\d+/$"))
    assert page.get_by_role("status").inner_text().startswith("En attente")
    assert page.evaluate(AXE_RUN) == []
