"""Under the Content-Security-Policy (no 'unsafe-inline'), the main pages, the bilan and its charts, the
two-step login of a coordinator and the admin site run in Chromium without a single violation."""

import time
from datetime import date

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from clef.organisations.models import Role
from clef.referential.models import ExitScheme
from tests.factories.accounts import UserFactory
from tests.factories.dwellings import DwellingFactory
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory
from tests.transactional import REGISTER_APPS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)]

PASSWORD = "mot-de-passe-solide-2026"

# Reported by the page itself (securitypolicyviolation events, kept in window.__csp) and by Chromium's
# console ("Refused to apply inline style…").
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


@pytest.fixture
def watched(page):
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(LISTEN)

    def violations() -> list[str]:
        reported = page.evaluate("window.__csp || []")
        refused = [text for text in console if "Content Security Policy" in text or "Refused to" in text]
        return reported + refused

    page.violations = violations
    return page


def visit(page, url: str) -> None:
    response = page.goto(url)
    assert response.status == 200, url
    assert "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()}
    page.wait_for_load_state("networkidle")
    assert page.violations() == [], url


def login(page, live_server, email, *, go=True):
    if go:
        page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_role("textbox", name="Adresse électronique").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state("networkidle")


def test_operator_pages_run_without_any_csp_violation(live_server, watched, shot):
    operator = OrganisationFactory(name="Toit Partagé du Rhône", head_office_department_id="69")
    dwelling = DwellingFactory(organisation=operator, entry_date=date(2020, 1, 1))
    stay = StayFactory(household__organisation=operator, dwelling=dwelling, entry_date=date(2023, 1, 1))
    user = MembershipFactory(organisation=operator, role=Role.DIRECTOR).user

    visit(watched, f"{live_server.url}/compte/connexion/")
    login(watched, live_server, user.email)
    assert watched.violations() == []
    for path in (
        "/",
        "/logements/",
        f"/logements/{dwelling.pk}/",
        "/logements/nouveau/",
        "/menages/",
        f"/menages/{stay.household_id}/",
        f"/menages/{stay.household_id}/modifier/",
        "/menages/nouveau/",
        "/bilan/?annee=2024",
        "/compte/securite/",
        "/compte/securite/activer/",
    ):
        visit(watched, f"{live_server.url}{path}")
    # The household form's script (adding a member) still works under the policy.
    watched.goto(f"{live_server.url}/menages/nouveau/")
    watched.get_by_role("button", name="Ajouter une personne").click()
    watched.locator("#id_membres-1-first_name").wait_for()
    # The DSFR menu (its JavaScript) opens on a narrow screen.
    watched.set_viewport_size({"width": 500, "height": 900})
    watched.get_by_role("button", name="Menu").click()
    watched.get_by_role("navigation", name="Menu principal").wait_for()
    assert watched.violations() == []
    shot("menu-mobile")


def test_coordinator_two_step_login_and_bilan_charts_without_any_csp_violation(
    live_server, watched, shot, settings
):
    settings.OTP_ENFORCED = True
    for department in ("69", "38"):
        operator = OrganisationFactory(head_office_department_id=department)
        for n in range(6):
            stay = StayFactory(household__organisation=operator, entry_date=date(2022, 1 + n, 1))
            if n % 2:
                stay.__class__.objects.filter(pk=stay.pk).update(
                    exit_date=date(2024, 5, 1), destination="parc_social"
                )
        HouseholdFactory(organisation=operator)
    state = OrganisationFactory(state=True, region_id="84")
    user = MembershipFactory(organisation=state, role=Role.STATE_COORDINATOR).user

    login(watched, live_server, user.email)
    assert "/compte/securite/activer/" in watched.url
    assert watched.violations() == []
    assert watched.locator("img.clef-qr-code").evaluate("img => img.naturalWidth") > 0
    shot("1-activation")
    device = TOTPDevice.objects.get(user=user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    watched.get_by_label("Code de vérification").fill(f"{totp.token():06d}")
    watched.get_by_role("button", name="Activer").click()
    watched.get_by_test_id("codes-de-secours").wait_for()
    shot("2-codes-de-secours")
    watched.get_by_role("link", name="J'ai noté mes codes, continuer").click()

    visit(watched, f"{live_server.url}/bilan/?annee=2024")
    # Drawn in the browser by the State's chart components (@gouvfr/dsfr-chart), under the same policy.
    charts = watched.locator(".clef-chart canvas")
    charts.first.wait_for()
    assert charts.count() >= 3
    shot("3-bilan-graphiques")
    visit(watched, f"{live_server.url}/collectes/")
    assert watched.violations() == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_admin_site_runs_without_any_csp_violation(live_server, watched, shot, settings):
    settings.OTP_ENFORCED = True
    admin = UserFactory(is_staff=True, is_superuser=True, email="admin@clef.test")
    device = TOTPDevice.objects.create(user=admin, name="Application d'authentification", confirmed=True)

    users = f"{live_server.url}/admin/accounts/user/"
    watched.goto(users)
    assert watched.violations() == []
    assert "/compte/connexion/?next=/admin/accounts/user/" in watched.url
    login(watched, live_server, admin.email, go=False)
    assert "/compte/verification/" in watched.url
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    watched.get_by_label("Code de vérification").fill(f"{totp.token():06d}")
    watched.get_by_role("button", name="Vérifier").click()
    watched.wait_for_url(users)
    assert watched.violations() == []
    organisation = MembershipFactory(user=admin).organisation  # a row in the table of members
    scheme = ExitScheme.objects.first()
    for path in (
        "/admin/",
        "/admin/accounts/user/",
        f"/admin/accounts/user/{admin.pk}/change/",
        "/admin/accounts/user/add/",
        "/admin/organisations/organisation/",
        f"/admin/organisations/organisation/{organisation.pk}/change/",
        "/admin/territories/commune/?q=lyon",
        "/admin/referential/exitscheme/",
        f"/admin/referential/exitscheme/{scheme.pk}/change/",
        "/admin/territories/commune/69383/change/",
    ):
        visit(watched, f"{live_server.url}{path}")
    # The commune's search box (select2), opened with its results: no select of 35 000 communes.
    watched.locator("#select2-id_parent-container").click()
    watched.locator(".select2-search__field").fill("lyon")
    watched.locator(".select2-results__option", has_text="Lyon").first.wait_for()
    assert watched.locator("select#id_parent option").count() <= 2  # the empty choice and the chosen one
    assert watched.violations() == []
    shot("admin")
