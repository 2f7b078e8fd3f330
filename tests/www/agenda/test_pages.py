"""The meeting pages: preparing, deciding (journal, stale form), the PDF agenda read back with pdftotext,
the access log of the households shown, « À faire » and the practice settings; exact query counts."""

import subprocess
from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape

from clef.agenda.models import AgendaItem, Meeting
from clef.journal.models import AccessLogEntry, JournalEntry
from clef.organisations.models import PracticeSettings, Role
from tests.conftest import member_client
from tests.factories.agenda import AgendaItemFactory, MeetingFactory
from tests.factories.households import HouseholdFactory
from tests.factories.orientation import AvailabilityFactory
from tests.factories.stays import StayFactory
from tests.www.queries import page_queries


def _decision_url(item):
    return reverse("www:meeting_item_decision", args=[item.meeting_id, item.pk])


def _decision(item, text, version):
    return {f"point-{item.pk}-decision": text, f"point-{item.pk}-version": str(version)}


@pytest.mark.django_db
def test_the_director_prepares_a_meeting_and_lands_on_its_agenda(director_client, operator):
    response = director_client.post(reverse("www:meeting_list"), {"held_on": "2026-11-05"})
    meeting = Meeting.objects.get(organisation=operator)
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.held_on == date(2026, 11, 5) and meeting.created_by == director_client.membership.user


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Indiquez la date"),
        ("2026-02-30", "date valide"),
        ("1850-01-01", "comprise entre"),
        # Regression: meetings were created on 01/01/1900 and 01/01/2099.
        ("1900-01-01", "comprise entre le 26/11/2025 et le 28/11/2027"),
        ("2099-01-01", "comprise entre le 26/11/2025 et le 28/11/2027"),
        ("2025-11-25", "un an avant ou après aujourd&#x27;hui"),
    ],
)
def test_a_bad_meeting_date_is_refused_with_a_french_message(director_client, value, message):
    response = director_client.post(reverse("www:meeting_list"), {"held_on": value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_a_decision_is_saved_and_shown(director_client, operator):
    item = AgendaItemFactory(meeting__organisation=operator)
    response = director_client.post(_decision_url(item), _decision(item, "Renouveler pour six mois.", 1))
    assert response.status_code == 302 and response["Location"].endswith(f"#point-{item.pk}")
    item.refresh_from_db()
    assert item.decision == "Renouveler pour six mois." and item.version == 2
    assert JournalEntry.objects.filter(content_type__model="agendaitem", object_id=item.pk).count() == 1
    page = director_client.get(item.meeting.get_absolute_url()).content.decode()
    assert "Décision : Renouveler pour six mois." in page


@pytest.mark.django_db
def test_a_decision_from_a_stale_form_is_refused_and_the_page_says_why(director_client, operator):
    item = AgendaItemFactory(meeting__organisation=operator)
    director_client.post(_decision_url(item), _decision(item, "Première.", 1))
    response = director_client.post(_decision_url(item), _decision(item, "Seconde.", 1))
    assert response.status_code == 400
    assert "a été modifié depuis" in response.content.decode()
    item.refresh_from_db()
    assert item.decision == "Première."
    assert f'name="point-{item.pk}-version" value="2"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "version", "message"),
    [
        ("x" * 1001, "1", "ne peut dépasser 1000"),
        ("a\x00b", "1", "caractère"),
        ("Oui", "", "rechargez la page"),
        ("Oui", "abc", "rechargez"),
    ],
)
def test_bad_decision_input_is_refused_without_error_page(director_client, operator, text, version, message):
    item = AgendaItemFactory(meeting__organisation=operator)
    response = director_client.post(_decision_url(item), _decision(item, text, version))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert AgendaItem.objects.get(pk=item.pk).decision == ""


@pytest.mark.django_db
def test_an_item_of_another_meeting_in_the_url_answers_404(director_client, operator):
    item = AgendaItemFactory(meeting__organisation=operator)
    other = MeetingFactory(organisation=operator, held_on=date(2026, 12, 3))
    url = reverse("www:meeting_item_decision", args=[other.pk, item.pk])
    assert director_client.post(url, _decision(item, "Oui", 1)).status_code == 404


@pytest.mark.django_db
def test_the_meeting_page_logs_the_households_shown(director_client, operator):
    meeting = MeetingFactory(organisation=operator)
    items = [AgendaItemFactory(meeting=meeting) for _ in range(2)]
    AgendaItemFactory(
        meeting=meeting, subject=items[0].household, section="autre"
    )  # the same household again
    director_client.get(meeting.get_absolute_url())
    rows = AccessLogEntry.objects.filter(context=AccessLogEntry.Context.REUNION)
    assert sorted(rows.values_list("household_id", flat=True)) == sorted(i.household_id for i in items)
    assert set(rows.values_list("subject_type", "subject_id")) == {("agenda.meeting", meeting.pk)}


@pytest.mark.django_db
def test_the_meeting_page_names_the_households_and_groups_by_section(director_client, operator):
    item = AgendaItemFactory(meeting__organisation=operator, section="overdue_meetings")
    AgendaItemFactory(meeting=item.meeting, section="terms_due", label="Période d'occupation n° 2")
    page = director_client.get(item.meeting.get_absolute_url()).content.decode()
    assert page.index("arrivant à échéance") < page.index("Rencontres du ménage en retard")
    assert str(item.household) in page
    # each decision field is named after its item (not a row of identical « Décision » labels)
    assert page.count(f"Décision — {escape(item.label)}") == 1
    assert page.count("Décision — " + escape("Période d'occupation n° 2")) == 1


# --- PDF ------------------------------------------------------------------------------------------------


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "ordre-du-jour.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


@pytest.mark.django_db
def test_the_pdf_agenda_lists_sections_households_and_decisions(director_client, operator, tmp_path):
    household = HouseholdFactory(
        organisation=operator, reference__first_name="Nadia", reference__last_name="Haddad"
    )
    item = AgendaItemFactory(
        meeting__organisation=operator, subject=household, section="terms_due", decided=True
    )
    AgendaItemFactory(meeting=item.meeting, section="slide_candidates", label="Glissement du bail possible")
    response = director_client.get(reverse("www:meeting_pdf", args=[item.meeting_id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="ordre-du-jour-2026-11-05.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content, tmp_path)
    assert "Ordre du jour — Réunion IML du 05/11/2026" in text
    assert "Périodes d'occupation arrivant à échéance (1)" in text
    assert "Glissements de bail possibles (1)" in text
    assert "Nadia HADDAD" in text and "30/11/2026" in text and "Renouveler pour six mois." in text
    assert text.index("Périodes d'occupation") < text.index("Glissements de bail")
    assert AccessLogEntry.objects.filter(context="reunion", household_id=household.pk).exists()


@pytest.mark.django_db
def test_a_long_unbroken_decision_stays_on_the_pdf_page(director_client, operator, tmp_path):
    """Regression: a 300-character decision without spaces ran off the page (cut in the PDF)."""
    decision = "".join(chr(ord("A") + i % 26) for i in range(300))
    item = AgendaItemFactory(
        meeting__organisation=operator, section="terms_due", label="Point", decided=True, decision=decision
    )
    response = director_client.get(reverse("www:meeting_pdf", args=[item.meeting_id]))
    text = _pdf_text(response.content, tmp_path)
    assert decision in "".join(text.split())  # every character printed, on several lines of its column


# --- Query counts ---------------------------------------------------------------------------------------

# session, user, membership, header's memberships, meeting, items (with who decided), households' names,
# access log insert
DETAIL_QUERIES = 8
# session, user, membership, header's memberships, meetings
LIST_QUERIES = 5


@pytest.mark.django_db
@pytest.mark.parametrize("items", [1, 8])
def test_the_meeting_page_runs_a_constant_number_of_queries(
    director_client, operator, django_assert_num_queries, items
):
    meeting = MeetingFactory(organisation=operator)
    for _ in range(items):
        AgendaItemFactory(meeting=meeting, decided=True)
    response = page_queries(
        director_client, meeting.get_absolute_url(), django_assert_num_queries, DETAIL_QUERIES
    )
    assert sum(len(section.items) for section in response.context["sections"]) == items


@pytest.mark.django_db
@pytest.mark.parametrize("meetings", [1, 5])
def test_the_meeting_list_runs_a_constant_number_of_queries(
    director_client, operator, django_assert_num_queries, meetings
):
    for day in range(meetings):
        MeetingFactory(organisation=operator, held_on=date(2026, 1, 1 + day))
    response = page_queries(
        director_client, reverse("www:meeting_list"), django_assert_num_queries, LIST_QUERIES
    )
    assert len(response.context["meetings"]) == meetings


# --- Practice settings ----------------------------------------------------------------------------------


def _practice(**changes):
    values = {
        "occupancy_term_months": 6,
        "occupancy_max_renewals": 2,
        "term_alert_days": 31,
        "demand_validity_months": 12,
        "demand_alert_days": 31,
        "meeting_every_months": 1,
        "joint_visit_every_months": 6,
        "slide_review_every_months": 6,
        "contract_alert_days": 180,
        "management_fee_percent": "7,00",
    }
    return {name: str(value) for name, value in (values | changes).items()}


@pytest.mark.django_db
def test_the_director_edits_the_practice_settings(director_client, operator):
    response = director_client.post(reverse("www:practice_settings"), _practice(joint_visit_every_months=3))
    assert response.status_code == 302
    assert PracticeSettings.objects.get(organisation=operator).joint_visit_every_months == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "value"),
    [("meeting_every_months", "0"), ("term_alert_days", "121"), ("occupancy_term_months", "six")],
)
def test_practice_values_out_of_bounds_are_refused(director_client, name, value):
    response = director_client.post(reverse("www:practice_settings"), _practice(**{name: value}))
    assert response.status_code == 400
    assert not PracticeSettings.objects.exists()


@pytest.mark.django_db
def test_practice_settings_changed_meanwhile_are_not_overwritten(director_client, operator):
    director_client.post(reverse("www:practice_settings"), _practice())
    seen = PracticeSettings.objects.get().updated_at.isoformat()
    director_client.post(reverse("www:practice_settings"), _practice(meeting_every_months=2) | {"seen": seen})
    response = director_client.post(
        reverse("www:practice_settings"), _practice(meeting_every_months=3) | {"seen": seen}
    )
    assert response.status_code == 400 and "modifiées depuis" in response.content.decode()
    assert PracticeSettings.objects.get().meeting_every_months == 2


@pytest.mark.django_db
def test_other_roles_read_the_practice_settings_with_their_reference_values(client, operator):
    reader = member_client(client, operator, Role.SOCIAL_WORKER)
    page = reader.get(reverse("www:practice_settings")).content.decode()
    assert "Seule la direction modifie ces valeurs." in page and "Valeur de référence : 6." in page
    assert "<form" not in page.split("<main")[1]
    # Regression: the cadence read « tous les … mois » then « 1 » (« tous les 1 mois »).
    assert "tous les 1 mois" not in page and "tous les … mois" not in page
    assert "<td>tous les mois</td>" in page and "Valeur de référence : tous les 6 mois." in page


# --- À faire ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_todo_page_and_the_dashboard_block_list_what_is_due(social_worker_client, operator):
    household = StayFactory(household__organisation=operator, entry_date=date(2025, 1, 1)).household
    page = social_worker_client.get(reverse("www:todo")).content.decode()
    assert "Pas de demande de logement social active (dans le dispositif depuis le 01/01/2025)" in page
    assert str(household) in page
    home = social_worker_client.get(reverse("www:home")).content.decode()
    assert 'data-testid="a-faire"' in home and "Pas de demande de logement social active" in home
    logged = AccessLogEntry.objects.filter(context="reunion", household_id=household.pk)
    assert logged.count() == 2  # the page and the dashboard block


# session, user, membership, header's memberships; the social worker's seven sections (one query each, plus
# the practice settings, read once for the five whose query function reads them: five queries before);
# households' names; access log
# Issue 10: the rental-management sections a social worker sees add one query each: housing benefits late
# or suspended, slides possible, litigation next steps.
A_FAIRE_PAGE_QUERIES = 4 + (7 + 1) + 2 + 3  # 21 before the practice settings were read once


@pytest.mark.django_db
@pytest.mark.parametrize("households", [1, 6])
def test_the_todo_page_runs_a_constant_number_of_queries(
    social_worker_client, operator, django_assert_num_queries, households
):
    for _ in range(households):
        StayFactory(household__organisation=operator, entry_date=date(2025, 1, 1))
    response = page_queries(
        social_worker_client, reverse("www:todo"), django_assert_num_queries, A_FAIRE_PAGE_QUERIES
    )
    assert len(response.context["names"]) == households


@pytest.mark.django_db
def test_a_siao_agent_s_todo_lists_the_dwellings_without_candidate(client, operator):
    availability = AvailabilityFactory(dwelling__organisation=operator, available_from=date(2026, 10, 1))
    agent = member_client(client, availability.siao, Role.SIAO_AGENT)
    page = agent.get(reverse("www:todo")).content.decode()
    assert "Logements mis à disposition sans proposition de candidat" in page
    assert f"par {operator.name} le 01/10/2026 sans candidat" in page
    assert reverse("www:availability_detail", args=[availability.pk]) in page
    home = agent.get(reverse("www:home")).content.decode()
    assert 'data-testid="a-faire"' in home and "sans candidat en cours" in home


@pytest.mark.django_db
def test_a_siao_agent_s_todo_names_no_household(client, operator):
    """Regression: « Emma NGUYEN — Demande de réorientation … » on the SIAO's « À faire »."""
    from tests.factories.orientation import ReorientationRequestFactory

    request = ReorientationRequestFactory(
        stay__household__organisation=operator,
        stay__household__reference__first_name="Emma",
        stay__household__reference__last_name="Nguyen",
    )
    agent = member_client(client, request.siao, Role.SIAO_AGENT)
    for url in (reverse("www:todo"), reverse("www:home")):
        page = agent.get(url).content.decode()
        assert f"Demande de réorientation n° {request.pk}" in page
        assert "NGUYEN" not in page.upper()


HUGE = "9" * 30


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        f"/reunion-iml/{HUGE}/",
        f"/reunion-iml/{HUGE}/ordre-du-jour.pdf",
        f"/reunion-iml/1/points/{HUGE}/decision/",
    ],
)
def test_an_id_beyond_the_database_range_answers_404(director_client, url):
    director_client.raise_request_exception = False
    assert director_client.get(url).status_code == 404
    assert director_client.post(url).status_code == 404


@pytest.mark.django_db
def test_a_version_beyond_the_database_range_is_refused_with_a_message(director_client, operator):
    item = AgendaItemFactory(meeting__organisation=operator)
    response = director_client.post(_decision_url(item), _decision(item, "Oui", HUGE))
    assert response.status_code == 400 and "rechargez la page" in response.content.decode()


@pytest.mark.django_db
def test_updating_the_agenda_adds_what_became_due_and_keeps_decisions(director_client, operator):
    first = StayFactory(household__organisation=operator, entry_date=date(2025, 1, 1)).household
    director_client.post(reverse("www:meeting_list"), {"held_on": "2026-11-05"})
    meeting = Meeting.objects.get()
    item = meeting.items.get(section="without_demand")
    director_client.post(_decision_url(item), _decision(item, "Déposer la demande ce mois-ci.", 1))
    second = StayFactory(household__organisation=operator, entry_date=date(2025, 2, 1)).household
    response = director_client.post(reverse("www:meeting_refresh", args=[meeting.pk]), follow=True)
    assert "les nouveaux points sont ajoutés" in response.content.decode()
    assert set(meeting.items.filter(section="without_demand").values_list("household_id", flat=True)) == {
        first.pk,
        second.pk,
    }
    assert meeting.items.get(pk=item.pk).decision == "Déposer la demande ce mois-ci."


@pytest.mark.django_db
def test_updating_the_agenda_while_the_database_is_busy_says_so(director_client, operator, monkeypatch):
    from clef.utils.writes import BUSY

    meeting = MeetingFactory(organisation=operator)

    def busy(**kwargs):
        raise BUSY

    monkeypatch.setattr("clef.www.agenda.views.prepare_meeting", busy)
    response = director_client.post(reverse("www:meeting_refresh", args=[meeting.pk]), follow=True)
    assert response.status_code == 200 and "la base de données est occupée" in response.content.decode()


@pytest.mark.django_db
def test_the_practice_page_reads_the_management_fee_in_french(director_client):
    response = director_client.get(reverse("www:practice_settings"))
    assert response.status_code == 200
    assert "Valeur de référence : 7,00 %" in response.content.decode()
