from datetime import date

import pytest

from clef.households.models import Household
from clef.organisations.models import Role
from clef.stays.models import Stay
from tests.factories.dwellings import DwellingFactory
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.transactional import REGISTER_APPS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)]

PASSWORD = "mot-de-passe-solide-2026"


def login(page, live_server, email):
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_role("textbox", name="Adresse électronique").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server.url}/")


def test_social_worker_houses_a_household_then_records_its_exit(live_server, page, shot):
    operator = OrganisationFactory(name="Toit Partagé du Rhône")
    DwellingFactory(organisation=operator, address="8 rue des Capucins", entry_date=date(2020, 1, 1))
    user = MembershipFactory(organisation=operator, role=Role.SOCIAL_WORKER).user

    login(page, live_server, user.email)
    shot("1-tableau-de-bord")
    page.get_by_role("link", name="Nouveau ménage").first.click()

    # Reference person, then a second member added with the button.
    page.fill("#id_membres-0-first_name", "Awa")
    page.fill("#id_membres-0-last_name", "Diallo")
    page.select_option("#id_membres-0-sex", "F")
    page.fill("#id_membres-0-birth_date", "1988-04-12")
    page.get_by_role("button", name="Ajouter une personne").click()
    page.fill("#id_membres-1-first_name", "Sami")
    page.fill("#id_membres-1-last_name", "Diallo")
    page.select_option("#id_membres-1-role", "enfant")
    page.select_option("#id_membres-1-sex", "M")
    page.fill("#id_membres-1-birth_date", "2016-09-01")
    page.select_option("#id_composition", "famille_monoparentale")
    page.select_option("#id_prior_situation", "hotel")
    page.locator("input[name='resources'][value='rsa']").check(force=True)
    shot("2-formulaire-menage")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Le ménage a été enregistré.").wait_for()
    household = Household.objects.get()
    assert household.members.count() == 2

    page.get_by_role("link", name="Entrée dans un logement").click()
    page.select_option("#id_dwelling", index=1)
    page.fill("#id_entry_date", "2025-01-15")
    page.get_by_role("button", name="Enregistrer l'entrée").click()
    page.get_by_text("L'entrée dans le logement est enregistrée.").wait_for()
    shot("3-menage-loge")

    page.get_by_role("link", name="Enregistrer la sortie").click()
    page.fill("#id_exit_date", "2025-10-31")
    page.select_option("#id_destination", "parc_social")
    page.locator("input[name='loss_unpaid_rent'][value='non']").check(force=True)
    page.locator("input[name='loss_damage'][value='non']").check(force=True)
    page.get_by_role("button", name="Enregistrer la sortie").click()
    page.get_by_text("La sortie du ménage est enregistrée.").wait_for()

    history = page.get_by_test_id("historique")
    history.scroll_into_view_if_needed()
    shot("4-historique")
    text = history.inner_text()
    assert "Accès au parc social (public)" in text
    assert "31/10/2025" in text
    assert "Awa" in text and "Sami" in text
    stay = Stay.objects.get()
    assert (stay.exit_date, stay.destination) == (date(2025, 10, 31), "parc_social")


def test_form_errors_are_summarised_and_focus_moves_to_the_summary(live_server, page, shot):
    operator = OrganisationFactory()
    user = MembershipFactory(organisation=operator, role=Role.DIRECTOR).user
    login(page, live_server, user.email)
    page.goto(f"{live_server.url}/logements/nouveau/")
    page.fill("#id_places", "0")
    page.get_by_role("button", name="Enregistrer").click()
    summary = page.locator("#resume-erreurs")
    summary.wait_for()
    assert summary.evaluate("el => el === document.activeElement")
    assert "La valeur du nombre de places doit être comprise entre 1 et 100." in summary.inner_text()
    # Keyboard: the summary link moves to the field.
    summary.get_by_role("link", name="places théoriques", exact=False).click()
    assert page.evaluate("document.activeElement.id") == "id_places"
    shot("erreurs")


def test_user_of_operator_a_gets_404_on_a_household_of_operator_b(live_server, page, shot):
    operator_a, operator_b = OrganisationFactory(name="Structure A"), OrganisationFactory(name="Structure B")
    user = MembershipFactory(organisation=operator_a, role=Role.DIRECTOR).user
    other_household = HouseholdFactory(organisation=operator_b)
    login(page, live_server, user.email)
    response = page.goto(f"{live_server.url}/menages/{other_household.pk}/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Page introuvable").is_visible()
    assert other_household.reference_person.last_name.upper() not in page.content()
    shot("404")
