"""Browser journeys of the IML meeting (axe-core on every page, tests/browser/conftest.py): the director
sets a practice, prepares the monthly meeting, records a decision and downloads the agenda as a PDF; a
social worker finds what is due in « À faire » and opens it."""

import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from clef.agenda.models import AgendaItem
from clef.dwellings.enums import ManagementMode
from clef.occupancy import services
from clef.organisations.models import PracticeSettings, Role
from tests.browser.test_journeys import login
from tests.factories.dwellings import DwellingFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory
from tests.transactional import REGISTER_APPS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)]


def _housed(operator, first_name: str, days_ago: int):
    dwelling = DwellingFactory(
        organisation=operator, management_mode=ManagementMode.SOUS_LOCATION, address="8 rue des Capucins"
    )
    return StayFactory(
        household__organisation=operator,
        household__reference__first_name=first_name,
        household__reference__last_name="Martin",
        dwelling=dwelling,
        entry_date=timezone.localdate() - timedelta(days=days_ago),
    )


def test_the_director_prepares_the_monthly_meeting_and_downloads_its_agenda(
    live_server, page, shot, tmp_path
):
    operator = OrganisationFactory(name="Toit Partagé du Rhône")
    user = MembershipFactory(organisation=operator, role=Role.DIRECTOR).user
    stay = _housed(operator, "Inès", 165)
    services.open_first_term(stay=stay, acting_user=user)  # ends in about 16 days

    login(page, live_server, user.email)
    page.get_by_role("link", name="Réunion IML").first.click()
    page.get_by_role("link", name="Pratiques de la structure (durées et rythmes utilisés)").click()
    page.get_by_label("Visite conjointe gestionnaire et travailleur social : fréquence (en mois)").fill("3")
    shot("1-pratiques")
    page.get_by_role("button", name="Enregistrer les pratiques").click()
    page.get_by_text("Les pratiques de la structure sont enregistrées.").wait_for()
    assert PracticeSettings.objects.get(organisation=operator).joint_visit_every_months == 3

    page.get_by_role("link", name="Réunion IML").first.click()
    page.get_by_role("button", name="Préparer l'ordre du jour").click()
    page.get_by_text("est prêt").wait_for()
    shot("2-ordre-du-jour")
    term = page.get_by_test_id("section-terms_due").get_by_test_id("point").first
    assert "Inès MARTIN" in term.inner_text()
    term.get_by_role("textbox").fill("Renouveler pour six mois ; revoir la demande de logement social.")
    term.get_by_role("button", name="Enregistrer la décision").click()
    page.get_by_text("La décision est enregistrée.").wait_for()
    shot("3-decision")
    item = AgendaItem.objects.get(section="terms_due")
    assert item.decision == "Renouveler pour six mois ; revoir la demande de logement social."
    assert item.decided_by == user

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger l'ordre du jour (PDF)").click()
    path = tmp_path / "ordre-du-jour.pdf"
    download.value.save_as(path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Périodes d'occupation arrivant à échéance (1)" in text
    assert "Renouveler pour six mois" in text and "Inès" in text


def test_a_social_worker_finds_what_is_due_and_opens_it(live_server, page, shot):
    operator = OrganisationFactory(name="Toit Partagé du Rhône")
    user = MembershipFactory(organisation=operator, role=Role.SOCIAL_WORKER).user
    stay = _housed(operator, "Malik", 40)

    login(page, live_server, user.email)
    block = page.get_by_test_id("a-faire")
    assert "Pas de demande de logement social active" in block.inner_text()
    shot("1-tableau-de-bord")
    page.get_by_role("link", name="À faire", exact=True).click()
    page.get_by_role("heading", name="À faire").wait_for()
    rows = page.get_by_test_id("todo")
    assert "Malik MARTIN" in rows.inner_text() and "Rencontre du ménage en retard" in rows.inner_text()
    shot("2-a-faire")
    rows.get_by_role("row").filter(has_text="Pas de demande").get_by_role("link").click()
    page.wait_for_url(f"{live_server.url}/menages/{stay.household_id}/demande-de-logement-social/")
    shot("3-demande")
