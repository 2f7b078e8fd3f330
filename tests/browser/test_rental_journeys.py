"""Browser journeys of the rent accounts (axe-core on every page, tests/browser/conftest.py): a rental
manager generates the month's calls, records the household's payment, sees the balance fall to zero and
downloads the month's receipt (its text checked); a social worker opens the household's page and sees the
balance but no owner figures."""

import subprocess
from datetime import date

import pytest
from django.utils import timezone

from clef.organisations.models import Role
from clef.rental import services
from tests.browser.test_journeys import login
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.rental import LeaseFactory
from tests.transactional import REGISTER_APPS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)]

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]  # fmt: skip


def test_a_rental_manager_calls_the_rent_records_a_payment_and_prints_the_receipt(
    live_server, page, shot, tmp_path
):
    operator = OrganisationFactory(name="Toit Partagé du Rhône")
    lease = LeaseFactory(stay__household__organisation=operator)
    today = timezone.localdate()
    month = f"{MONTHS[today.month - 1]} {today.year}"
    user = MembershipFactory(organisation=operator, role=Role.RENTAL_MANAGER).user
    login(page, live_server, user.email)

    page.goto(f"{live_server.url}/gestion-locative/")
    shot("1-gestion-locative")
    page.get_by_label("Mois des appels").select_option(f"{today:%Y-%m}")
    page.get_by_role("button", name="Générer les appels du mois").click()
    page.get_by_text(f"Appels de {month} : 3 écriture(s) passée(s) pour 1 ménage(s)").wait_for()
    page.get_by_role("button", name="Générer les appels du mois").click()
    page.get_by_text("3 écriture(s) déjà passée(s) n'ont pas été doublées").wait_for()
    shot("2-appels-generes")

    page.goto(f"{live_server.url}/gestion-locative/comptes/{lease.pk}/")
    assert page.get_by_test_id("solde").inner_text() == "650,00\u00a0€"
    page.get_by_label("Montant reçu (€)").fill("650,00")
    page.get_by_label("Reçu le").fill(today.isoformat())
    shot("3-paiement")
    page.get_by_role("button", name="Enregistrer le paiement").click()
    page.get_by_text("Le paiement est enregistré.").wait_for()
    assert page.get_by_test_id("solde").inner_text() == "0,00\u00a0€"
    shot("4-solde-a-zero")

    with page.expect_download() as download:
        page.get_by_test_id(f"quittance-{today:%Y-%m}").click()
    path = tmp_path / "quittance.pdf"
    download.value.save_as(path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert f"Quittance de loyer — {month}" in text
    assert "650,00" in text and lease.payment_reference in text


def test_a_social_worker_sees_the_balance_but_no_owner_figures(live_server, page, shot):
    operator = OrganisationFactory(name="Toit Partagé du Rhône")
    lease = LeaseFactory(stay__household__organisation=operator)
    services.generate_calls(operator, date(2026, 3, 1), None)
    user = MembershipFactory(organisation=operator, role=Role.SOCIAL_WORKER).user
    login(page, live_server, user.email)

    page.goto(f"{live_server.url}{lease.stay.household.get_absolute_url()}")
    page.get_by_test_id("compte-locatif").wait_for()
    assert page.get_by_test_id("panel-solde").inner_text() == "650,00\u00a0€"
    shot("1-fiche-menage")
    page.get_by_test_id("compte-locatif").get_by_role("link").click()
    page.get_by_test_id("solde").wait_for()
    content = page.content()
    assert "Loyer dû au propriétaire" not in content and "Compte du propriétaire" not in content
    assert page.get_by_role("button", name="Enregistrer le paiement").count() == 0
    shot("2-compte-lecture")


def test_a_rental_manager_pays_the_owner_within_what_is_owed(live_server, page, shot):
    """« Reverser au propriétaire » on the dwelling's owner account: more than owed is refused with the
    typed amount kept, the amount owed is recorded once and the account falls to zero."""
    operator = OrganisationFactory(name="Toit Partagé du Rhône")
    lease = LeaseFactory(stay__household__organisation=operator)
    today = timezone.localdate()
    services.generate_calls(operator, today, None)  # the owner's rent of the month: 650
    user = MembershipFactory(organisation=operator, role=Role.RENTAL_MANAGER).user
    login(page, live_server, user.email)

    page.goto(f"{live_server.url}/gestion-locative/logements/{lease.stay.dwelling_id}/")
    shot("1-compte-proprietaire")
    page.get_by_label("Contrat avec le propriétaire").select_option(str(lease.contract.pk))
    page.get_by_label("Montant versé (€)").fill("700,00")
    page.get_by_label("Versé le").fill(today.isoformat())
    page.get_by_role("button", name="Enregistrer le versement").click()
    page.get_by_text("Le versement ne peut pas dépasser ce qui est dû au propriétaire").first.wait_for()
    assert page.get_by_label("Montant versé (€)").input_value() == "700,00"
    shot("2-versement-refuse")
    page.get_by_label("Montant versé (€)").fill("650,00")
    page.get_by_role("button", name="Enregistrer le versement").click()
    page.get_by_text("Le versement au propriétaire est enregistré.").wait_for()
    assert "Versement au propriétaire" in page.get_by_test_id("compte-proprietaire").inner_text()
    shot("3-versement-enregistre")
