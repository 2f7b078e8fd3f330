"""Browser journeys of captation (axe-core on every page, tests/browser/conftest.py): a captation officer
opens a lead for a new landlord and the dwelling offered, logs the visit and moves the lead to
« proposition »; then the landlord asks not to be contacted, and a call is refused with the rule's words."""

from datetime import date

import pytest
from django.utils import timezone

from clef.captation.enums import Stage
from clef.captation.models import Activity, Lead
from clef.organisations.models import Role
from tests.browser.test_journeys import login
from tests.factories.captation import LeadFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.transactional import REGISTER_APPS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)]


def test_an_officer_opens_a_lead_logs_a_visit_and_makes_a_proposal_then_honours_do_not_contact(
    live_server, page, shot
):
    operator = OrganisationFactory(name="Toit Partagé du Rhône")
    user = MembershipFactory(organisation=operator, role=Role.CAPTATION_OFFICER).user
    login(page, live_server, user.email)

    page.get_by_role("link", name="Captation", exact=True).first.click()
    page.get_by_test_id("tableau-captation").wait_for()
    shot("1-tableau")
    page.get_by_role("link", name="Nouveau dossier").click()
    page.locator("#id_dossier-origin").select_option("prospection")
    page.locator("#id_proprietaire-kind").select_option("particulier")
    page.locator("#id_proprietaire-name").fill("Durand")
    page.locator("#id_proprietaire-first_name").fill("Paul")
    page.locator("#id_proprietaire-phone").fill("04 72 00 00 00")
    page.locator("#id_logement-commune").fill("69383")
    page.locator("#id_logement-typology").select_option("T3")
    page.locator("#id_logement-surface_m2").fill("61,5")
    page.locator("#id_logement-rent_asked").fill("780")
    shot("2-nouveau-dossier")
    page.get_by_role("button", name="Ouvrir le dossier").click()
    page.get_by_text("Le dossier de captation est ouvert.").wait_for()
    lead = Lead.objects.get()
    assert str(lead.landlord) == "Paul Durand" and lead.offered_dwelling.typology == "T3"

    page.get_by_text("Enregistrer un échange").click()
    page.locator("#id_kind").select_option("visite")
    page.locator("#id_summary").fill("Visite du T3 : bon état, DPE D, propriétaire intéressé par le mandat.")
    page.get_by_role("button", name="Enregistrer l'échange").click()
    page.get_by_text("L'échange est enregistré.").wait_for()
    page.locator("#id_to_stage").select_option(Stage.PROPOSITION)
    page.get_by_role("button", name="Changer d'étape").click()
    page.get_by_text("Le dossier est passé à l'étape « Proposition ».").wait_for()
    shot("3-proposition")
    lead.refresh_from_db()
    assert lead.stage == Stage.PROPOSITION and Activity.objects.get().kind == "visite"
    assert "Étape 4 sur 5" in page.get_by_test_id("etapes").inner_text()
    page.get_by_role("link", name="Captation", exact=True).first.click()
    column = page.get_by_test_id("tableau-captation").locator("section", has_text="Proposition")
    assert "Paul Durand" in column.inner_text() and "T3, Lyon 3e Arrondissement" in column.inner_text()
    shot("3b-tableau")
    page.get_by_role("link", name="Paul Durand").first.click()
    page.get_by_role("heading", name=f"Dossier de captation n° {lead.pk}").wait_for()

    page.get_by_role("link", name="Paul Durand").first.click()
    form = page.locator("form", has=page.locator("#id_do_not_contact"))
    form.locator("label[for=id_do_not_contact]").click()
    form.locator("#id_on").fill(timezone.localdate().isoformat())
    form.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("ce propriétaire ne sera plus contacté").wait_for()
    shot("4-ne-pas-contacter")

    page.get_by_role("link", name=f"n° {lead.pk}").click()
    page.get_by_text("Enregistrer un échange").click()
    page.locator("#id_kind").select_option("appel")
    page.locator("#id_summary").fill("Relance téléphonique.")
    page.get_by_role("button", name="Enregistrer l'échange").click()
    since = timezone.localdate().strftime("%d/%m/%Y")
    page.locator(".fr-error-text, .fr-alert").filter(
        has_text=f"Ce propriétaire a demandé à ne pas être contacté (depuis le {since})."
    ).first.wait_for()
    shot("5-appel-refuse")
    assert Activity.objects.count() == 1


def test_an_overdue_card_wraps_its_next_action_as_text_at_1366_px(live_server, page, shot):
    """User trial: at 1366 px, the « En retard » badge and the next action were flex items, one word per
    line; the card text now wraps as text."""
    operator = OrganisationFactory(name="Toit Partagé du Rhône")
    user = MembershipFactory(organisation=operator, role=Role.CAPTATION_OFFICER).user
    LeadFactory(
        landlord__organisation=operator,
        next_action="Rappeler le propriétaire pour fixer la visite",
        next_action_on=date(2025, 1, 6),
    )
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, live_server, user.email)
    page.goto(f"{live_server.url}/captation/")
    detail = page.get_by_test_id("tableau-captation").locator(".fr-card__detail").first
    detail.wait_for()
    shot("carte-en-retard-1366")
    assert detail.evaluate("element => getComputedStyle(element).display") == "block"
    words = len(
        [
            "En",
            "retard",
            "Rappeler",
            "le",
            "propriétaire",
            "pour",
            "fixer",
            "la",
            "visite",
            "—",
            "le",
            "06/01/2025",
        ]
    )
    lines = detail.evaluate(
        "e => Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight))"
    )
    assert lines < words / 2, lines
