"""axe-core checks every page a browser journey visits (tests/browser/conftest.py); the main pages of
each role are visited here (the admin site's: test_security_headers.py, after its two-step login), and
the check itself is shown to catch a violation."""

from datetime import date

import pytest

from clef.campaigns.services import open_campaign
from clef.organisations.models import Role
from tests.factories.dwellings import DwellingFactory
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory
from tests.transactional import REGISTER_APPS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)]

PASSWORD = "mot-de-passe-solide-2026"
UNLABELLED_FIELD = (
    '<!doctype html><html lang="fr"><head><title>Essai</title></head>'
    "<body><main><h1>Essai</h1><form><input type=text name=nom></form></main></body></html>"
)


def test_a_page_left_by_the_journey_is_checked_and_its_violation_reported(live_server, page):
    page.route("**/essai-axe/", lambda route: route.fulfill(content_type="text/html", body=UNLABELLED_FIELD))
    page.goto(f"{live_server.url}/essai-axe/")
    page.goto(f"{live_server.url}/compte/connexion/")  # leaving the page waits for its check
    reported = [line for line in page.axe.violations() if "/essai-axe/" in line]
    assert len(reported) == 1 and "critical label" in reported[0] and "input" in reported[0]
    # Forget the test page so that the fixture's own verdict is the login page's.
    for id, url in list(page.axe.started.items()):
        if "/essai-axe/" in url:
            del page.axe.started[id], page.axe.reports[id]


def login(page, live_server, email) -> None:
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_role("textbox", name="Adresse électronique").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server.url}/")


def visit(page, live_server, *paths: str) -> None:
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path


def visit_main_menu(page, live_server) -> list[str]:
    """Every entry of the main menu of the signed-in role (its main pages)."""
    page.goto(f"{live_server.url}/")
    links = page.locator("#navigation a.fr-nav__link")
    paths = [links.nth(i).get_attribute("href") for i in range(links.count())]
    visit(page, live_server, *[path for path in paths if not path.startswith("/admin/")])
    return paths


@pytest.fixture
def operator_world():
    operator = OrganisationFactory(name="Toit Partagé du Rhône", head_office_department_id="69")
    dwelling = DwellingFactory(organisation=operator, entry_date=date(2020, 1, 1))
    free = DwellingFactory(organisation=operator, entry_date=date(2020, 1, 1))
    stay = StayFactory(household__organisation=operator, dwelling=dwelling, entry_date=date(2023, 1, 1))
    waiting = HouseholdFactory(organisation=operator)
    return {"operator": operator, "stay": stay, "free": free, "waiting": waiting}


def test_public_pages_are_accessible(live_server, page):
    visit(page, live_server, "/compte/connexion/", "/compte/mot-de-passe/oubli/")
    for name in ("Accessibilité : non conforme", "Mentions légales", "Données personnelles"):
        page.locator("#footer").get_by_role("link", name=name).click()
        page.get_by_role("heading", level=1).wait_for()
    assert page.goto(f"{live_server.url}/page-qui-n-existe-pas/").status == 404


def test_director_main_pages_are_accessible(live_server, page, operator_world):
    stay, household = operator_world["stay"], operator_world["stay"].household
    user = MembershipFactory(organisation=operator_world["operator"], role=Role.DIRECTOR).user
    login(page, live_server, user.email)
    menu = visit_main_menu(page, live_server)
    assert {"/logements/", "/menages/", "/echanges/import/"} <= set(menu)
    visit(
        page,
        live_server,
        f"/logements/{stay.dwelling_id}/",
        "/logements/nouveau/",
        f"/logements/{stay.dwelling_id}/modifier/",
        f"/menages/{household.pk}/",
        f"/menages/{household.pk}/modifier/",
        f"/sejours/{stay.pk}/sortie/",
        f"/sejours/{stay.pk}/changement-de-logement/",
        f"/menages/{operator_world['waiting'].pk}/entree/",
        "/compte/securite/",
        "/compte/securite/activer/",
        "/journal/",
        f"/journal/consultations/?household={household.pk}",
    )
    # A form with errors: its summary and the fields in error.
    page.goto(f"{live_server.url}/logements/nouveau/")
    page.fill("#id_places", "0")
    page.get_by_role("button", name="Enregistrer").click()
    page.locator("#resume-erreurs").wait_for()


def test_social_worker_main_pages_are_accessible(live_server, page, operator_world):
    user = MembershipFactory(organisation=operator_world["operator"], role=Role.SOCIAL_WORKER).user
    login(page, live_server, user.email)
    assert "/menages/" in visit_main_menu(page, live_server)
    visit(page, live_server, "/menages/nouveau/")
    page.get_by_role("button", name="Ajouter une personne").click()
    page.get_by_role("button", name="Enregistrer").click()
    page.locator("#resume-erreurs").wait_for()


def test_siao_main_pages_are_accessible(live_server, page, operator_world):
    siao = OrganisationFactory(siao=True, head_office_department_id="69")
    user = MembershipFactory(organisation=siao, role=Role.SIAO_AGENT).user
    login(page, live_server, user.email)
    visit_main_menu(page, live_server)


def test_state_coordinator_main_pages_are_accessible(live_server, page, operator_world):
    state = OrganisationFactory(state=True, region_id="84")
    user = MembershipFactory(organisation=state, role=Role.STATE_COORDINATOR).user
    campaign = open_campaign(
        year=2024, deadline=date(2025, 3, 31), acting_user=user, organisation=state, region=state.region
    )
    login(page, live_server, user.email)
    assert {"/bilan/", "/collectes/"} <= set(visit_main_menu(page, live_server))
    visit(page, live_server, "/bilan/?annee=2024", f"/collectes/{campaign.pk}/")
    declaration = campaign.declarations.first()
    if declaration is not None:
        visit(page, live_server, f"/declarations/{declaration.pk}/")
