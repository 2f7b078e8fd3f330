"""The captation pages: what they show, what they refuse (same words as the rules), the access log, and a
constant number of queries whatever the number of records."""

import html
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clef.captation import services
from clef.captation.enums import ActivityKind, Origin, Stage
from clef.captation.models import Activity, Landlord, Lead, OfferedDwelling
from clef.journal.models import AccessLogEntry
from clef.organisations.models import Role
from tests.conftest import member_client
from tests.factories.captation import ActivityFactory, LandlordContactFactory, LeadFactory, StageChangeFactory
from tests.factories.dwellings import DwellingFactory

pytestmark = pytest.mark.django_db
REFUSAL = "Ce propriétaire a demandé à ne pas être contacté (depuis le 15/01/2026)."

BOARD_QUERIES = 9  # session, user, membership and the context's, the leads (one query), the access log
LIST_QUERIES = 10
LEAD_QUERIES = 11
LANDLORD_QUERIES = 13


def text_of(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def officer(client, operator):
    return member_client(client, operator, Role.CAPTATION_OFFICER)


def leads(operator, count):
    for _ in range(count):
        lead = LeadFactory(
            landlord__organisation=operator, next_action="Rappeler", next_action_on=date(2026, 3, 1)
        )
        StageChangeFactory(lead=lead)
        ActivityFactory(lead=lead)


@pytest.mark.parametrize("count", [1, 6])
def test_board_queries_are_constant(officer, operator, django_assert_num_queries, count):
    leads(operator, count)
    with django_assert_num_queries(BOARD_QUERIES):
        response = officer.get(reverse("www:captation_board"))
    assert response.status_code == 200
    assert text_of(response).count("Rappeler") == count


@pytest.mark.parametrize("count", [1, 6])
def test_board_as_a_list_queries_are_constant(officer, operator, django_assert_num_queries, count):
    leads(operator, count)
    with django_assert_num_queries(BOARD_QUERIES):
        response = officer.get(reverse("www:captation_board"), {"vue": "liste", "origin": Origin.PROSPECTION})
    assert text_of(response).count("En retard") == count


@pytest.mark.parametrize("count", [1, 6])
def test_landlord_list_queries_are_constant(officer, operator, django_assert_num_queries, count):
    leads(operator, count)
    with django_assert_num_queries(LIST_QUERIES):
        officer.get(reverse("www:landlord_list"), {"q": "Bailleur"})


@pytest.mark.parametrize("count", [1, 5])
def test_lead_page_queries_are_constant_and_logged(officer, operator, django_assert_num_queries, count):
    lead = LeadFactory(landlord__organisation=operator)
    for _ in range(count):
        StageChangeFactory(lead=lead)
        ActivityFactory(lead=lead)
    with django_assert_num_queries(LEAD_QUERIES):
        response = officer.get(lead.get_absolute_url())
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.context, entry.subject_type, entry.subject_id) == (
        "proprietaire",
        "captation.landlord",
        lead.landlord_id,
    )
    assert entry.household_id is None


@pytest.mark.parametrize("count", [1, 5])
def test_landlord_page_queries_are_constant_and_logged(officer, operator, django_assert_num_queries, count):
    landlord = Landlord.objects.create(organisation=operator, kind="sci", name="SCI Les Tilleuls")
    for _ in range(count):
        LandlordContactFactory(landlord=landlord)
        LeadFactory(landlord=landlord)
    with django_assert_num_queries(LANDLORD_QUERIES):
        response = officer.get(landlord.get_absolute_url())
    assert response.status_code == 200
    assert AccessLogEntry.objects.filter(context="proprietaire", subject_id=landlord.pk).count() == 1


def test_open_a_lead_with_a_new_landlord_and_dwelling(officer, operator):
    url = reverse("www:lead_create")
    page = officer.get(url)
    once = page.context["once"]
    response = officer.post(
        url,
        {
            once.field: once.token,
            "dossier-origin": Origin.PROSPECTION,
            "proprietaire-kind": "particulier",
            "proprietaire-name": "Durand",
            "proprietaire-first_name": "Paul",
            "logement-commune": "69383",
            "logement-typology": "T3",
            "logement-surface_m2": "61,5",
            "logement-rent_asked": "780",
        },
    )
    lead = Lead.objects.get()
    assert response.status_code == 302 and response["Location"] == lead.get_absolute_url()
    assert str(lead.landlord) == "Paul Durand" and lead.offered_dwelling.surface_m2 == 61.5


def test_open_a_lead_for_a_known_landlord_without_dwelling(officer, operator):
    landlord = Landlord.objects.create(organisation=operator, kind="particulier", name="Martin")
    page = officer.get(reverse("www:lead_create"), {"proprietaire": landlord.pk})
    once = page.context["once"]
    response = officer.post(
        reverse("www:lead_create"),
        {once.field: once.token, "dossier-landlord": landlord.pk, "dossier-origin": "reseau"},
    )
    assert response.status_code == 302
    assert Lead.objects.get().landlord == landlord and not OfferedDwelling.objects.exists()


def test_opening_a_lead_for_a_landlord_who_asked_not_to_be_contacted_is_refused(officer, operator):
    landlord = Landlord.objects.create(
        organisation=operator,
        kind="particulier",
        name="Martin",
        do_not_contact=True,
        do_not_contact_since=date(2026, 1, 15),
    )
    page = officer.get(reverse("www:lead_create"))
    once = page.context["once"]
    response = officer.post(
        reverse("www:lead_create"),
        {once.field: once.token, "dossier-landlord": landlord.pk, "dossier-origin": "reseau"},
    )
    assert response.status_code == 400 and REFUSAL in text_of(response)
    assert not Lead.objects.exists()


def test_bad_input_gets_french_messages_not_a_server_error(officer, operator):
    page = officer.get(reverse("www:lead_create"))
    once = page.context["once"]
    response = officer.post(
        reverse("www:lead_create"),
        {
            once.field: once.token,
            "dossier-origin": "radio",
            "proprietaire-name": "x" * 300,
            "logement-surface_m2": "abc",
        },
    )
    text = text_of(response)
    assert response.status_code == 400
    assert "Indiquez comment ce propriétaire est arrivé." in text or "Sélectionnez un choix valide" in text
    assert not Lead.objects.exists()


def test_a_call_is_refused_on_the_page_with_the_rules_words(officer, operator):
    lead = LeadFactory(landlord__organisation=operator, landlord__not_to_contact=True)
    response = officer.post(
        reverse("www:lead_activity", args=[lead.pk]),
        {"kind": ActivityKind.APPEL, "on": "2026-03-02", "summary": "Appel"},
    )
    assert response.status_code == 400 and REFUSAL in text_of(response)
    assert not Activity.objects.exists()


def test_moving_a_lead_and_a_stale_form(officer, operator):
    lead = LeadFactory(landlord__organisation=operator, stage_since=date(2026, 1, 1))
    url = reverse("www:lead_move", args=[lead.pk])
    today = timezone.localdate().isoformat()
    assert officer.post(url, {"to_stage": Stage.VISITE, "on": today, "version": "1"}).status_code == 302
    stale = officer.post(url, {"to_stage": Stage.PROPOSITION, "on": today, "version": "1"})
    assert stale.status_code == 400 and "a été modifié depuis l'ouverture" in text_of(stale)
    lead.refresh_from_db()
    assert lead.stage == Stage.VISITE


def test_do_not_contact_toggle_on_the_landlord_page(officer, operator):
    lead = LeadFactory(landlord__organisation=operator, with_next_action=True)
    url = reverse("www:landlord_do_not_contact", args=[lead.landlord_id])
    missing = officer.post(url, {"do_not_contact": "on", "version": "1"})
    assert missing.status_code == 400 and "depuis quand" in text_of(missing)
    assert officer.post(url, {"do_not_contact": "on", "on": "2026-01-15", "version": "1"}).status_code == 302
    lead.refresh_from_db()
    assert lead.landlord.do_not_contact and lead.next_action == ""
    page = officer.get(lead.get_absolute_url()).content.decode()
    assert REFUSAL in page


def test_a_recaptation_lead_shows_the_dwelling_that_left_and_why(officer, operator):
    dwelling = DwellingFactory(organisation=operator, out_of_park=True)
    lead = services.open_recaptation(
        dwelling=dwelling, landlord=None, reason="reprise_proprietaire", on=date(2023, 12, 31)
    )
    page = officer.get(lead.get_absolute_url()).content.decode()
    assert "sorti du parc le 31/12/2023 : reprise par le propriétaire" in page
    assert "Renseigner le propriétaire" in page


def test_indicators_show_the_conversion_table_and_chart(officer, operator):
    lead = LeadFactory(landlord__organisation=operator)
    StageChangeFactory(lead=lead, to_stage=Stage.PROSPECT, on=date(2026, 1, 1))
    StageChangeFactory(lead=lead, from_stage=Stage.PROSPECT, to_stage=Stage.VISITE, on=date(2026, 1, 11))
    response = officer.get(reverse("www:captation_indicators"), {"year": "2026"})
    text = text_of(response)
    assert response.status_code == 200 and 'data-testid="graphique-conversion"' in text
    assert "100,0 %" in text and "10,0" in text


def test_a_bad_year_is_a_french_message(officer):
    response = officer.get(reverse("www:captation_indicators"), {"year": "99999"})
    assert response.status_code == 400 and "L'année doit être comprise entre 1900 et 2100." in text_of(
        response
    )


def test_campaigns_page_creates_and_counts(officer, operator):
    response = officer.post(
        reverse("www:captation_campaigns"),
        {
            "kind": "newsletter",
            "name": "Lettre de printemps",
            "started_on": "2026-03-01",
            "ended_on": "2026-02-01",
        },
    )
    assert response.status_code == 400 and "La fin ne peut pas précéder le début." in text_of(response)
    response = officer.post(
        reverse("www:captation_campaigns"),
        {"kind": "newsletter", "name": "Lettre de printemps", "started_on": "2026-03-01"},
    )
    assert response.status_code == 302
    assert (
        "Lettre de printemps"
        in officer.get(reverse("www:captation_campaigns"), {"year": "2026"}).content.decode()
    )


def test_the_document_of_an_exchange_is_downloaded_and_logged(officer, operator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    lead = LeadFactory(landlord__organisation=operator)
    activity = services.log_activity(
        lead=lead,
        kind="document",
        on=date(2026, 3, 2),
        summary="DPE",
        document=SimpleUploadedFile("d.pdf", b"%PDF-1"),
        acting_user=None,
    )
    response = officer.get(reverse("www:activity_document", args=[activity.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1"
    assert AccessLogEntry.objects.filter(subject_type="captation.activity", subject_id=activity.pk).exists()
    response.close()  # last: closing the response ends the request (its database connection on PostgreSQL)


def test_the_board_shows_overdue_actions_in_red(officer, operator):
    LeadFactory(
        landlord__organisation=operator,
        next_action="Rappeler",
        next_action_on=timezone.localdate() - timedelta(days=1),
    )
    assert "fr-badge--error" in officer.get(reverse("www:captation_board")).content.decode()


CAMPAIGNS_QUERIES = 12
INDICATORS_QUERIES = 10


@pytest.mark.parametrize("count", [1, 4])
def test_campaigns_page_queries_are_constant(officer, operator, django_assert_num_queries, count):
    from tests.factories.captation import CampaignFactory

    for _ in range(count):
        campaign = CampaignFactory(organisation=operator, started_on=date(2026, 1, 1))
        lead = LeadFactory(landlord__organisation=operator, origin=Origin.CAMPAGNE, campaign=campaign)
        StageChangeFactory(lead=lead, on=date(2026, 1, 5))
    with django_assert_num_queries(CAMPAIGNS_QUERIES):
        response = officer.get(reverse("www:captation_campaigns"), {"year": "2026"})
    assert text_of(response).count("Lettre aux propriétaires") == count


@pytest.mark.parametrize("count", [1, 4])
def test_indicators_page_queries_are_constant(officer, operator, django_assert_num_queries, count):
    for _ in range(count):
        lead = LeadFactory(landlord__organisation=operator)
        StageChangeFactory(lead=lead, on=date(2026, 1, 1))
        StageChangeFactory(lead=lead, from_stage=Stage.PROSPECT, to_stage=Stage.VISITE, on=date(2026, 1, 3))
    with django_assert_num_queries(INDICATORS_QUERIES):
        officer.get(reverse("www:captation_indicators"), {"year": "2026"})
