"""Browser journeys of conventions and contracts (axe-core on every page, tests/browser/conftest.py): a
lead at « visite » is signed as a main lease and its dwelling enters the park; a mandate is refused for
lack of a valid carte professionnelle (clear message, nothing created), then signed once the director has
recorded a card valid on that date."""

from datetime import date

import pytest
from django.utils import timezone

from clef.captation.enums import Stage
from clef.contracts.models import Contract
from clef.dwellings.enums import ManagementMode
from clef.dwellings.models import Dwelling
from clef.organisations.models import Role
from tests.browser.test_journeys import login
from tests.factories.captation import LeadFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.transactional import REGISTER_APPS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)]


def _lead(operator, **fields):
    return LeadFactory(
        landlord__organisation=operator,
        landlord__name="Durand",
        landlord__first_name="Paul",
        offered_dwelling__address="12 rue Duguesclin",
        stage=Stage.VISITE,
        **fields,
    )


def _fill_signing(page, today: str) -> None:
    page.locator("#id_contrat-signed_on").fill(today)
    page.locator("#id_contrat-starts_on").fill(today)
    page.locator("#id_logement-places").fill("2")


def test_a_lead_at_visite_is_signed_as_a_main_lease_and_enters_the_park(live_server, page, shot):
    operator = OrganisationFactory(name="Toit Partagé du Rhône")
    user = MembershipFactory(organisation=operator, role=Role.CAPTATION_OFFICER).user
    lead = _lead(operator)
    today = timezone.localdate().isoformat()

    login(page, live_server, user.email)
    page.goto(f"{live_server.url}/captation/dossiers/{lead.pk}/")
    page.get_by_role("link", name="Signer l'engagement").click()
    assert page.locator("#id_logement-address").input_value() == "12 rue Duguesclin"  # no retyping
    assert page.locator("#id_contrat-rent").input_value() == "620,00"
    _fill_signing(page, today)
    page.locator("label[for=id_contrat-glissement_clause]").click()
    shot("1-signer")
    page.get_by_role("button", name="Signer l'engagement").click()
    page.get_by_text("L'engagement est signé : le logement est entré dans le parc.").wait_for()
    panel = page.get_by_test_id("panneau-contrats")
    assert "Bail principal (location / sous-location) avec clause de glissement" in panel.inner_text()
    shot("2-logement-dans-le-parc")
    dwelling = Dwelling.objects.get()
    assert dwelling.is_in_park_on(timezone.localdate()) and dwelling.organisation == operator
    assert dwelling.management_mode == ManagementMode.BAIL_GLISSANT
    lead.refresh_from_db()
    assert lead.stage == Stage.ENGAGEMENT_SIGNE


def test_a_mandate_is_refused_without_a_valid_card_then_signed_once_the_director_records_it(
    live_server, page, shot
):
    operator = OrganisationFactory(name="Clé Solidaire de l'Isère")
    user = MembershipFactory(organisation=operator, role=Role.DIRECTOR).user
    lead = _lead(operator, preferred_mode=ManagementMode.MANDAT_GESTION)
    today = timezone.localdate()

    login(page, live_server, user.email)
    page.goto(f"{live_server.url}/captation/dossiers/{lead.pk}/signer/")
    assert page.locator("input[name='contrat-kind'][value='mandat_gestion']").is_checked()
    _fill_signing(page, today.isoformat())
    page.get_by_role("button", name="Signer l'engagement").click()
    message = (
        f"Clé Solidaire de l'Isère n'a pas de carte professionnelle valide au {today:%d/%m/%Y} : un mandat de "
        "gestion ne peut pas être signé."
    )
    page.get_by_text(message).first.wait_for()
    shot("1-mandat-refuse")
    assert not Dwelling.objects.exists() and not Contract.objects.exists()

    page.goto(f"{live_server.url}/contrats/")
    assert "n'a pas de carte professionnelle enregistrée" in page.get_by_test_id("carte-pro").inner_text()
    page.get_by_role("link", name="Renseigner la carte professionnelle").click()
    page.locator("label[for=id_has_carte_professionnelle]").click()
    page.locator("#id_carte_pro_number").fill("CPI 3801 2026 000 007")
    page.locator("#id_carte_pro_issued_on").fill(date(today.year, 1, 1).isoformat())
    page.locator("#id_carte_pro_expiry").fill(date(today.year + 3, 1, 1).isoformat())
    shot("2-carte")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("La carte professionnelle est enregistrée.").wait_for()
    assert "a une carte professionnelle valide aujourd" in page.get_by_test_id("carte-pro").inner_text()
    shot("3-carte-valide")

    page.goto(f"{live_server.url}/captation/dossiers/{lead.pk}/signer/")
    _fill_signing(page, today.isoformat())
    page.get_by_role("button", name="Signer l'engagement").click()
    page.get_by_text("L'engagement est signé : le logement est entré dans le parc.").wait_for()
    shot("4-mandat-signe")
    contract = Contract.objects.get()
    assert contract.dwelling.management_mode == ManagementMode.MANDAT_GESTION
    assert contract.fee_percent == 7
