"""Browser journeys of occupancy (axe-core on every page, tests/browser/conftest.py): a renewal of the
occupancy term from the list of terms due; a lease slide after a favourable readiness review."""

from datetime import timedelta

import pytest
from django.utils import timezone

from clef.dwellings.enums import DwellingExitReason, ManagementMode
from clef.occupancy import services
from clef.occupancy.enums import TermDecision
from clef.occupancy.models import LeaseSlide
from clef.organisations.models import Role
from clef.stays.enums import Destination
from tests.browser.test_journeys import login
from tests.factories.dwellings import DwellingFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory
from tests.transactional import REGISTER_APPS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)]


def _housed(operator, mode: str, days_ago: int, first_name: str):
    dwelling = DwellingFactory(organisation=operator, management_mode=mode, address="8 rue des Capucins")
    entry = timezone.localdate() - timedelta(days=days_ago)
    return StayFactory(
        household__organisation=operator,
        household__reference__first_name=first_name,
        household__reference__last_name="Martin",
        dwelling=dwelling,
        entry_date=entry,
    )


def test_a_social_worker_renews_an_occupancy_term(live_server, page, shot):
    operator = OrganisationFactory(name="Toit Partagé du Rhône")
    user = MembershipFactory(organisation=operator, role=Role.SOCIAL_WORKER).user
    stay = _housed(operator, ManagementMode.SOUS_LOCATION, 165, "Inès")
    services.open_first_term(stay=stay, acting_user=user)  # ends in about 16 days

    login(page, live_server, user.email)
    page.goto(f"{live_server.url}/menages/")
    page.get_by_role("link", name="Échéances d'occupation").click()
    shot("1-echeances")
    page.get_by_role("link", name="Inès MARTIN").click()
    page.get_by_text("Échéance dans").first.wait_for()
    shot("2-fiche-alerte")
    page.get_by_role("link", name="Renouveler la période n° 1").click()
    page.get_by_text("La nouvelle période irait du").wait_for()
    shot("3-renouvellement")
    page.get_by_role("button", name="Renouveler").click()
    page.get_by_text("Le renouvellement est enregistré.").wait_for()
    shot("4-renouvele")
    terms = list(stay.occupancy_terms.order_by("number").values_list("number", "decision"))
    assert terms == [(1, TermDecision.RENEWED), (2, TermDecision.PENDING)]
    assert page.get_by_role("cell", name="Période n° 2 (renouvellement n° 1)", exact=True).is_visible()


def test_a_director_slides_the_lease_after_a_favourable_commission(live_server, page, shot):
    operator = OrganisationFactory(name="Toit Partagé du Rhône")
    user = MembershipFactory(organisation=operator, role=Role.DIRECTOR).user
    stay = _housed(operator, ManagementMode.BAIL_GLISSANT, 400, "Yanis")
    services.open_first_term(stay=stay, acting_user=user)
    today = timezone.localdate().isoformat()

    login(page, live_server, user.email)
    page.goto(f"{live_server.url}/menages/{stay.household_id}/")
    page.get_by_role("link", name="Faire un point sur le glissement").click()
    page.fill("#id_reviewed_on", today)
    page.locator("input[name='outcome'][value='pret']").check(force=True)
    page.select_option("#id_commission_decision", "favorable")
    page.fill("#id_commission_on", today)
    page.fill("#id_notes", "Plan d'apurement respecté depuis trois mois.")
    shot("1-point-glissement")
    page.get_by_role("button", name="Enregistrer le point").click()
    page.get_by_text("Le point sur le glissement du bail est enregistré.").wait_for()
    page.get_by_role("link", name="Glisser le bail").click()
    page.get_by_text("le ménage reste dans le même logement").wait_for()
    shot("2-glisser-le-bail")
    page.fill("#id_slid_on", today)
    page.get_by_role("button", name="Glisser le bail").click()
    page.get_by_text("Le bail a glissé").wait_for()
    shot("3-bail-glisse")
    assert page.get_by_test_id("bail-glisse").is_visible()
    stay.refresh_from_db()
    stay.dwelling.refresh_from_db()
    assert stay.destination == Destination.MAINTIEN_GLISSEMENT_BAIL
    assert stay.dwelling.exit_reason == DwellingExitReason.GLISSEMENT_BAIL
    assert LeaseSlide.objects.filter(stay=stay).exists()
