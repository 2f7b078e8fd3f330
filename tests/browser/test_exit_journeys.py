"""Browser journey of the guided exit (issue 8 §6-7): a social worker makes the « prêt à sortir » point,
records the exit with the household's word, the relay and four perspectives; the director completes the
funder's; the assessment shows where the perspectives disagree; a solicitation after the exit is
recorded and counted. axe-core checks every page (fixture `page`)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from clef.exits.models import ExitAssessment, Solicitation
from clef.organisations.models import Role
from clef.stays.models import Stay
from tests.browser.test_journeys import login
from tests.factories.dwellings import DwellingFactory
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory
from tests.transactional import REGISTER_APPS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)]


def _set(box) -> None:
    """Check a DSFR box or radio (the input is visually hidden behind its label). Under load the page's
    scripts may still be starting when the first click lands and the state does not change: the user then
    clicks the label, as one would."""
    try:
        box.check(force=True)
    except PlaywrightError:
        box.page.locator(f"label[for='{box.get_attribute('id')}']").click()
    assert box.is_checked()


def _check(page, name: str, value: str) -> None:
    _set(page.locator(f"input[name='{name}'][value='{value}']"))


def _tick(page, name: str) -> None:
    _set(page.locator(f"input[name='{name}']"))


def test_a_guided_exit_seen_from_five_perspectives(live_server, page, shot):
    operator = OrganisationFactory(name="Toit Partagé du Rhône")
    dwelling = DwellingFactory(
        organisation=operator, address="8 rue des Capucins", entry_date=date(2020, 1, 1)
    )
    household = HouseholdFactory(organisation=operator)
    StayFactory(household=household, dwelling=dwelling, entry_date=date(2024, 3, 1))
    worker = MembershipFactory(organisation=operator, role=Role.SOCIAL_WORKER).user
    director = MembershipFactory(organisation=operator, role=Role.DIRECTOR).user
    exit_day = timezone.localdate() - timedelta(days=20)

    login(page, live_server, worker.email)
    page.goto(f"{live_server.url}/menages/{household.pk}/")
    page.get_by_role("link", name="Faire le point « prêt à sortir »").click()
    for name in ("resources_stabilised", "housing_identified", "debts_settled"):
        _tick(page, name)
    shot("1-pret-a-sortir")
    page.get_by_role("button", name="Enregistrer le point").click()
    page.get_by_text("Le point « prêt à sortir » est enregistré.").wait_for()
    # The badge's capitals come from the DSFR stylesheet (text-transform): compared without case, so that a
    # page read before its stylesheet is applied (a loaded machine) says the same.
    assert "fait ressources stabilisées" in page.get_by_test_id("pret-a-sortir").inner_text().lower()

    page.get_by_role("link", name="Sortie accompagnée").click()
    _tick(page, "pret-relay_established")
    _tick(page, "pret-knows_whom_to_call")
    page.fill("#id_sortie-exit_date", exit_day.isoformat())
    page.select_option("#id_sortie-destination", "parc_social")
    _check(page, "sortie-loss_unpaid_rent", "non")
    _check(page, "sortie-loss_damage", "non")
    # First try without the household's word: refused, in French, nothing ended.
    page.select_option("#id_parole-relay_kind", "travailleur_social_secteur")
    page.fill("#id_parole-relay_name", "MDS de Villeurbanne")
    page.get_by_role("button", name="Enregistrer la sortie accompagnée").click()
    page.get_by_text("Le formulaire contient des erreurs").wait_for()
    assert Stay.objects.get().exit_date is None
    _check(page, "parole-household_choice", "choisi")
    for code, criteria, judgement in [
        ("menage", ["choisi", "adapte", "temporalite"], "positive"),
        ("travailleur_social", ["pret", "relais"], "positive"),
        ("gestionnaire", ["relais_professionnels"], "mitigee"),
        ("structure", ["sans_sinistre", "delais_raisonnables", "sortie_anticipee"], "positive"),
    ]:
        for criterion in criteria:
            _check(page, f"pdv-{code}-criteria", criterion)
        _check(page, f"pdv-{code}-judgement", judgement)
    shot("2-sortie-accompagnee")
    page.get_by_role("button", name="Enregistrer la sortie accompagnée").click()
    page.get_by_text("La sortie accompagnée est enregistrée.").wait_for()
    summary = page.get_by_test_id("bilan-sortie")
    summary.scroll_into_view_if_needed()
    shot("3-bilan-quatre-points-de-vue")
    assert "Les points de vue divergent sur cette sortie." in summary.inner_text()
    assert "À compléter : Le financeur." in summary.inner_text()
    page.get_by_role("link", name="Enregistrer une sollicitation").click()
    page.select_option("#id_subject", "menace_impaye")
    page.fill("#id_minutes_spent", "30")
    page.get_by_role("button", name="Enregistrer la sollicitation").click()
    page.get_by_text("La sollicitation est enregistrée.").wait_for()
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url("**/compte/connexion/**")

    login(page, live_server, director.email)
    page.goto(f"{live_server.url}/menages/{household.pk}/")
    page.get_by_role("link", name="Compléter le bilan de sortie").click()
    for criterion in ("delai_respecte", "sans_sinistralite", "insertion_durable"):
        _check(page, "pdv-financeur-criteria", criterion)
    _check(page, "pdv-financeur-judgement", "positive")
    shot("4-point-de-vue-du-financeur")
    page.get_by_role("button", name="Enregistrer le bilan").click()
    page.get_by_text("Le bilan de sortie est enregistré.").wait_for()
    assert "À compléter" not in page.get_by_test_id("bilan-sortie").inner_text()
    page.goto(f"{live_server.url}/sollicitations-apres-sortie/")
    shot("5-sollicitations-par-annee")
    assert str(timezone.localdate().year) in page.get_by_test_id("par-annee").inner_text()

    assessment = ExitAssessment.objects.get()
    assert assessment.perspectives.count() == 5
    assert (assessment.stay.exit_date, assessment.household_choice) == (exit_day, "choisi")
    assert Solicitation.objects.get().minutes_spent == 30
