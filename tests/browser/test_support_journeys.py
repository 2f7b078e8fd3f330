"""Browser journey of the support delegated to a partner (issue 8 §4-5, the Entre2Toits arrangement):
the managing operator's director entrusts the support to a partner structure; the partner's social worker
finds the household among those shared with it, records an interview and writes a note; the managing
operator's rental manager and director see that support exists, by whom and its cadence, never the note
(the notes page answers 403); the partner's director finds the note read in the access log. axe-core
checks every page (fixture `page`)."""

from datetime import date

import pytest
from django.apps import apps
from django.utils import timezone

from clef.organisations.models import Role, Share
from clef.support.models import Appointment, RelayResource, SupportNote
from clef.support.seed import seed_relay_resources
from tests.browser.test_journeys import login
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory
from tests.transactional import REGISTER_APPS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)]

NOTE = "Entretien au bureau : Mme Traoré souhaite travailler un plan d'apurement avec la CAF."


def _switch(page, live_server, email):
    page.context.clear_cookies()
    login(page, live_server, email)


def test_the_partners_note_is_not_read_by_the_managing_operator(live_server, page, shot):
    owner = OrganisationFactory(name="Toit Partagé du Rhône")
    partner = OrganisationFactory(name="Clé Solidaire de l'Isère", head_office_department_id="38")
    household = HouseholdFactory(
        organisation=owner, reference__first_name="Aminata", reference__last_name="Traoré"
    )
    StayFactory(household=household, entry_date=date(2024, 3, 1))
    director = MembershipFactory(organisation=owner, role=Role.DIRECTOR).user
    manager = MembershipFactory(organisation=owner, role=Role.RENTAL_MANAGER).user
    worker = MembershipFactory(organisation=partner, role=Role.SOCIAL_WORKER).user
    partner_director = MembershipFactory(organisation=partner, role=Role.DIRECTOR).user
    today = timezone.localdate()

    # 1. The managing operator's director entrusts the support to the partner.
    login(page, live_server, director.email)
    page.goto(f"{live_server.url}{household.get_absolute_url()}")
    page.get_by_role("link", name="Structure partenaire").click()
    page.select_option("#id_partner", label="Clé Solidaire de l'Isère")
    page.fill("#id_starts_on", today.isoformat())
    page.fill("#id_reason", "Convention de partenariat 2026")
    shot("1-confier-accompagnement")
    page.get_by_role("button", name="Confier l'accompagnement").click()
    page.get_by_text("L'accompagnement est confié à la structure partenaire.").wait_for()
    assert Share.objects.get().access == Share.Access.SUPPORT

    # 2. The partner's social worker finds the household shared with its structure, meets it, writes a note.
    _switch(page, live_server, worker.email)
    page.get_by_role("link", name="Ménages", exact=True).click()
    page.get_by_test_id("menages-partages").get_by_role("link").first.click()
    page.get_by_role("link", name="Enregistrer un rendez-vous").click()
    page.fill("#id_held_on", today.isoformat())
    page.select_option("#id_kind", "entretien")
    page.fill("#id_other_attendees", "Le ménage")
    page.get_by_role("button", name="Enregistrer le rendez-vous").click()
    page.get_by_text("Le rendez-vous est enregistré.").wait_for()
    page.get_by_test_id("panneau-accompagnement").get_by_role("link", name="Notes").click()
    page.fill("#id_text", NOTE)
    page.get_by_role("button", name="Enregistrer la note").click()
    page.get_by_text("La note est enregistrée.").wait_for()
    assert NOTE in page.get_by_test_id("note").first.inner_text()
    shot("2-note-du-partenaire")
    assert SupportNote.objects.get().organisation == partner and Appointment.objects.count() == 1

    # 3. The managing operator's rental manager and director: support exists, by whom, cadence; no note.
    for user, step in ((manager, "3-gestionnaire"), (director, "4-direction")):
        _switch(page, live_server, user.email)
        page.goto(f"{live_server.url}{household.get_absolute_url()}")
        panel = page.get_by_test_id("panneau-accompagnement")
        panel.scroll_into_view_if_needed()
        shot(step)
        text = panel.inner_text()
        assert "Clé Solidaire de l'Isère" in text and "structure partenaire" in text
        assert f"Dernière rencontre : {today:%d/%m/%Y}" in page.get_by_test_id("rythme").inner_text()
        assert "plan d'apurement" not in page.content()
        response = page.goto(f"{live_server.url}/menages/{household.pk}/accompagnement/notes/")
        assert response.status == 403
        assert "plan d'apurement" not in page.content()

    # 4. The partner's director reads, in the access log, that the note was read (and by whom).
    _switch(page, live_server, partner_director.email)
    page.goto(f"{live_server.url}/journal/consultations/")
    shot("5-journal-des-consultations")
    assert "Note d'accompagnement" in page.content()


def test_the_social_worker_follows_the_support_of_a_household(live_server, page, shot):
    """Consent, home visit, agreement with objectives, review, relay orientation and its outcome, the
    relay directory with a local entry, the overdue list: every support page, checked by axe-core."""
    if not RelayResource.objects.filter(organisation=None).exists():  # emptied by an earlier journey
        seed_relay_resources(apps, None)
    operator = OrganisationFactory(name="Toit Partagé du Rhône")
    household = HouseholdFactory(
        organisation=operator, reference__first_name="Awa", reference__last_name="Diallo"
    )
    StayFactory(household=household, entry_date=date(2024, 3, 1))
    late = HouseholdFactory(
        organisation=operator, reference__first_name="Paul", reference__last_name="Martin"
    )
    StayFactory(household=late, entry_date=date(2024, 3, 1))
    worker = MembershipFactory(organisation=operator, role=Role.SOCIAL_WORKER).user
    today = timezone.localdate().isoformat()
    login(page, live_server, worker.email)
    page.goto(f"{live_server.url}{household.get_absolute_url()}")

    page.get_by_role("link", name="Accord pour les visites à domicile").click()
    page.fill("#id_on", today)
    page.get_by_role("button", name="Enregistrer l'accord du ménage").click()
    page.get_by_text("L'accord du ménage est enregistré.").wait_for()

    page.get_by_role("link", name="Enregistrer un rendez-vous").click()
    page.fill("#id_held_on", today)
    page.select_option("#id_kind", "visite_domicile")
    page.fill("#id_other_attendees", "Le ménage")
    page.fill("#id_note", "Logement bien tenu.")
    page.get_by_role("button", name="Enregistrer le rendez-vous").click()
    page.get_by_text("Le rendez-vous est enregistré.").wait_for()

    page.get_by_role("link", name="Contrat et objectifs").click()
    page.select_option("#id_intensity", "renforcee")
    page.select_option("#id_objectifs-0-domain", "budget")
    page.fill("#id_objectifs-0-text", "Mettre en place un plan d'apurement")
    page.select_option("#id_objectifs-1-domain", "sante")
    page.fill("#id_objectifs-1-text", "Trouver un médecin traitant")
    shot("1-contrat")
    page.get_by_role("button", name="Enregistrer le contrat").click()
    page.get_by_text("Le contrat d'accompagnement est enregistré.").wait_for()
    assert "Trouver un médecin traitant" in page.get_by_test_id("objectifs").inner_text()

    page.get_by_role("link", name="Ajouter un bilan").click()
    page.fill("#id_summary", "Premier bilan : budget en cours.")
    page.get_by_role("button", name="Enregistrer le bilan").click()
    page.get_by_text("Le bilan est enregistré.").wait_for()

    page.get_by_role("link", name="Orientations vers un relais").click()
    page.select_option("#id_resource", label="Psycom")
    page.fill("#id_oriented_on", today)
    page.get_by_role("button", name="Enregistrer l'orientation").click()
    page.get_by_text("L'orientation est enregistrée.").wait_for()
    orientation = page.get_by_test_id("orientation").first
    orientation.get_by_label("Suite", exact=True).select_option("effective")
    orientation.get_by_label("Suite connue le").fill(today)
    orientation.get_by_role("button", name="Enregistrer la suite").click()
    page.get_by_text("La suite de l'orientation est enregistrée.").wait_for()
    shot("2-relais")

    page.get_by_role("link", name="Relais", exact=True).click()
    page.get_by_role("link", name="Ajouter une ressource de votre territoire").click()
    page.fill("#id_name", "CMP de Villeurbanne")
    page.select_option("#id_category", "sante_mentale")
    page.get_by_role("button", name="Ajouter la ressource").click()
    page.get_by_text("La ressource est ajoutée").wait_for()
    assert "CMP de Villeurbanne" in page.get_by_test_id("annuaire").inner_text()
    shot("3-annuaire")

    page.goto(f"{live_server.url}/accompagnement/retards/")
    rows = page.get_by_test_id("retards-rencontres").inner_text()
    assert "Paul MARTIN" in rows and "Awa" not in rows
    shot("4-retards")
