"""Browser journeys of the owners' desk (axe-core on every page, the public ones included):
(a) an owner proposes a dwelling on the public page → routed to the rule's operator → the operator takes
it in charge → the lead is in its pipeline → « visite » → signed as a mandate → the dwelling is in the
park, and the owner's follow page says so;
(b) a request not taken in charge in time comes back to the animator, who confides it to another
operator."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from clef.captation.enums import Stage
from clef.dwellings.enums import ManagementMode
from clef.dwellings.models import Dwelling
from clef.guichet import services
from clef.guichet.enums import Outcome, Status
from clef.guichet.models import OwnerRequest
from clef.organisations.models import Role
from tests.browser.test_journeys import login
from tests.factories.guichet import (
    DeskFactory,
    OwnerRequestFactory,
    PlatformFactory,
    RoutingRuleFactory,
    RoutingTargetFactory,
)
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.transactional import REGISTER_APPS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)]


def _desk_with_rule(*operators):
    desk = DeskFactory(platform=PlatformFactory(name="ADIL 73 — Louer Solidaire"), slug="louer-solidaire")
    animator = MembershipFactory(organisation=desk.platform, role=Role.CAPTATION_OFFICER)
    desk.animator = animator.user
    desk.save()
    rule = RoutingRuleFactory(desk=desk)
    for position, operator in enumerate(operators, start=1):
        RoutingTargetFactory(rule=rule, operator=operator, position=position)
    return desk, animator.user


def _operator_with_card(name):
    return OrganisationFactory(
        name=name,
        head_office_department_id="73",
        has_carte_professionnelle=True,
        carte_pro_number="CPI 7301 2024 000 000 123",
        carte_pro_issued_on=date(2024, 1, 10),
        carte_pro_expiry=date(2027, 1, 9),
    )


def test_an_owner_proposal_becomes_a_dwelling_of_the_park(live_server, page, shot):
    operator = _operator_with_card("Savoie Logement Solidaire")
    desk, _ = _desk_with_rule(operator)
    officer = MembershipFactory(organisation=operator, role=Role.CAPTATION_OFFICER).user

    # The owner, on the public page (no login).
    page.goto(f"{live_server.url}/proprietaires/{desk.slug}/")
    shot("1-formulaire-public")
    page.select_option("#id_commune", "73065")
    page.select_option("#id_typology", "T2")
    page.fill("#id_surface_m2", "42,5")
    page.fill("#id_rent_asked", "560")
    page.fill("#id_available_from", (timezone.localdate() + timedelta(days=30)).isoformat())
    page.locator("input[name='preferred_mode'][value='mandat_gestion']").check(force=True)
    page.fill("#id_first_name", "Hélène")
    page.fill("#id_last_name", "Martin")
    page.fill("#id_email", "helene.martin@example.org")
    page.fill("#id_phone", "06 12 34 56 78")
    page.locator("#id_consent").check(force=True)
    page.get_by_role("button", name="Envoyer ma proposition").click()
    page.get_by_text("Merci, votre proposition est envoyée").wait_for()
    shot("2-merci")
    request = OwnerRequest.objects.get()
    assert (request.status, request.assigned_operator) == (Status.CONFIEE, operator)
    link = re.search(r"https?://\S+/proprietaires/suivi/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_text("confiée à une structure").wait_for()

    # The operator takes it in charge: the lead opens in its pipeline.
    login(page, live_server, officer.email)
    page.goto(f"{live_server.url}/guichet/recues/")
    shot("3-demandes-recues")
    page.get_by_role("button", name=f"Prendre en charge la demande n° {request.pk}").click()
    page.get_by_text("La demande est prise en charge").wait_for()
    request.refresh_from_db()
    lead = request.lead
    assert lead.landlord.email == "helene.martin@example.org" and lead.offered_dwelling.surface_m2 == 42.5

    # « Visite », then the mandate is signed from the lead (CONTRACTS' signing page).
    page.select_option("#id_to_stage", Stage.VISITE)
    page.get_by_role("button", name="Changer d'étape").click()
    page.get_by_role("link", name="Signer l'engagement").click()
    page.locator("input[name='contrat-kind'][value='mandat_gestion']").check(force=True)
    today = timezone.localdate().isoformat()
    page.fill("#id_contrat-signed_on", today)
    page.fill("#id_contrat-starts_on", today)
    page.fill("#id_contrat-charges", "40")
    page.fill("#id_logement-address", "12 rue de Boigne")
    page.fill("#id_logement-places", "2")
    shot("4-signature")
    page.get_by_role("button", name="Signer l'engagement").click()
    page.wait_for_load_state("load")
    errors = page.locator("#resume-erreurs")
    assert not errors.count(), errors.inner_text()
    page.wait_for_url(re.compile(r"/logements/\d+/"))
    shot("5-logement-dans-le-parc")
    dwelling = Dwelling.objects.get(organisation=operator)
    assert (dwelling.management_mode, dwelling.surface_m2, dwelling.commune_id) == (
        ManagementMode.MANDAT_GESTION,
        42.5,
        "73065",
    )

    # The owner's follow page: captured, and who manages it.
    page.goto(link)
    page.get_by_text("Votre logement est entré dans le dispositif").wait_for()
    assert operator.name in page.get_by_test_id("statut").inner_text()
    shot("6-suivi-proprietaire")
    request.refresh_from_db()
    assert (request.status, request.outcome) == (Status.CLOSE, Outcome.CAPTEE)


def test_a_request_not_taken_in_time_returns_and_is_confided_again(live_server, page, shot):
    late = OrganisationFactory(name="Structure en retard", head_office_department_id="73")
    other = OrganisationFactory(name="Structure disponible", head_office_department_id="73")
    desk, animator = _desk_with_rule(late)
    today = timezone.localdate()
    request = OwnerRequestFactory(desk=desk, email="proprio@example.org")
    request = services.assign(
        request=request, operator=late, acting_user=animator, today=today - timedelta(days=10)
    )
    assert request.acknowledge_by < today  # the deadline passed (5 days by default)

    login(page, live_server, animator.email)
    page.get_by_role("link", name="Guichet propriétaires").click()
    row = page.get_by_test_id("demandes").get_by_role("row").filter(has_text=f"Demande n° {request.pk}")
    assert "revenue au guichet" in row.inner_text().lower()
    shot("1-demande-revenue")
    row.get_by_role("link").click()
    assert "Revenue au guichet" in page.get_by_test_id("historique").inner_text()
    page.select_option("#id_operator", str(other.pk))
    page.get_by_role("button", name="Confier la demande").click()
    page.get_by_text("La demande est confiée à « Structure disponible »").wait_for()
    shot("2-confiee-a-nouveau")
    request.refresh_from_db()
    assert (request.status, request.assigned_operator) == (Status.CONFIEE, other)

    page.goto(f"{live_server.url}/guichet/")
    page.get_by_role("link", name="Règles de répartition").click()
    page.get_by_test_id("regles").wait_for()
    page.get_by_role("link", name="Paramètres").click()
    page.get_by_role("button", name="Enregistrer").wait_for()
    shot("3-parametres")
