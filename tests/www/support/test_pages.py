"""The support pages: the partner's notes unread by the managing operator, every note read in the access
log, the forms' writes and their French refusals, constant query counts, no note text in the logs."""

import logging
from datetime import date, timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from clef.journal.models import AccessLogEntry
from clef.organisations.models import Role, Share
from clef.support.enums import AppointmentKind
from clef.support.models import (
    Appointment,
    HomeVisitConsent,
    RelayOrientation,
    RelayResource,
    SupportAgreement,
)
from clef.www.support.panels import household_panel
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory
from tests.factories.support import (
    AppointmentFactory,
    HomeVisitConsentFactory,
    RelayResourceFactory,
    SupportAgreementFactory,
    SupportNoteFactory,
    SupportShareFactory,
)
from tests.www.queries import page_queries

pytestmark = pytest.mark.django_db

SECRET = "Le ménage confie des difficultés de santé mentale"


@pytest.fixture
def delegated():
    """A present household of the owner whose support a partner does (share in force)."""
    stay = StayFactory(entry_date=date(2024, 1, 1))
    share = SupportShareFactory(record=stay.household)
    SupportAgreementFactory(household=stay.household, support_organisation=share.partner, share=share)
    return stay.household, share.partner


def _login(client, organisation, role):
    membership = MembershipFactory(organisation=organisation, role=role)
    client.force_login(membership.user)
    return membership


def _url(name, household):
    return reverse(f"www:{name}", args=[household.pk])


def test_the_partner_writes_a_note_that_the_managing_operator_cannot_read(client, delegated):
    household, partner = delegated
    _login(client, partner, Role.SOCIAL_WORKER)
    response = client.post(_url("support_notes", household), {"text": SECRET})
    assert response.status_code == 302
    assert SECRET in client.get(household.get_absolute_url()).content.decode()
    for role in (Role.DIRECTOR, Role.SOCIAL_WORKER, Role.RENTAL_MANAGER):
        _login(client, household.organisation, role)
        page = client.get(household.get_absolute_url()).content.decode()
        assert SECRET not in page
        assert partner.name in page and "structure partenaire" in page and "Dernière rencontre" in page
        assert client.get(_url("support_notes", household)).status_code == 403


def test_every_note_shown_is_in_the_access_log_under_the_readers_organisation(client, delegated):
    household, partner = delegated
    notes = [SupportNoteFactory(household=household, organisation=partner) for _ in range(2)]
    appointment = AppointmentFactory(household=household, organisation=partner, note="Vu au domicile")
    AppointmentFactory(household=household, organisation=partner)  # without a note: nothing read
    reader = _login(client, partner, Role.SOCIAL_WORKER)
    client.get(household.get_absolute_url())
    rows = AccessLogEntry.objects.filter(context=AccessLogEntry.Context.NOTE)
    assert sorted(
        rows.values_list("subject_type", "subject_id", "user_id", "organisation_id", "household_id")
    ) == sorted(
        [("support.supportnote", n.pk, reader.user_id, partner.pk, household.pk) for n in notes]
        + [("support.appointment", appointment.pk, reader.user_id, partner.pk, household.pk)]
    )
    _login(client, household.organisation, Role.DIRECTOR)
    before = rows.count()
    client.get(household.get_absolute_url())
    assert rows.count() == before  # the owner's director reads no note


def test_the_notes_page_logs_the_notes_of_the_page(client, delegated):
    household, partner = delegated
    notes = [SupportNoteFactory(household=household, organisation=partner) for _ in range(3)]
    _login(client, partner, Role.DIRECTOR)
    response = client.get(_url("support_notes", household))
    assert response.status_code == 200
    logged = AccessLogEntry.objects.filter(context=AccessLogEntry.Context.NOTE)
    assert sorted(logged.values_list("subject_id", flat=True)) == sorted(n.pk for n in notes)


def _panel_queries(membership, household, django_assert_num_queries, expected):
    request = RequestFactory().get("/")
    request.user, request.membership = membership.user, membership
    household.organisation  # noqa: B018 (loaded by the household page's access helper)
    with django_assert_num_queries(expected):
        panel = household_panel(request, household, timezone.localdate())
    return panel


@pytest.mark.parametrize("count", [1, 4])
def test_the_panel_runs_a_constant_number_of_queries(delegated, django_assert_num_queries, count):
    household, partner = delegated
    HomeVisitConsentFactory(household=household)
    for _ in range(count):
        SupportNoteFactory(household=household, organisation=partner)
        AppointmentFactory(household=household, organisation=partner, note="Vu")
        RelayOrientation.objects.create(
            household=household,
            organisation=partner,
            resource=RelayResource.objects.get(code="psycom"),
            oriented_on=date(2024, 2, 1),
            recorded_by=partner_user(partner),
        )
    team = MembershipFactory(organisation=partner, role=Role.SOCIAL_WORKER)
    # support organisation, partner's name, agreement, objectives, reviews, consent, practice, cadence,
    # appointments, their attendees, notes, relays, the access log insert
    panel = _panel_queries(team, household, django_assert_num_queries, 13)
    assert len(panel.context["notes"]) == count
    owner = MembershipFactory(organisation=household.organisation, role=Role.RENTAL_MANAGER)
    # support organisation, partner's name, agreement, consent, practice, cadence
    panel = _panel_queries(owner, household, django_assert_num_queries, 6)
    assert "notes" not in panel.context and panel.context["objectives"] == []


def partner_user(partner):
    return MembershipFactory(organisation=partner, role=Role.SOCIAL_WORKER).user


def test_no_panel_for_a_member_who_may_not_see_the_support(delegated, django_assert_num_queries):
    household, _ = delegated
    siao = MembershipFactory(organisation=OrganisationFactory(siao=True), role=Role.SIAO_AGENT)
    assert _panel_queries(siao, household, django_assert_num_queries, 1) is None


@pytest.mark.parametrize("count", [1, 3])
def test_the_notes_page_runs_a_constant_number_of_queries(
    client, delegated, django_assert_num_queries, count
):
    household, partner = delegated
    for _ in range(count):
        SupportNoteFactory(household=household, organisation=partner)
    _login(client, partner, Role.SOCIAL_WORKER)
    page_queries(client, _url("support_notes", household), django_assert_num_queries, 12)


def test_the_agreement_with_objectives_is_saved_and_shown_by_domain(client):
    household = StayFactory(entry_date=date(2024, 1, 1)).household
    _login(client, household.organisation, Role.SOCIAL_WORKER)
    data = {
        "signed_on": "2024-02-01",
        "intensity": "renforcee",
        "version": "",
        "objectifs-TOTAL_FORMS": "2",
        "objectifs-INITIAL_FORMS": "0",
        "objectifs-0-domain": "budget",
        "objectifs-0-text": "Plan d'apurement de la dette",
        "objectifs-0-status": "en_cours",
        "objectifs-1-domain": "",
        "objectifs-1-text": "",
        "objectifs-1-status": "en_cours",
    }
    assert client.post(_url("support_agreement", household), data).status_code == 302
    agreement = SupportAgreement.objects.get()
    assert (agreement.intensity, agreement.objectives.get().domain) == ("renforcee", "budget")
    page = client.get(household.get_absolute_url()).content.decode()
    assert "Plan d&#x27;apurement de la dette" in page and "Budget" in page
    again = client.post(
        _url("support_agreement", household), data | {"version": "1", "signed_on": "2024-02-02"}
    )
    assert again.status_code == 302  # the agreement in force is modified, not duplicated
    assert SupportAgreement.objects.get().signed_on == date(2024, 2, 2)
    # Regression: a modification without the version it was built from skipped the optimistic lock.
    blind = client.post(_url("support_agreement", household), data | {"signed_on": "2024-02-03"})
    assert blind.status_code == 400 and "sa version manque" in blind.content.decode()
    assert SupportAgreement.objects.get().signed_on == date(2024, 2, 2)


def test_a_second_agreement_overlapping_is_refused_in_french(client):
    household = StayFactory(entry_date=date(2024, 1, 1)).household
    SupportAgreementFactory(household=household, signed_on=date(2024, 1, 15), ends_on=date(2024, 6, 30))
    _login(client, household.organisation, Role.SOCIAL_WORKER)
    data = {
        "signed_on": "2024-06-01",
        "intensity": "legere",
        "objectifs-TOTAL_FORMS": "0",
        "objectifs-INITIAL_FORMS": "0",
    }
    response = client.post(_url("support_agreement", household), data)
    assert response.status_code == 400
    assert "Un autre contrat d&#x27;accompagnement est en vigueur" in response.content.decode()


def test_home_visits_follow_the_consent_given_then_withdrawn(client):
    household = StayFactory(entry_date=date(2024, 1, 1)).household
    _login(client, household.organisation, Role.SOCIAL_WORKER)
    visit = {
        "held_on": "2024-03-01",
        "kind": AppointmentKind.VISITE_DOMICILE,
        "note": "",
        "other_attendees": "Mme Martin",
    }
    refused = client.post(_url("support_appointment", household), visit)
    assert refused.status_code == 400 and "n&#x27;a pas donné son accord" in refused.content.decode()
    assert client.post(_url("support_consent", household), {"on": "2024-02-01"}).status_code == 302
    assert client.post(_url("support_appointment", household), visit).status_code == 302
    assert client.post(_url("support_consent", household), {"on": "2024-04-01"}).status_code == 302
    assert HomeVisitConsent.objects.get().withdrawn_on == date(2024, 4, 1)
    later = client.post(_url("support_appointment", household), visit | {"held_on": "2024-04-02"})
    assert later.status_code == 400
    assert Appointment.objects.count() == 1


def test_the_owners_rental_manager_records_a_joint_visit_without_a_note(client, delegated):
    household, partner = delegated
    HomeVisitConsentFactory(household=household)
    manager = _login(client, household.organisation, Role.RENTAL_MANAGER)
    worker = MembershipFactory(organisation=partner, role=Role.SOCIAL_WORKER)  # the partner's social worker
    form = client.get(_url("support_appointment", household)).content.decode()
    assert 'name="note"' not in form
    response = client.post(
        _url("support_appointment", household),
        {
            "held_on": "2024-03-01",
            "kind": AppointmentKind.VISITE_CONJOINTE,
            "note": SECRET,
            "attendees": [manager.user_id, worker.user_id],
        },
    )
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert (appointment.kind, appointment.note) == (AppointmentKind.VISITE_CONJOINTE, "")
    assert (
        client.post(
            _url("support_appointment", household), {"held_on": "2024-03-01", "kind": "entretien"}
        ).status_code
        == 400
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"held_on": "2031-01-01", "kind": "entretien", "other_attendees": "Mme Martin"},
            "au plus 366 jours",
        ),
        ({"held_on": "9999-01-01", "kind": "entretien"}, "comprise entre"),
        ({"held_on": "pas une date", "kind": "entretien"}, "Saisissez une date valide"),
        ({"held_on": "2024-03-01", "kind": "rien"}, "Sélectionnez un choix valide"),
    ],
)
def test_bad_appointment_input_is_refused_in_french_not_a_server_error(client, data, message):
    household = StayFactory(entry_date=date(2024, 1, 1)).household
    _login(client, household.organisation, Role.SOCIAL_WORKER)
    response = client.post(_url("support_appointment", household), data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_note_too_long_is_refused_in_french(client):
    household = StayFactory(entry_date=date(2024, 1, 1)).household
    _login(client, household.organisation, Role.SOCIAL_WORKER)
    response = client.post(_url("support_notes", household), {"text": "a" * 5001})
    assert response.status_code == 400 and "5000" in response.content.decode().replace("\u202f", "")
    assert not household.support_notes.exists()


def test_a_relay_orientation_and_its_outcome(client):
    household = StayFactory(entry_date=date(2024, 1, 1)).household
    _login(client, household.organisation, Role.SOCIAL_WORKER)
    resource = RelayResource.objects.get(code="3114")
    data = {"resource": resource.pk, "oriented_on": "2024-02-01", "reason": "Idées noires"}
    assert client.post(_url("support_relays", household), data).status_code == 302
    orientation = RelayOrientation.objects.get()
    outcome = {"action": "suite", "orientation": orientation.pk, "version": 1, "outcome": "effective"}
    missing = client.post(_url("support_relays", household), outcome | {"outcome_on": ""})
    assert missing.status_code == 400 and "Indiquez la date" in missing.content.decode()
    done = client.post(_url("support_relays", household), outcome | {"outcome_on": "2024-02-10"})
    assert done.status_code == 302
    orientation.refresh_from_db()
    assert (orientation.outcome, orientation.outcome_on) == ("effective", date(2024, 2, 10))


def test_the_owners_director_delegates_then_ends_the_delegation(client):
    household = StayFactory(entry_date=date(2024, 1, 1)).household
    partner = OrganisationFactory(name="Clé solidaire")
    _login(client, household.organisation, Role.DIRECTOR)
    data = {
        "partner": partner.pk,
        "starts_on": "2025-01-01",
        "ends_on": "",
        "intensity": "moderee",
        "reason": "Convention 2025",
    }
    assert client.post(_url("support_delegation", household), data).status_code == 302
    share = Share.objects.get(access=Share.Access.SUPPORT)
    assert share.partner == partner and share.object_id == household.pk
    page = client.get(_url("support_delegation", household)).content.decode()
    assert "Clé solidaire" in page and "Mettre fin" in page
    assert client.post(_url("support_delegation", household), {"action": "fin"}).status_code == 302
    share.refresh_from_db()
    assert share.revoked_at is not None
    partner_worker = MembershipFactory(organisation=partner, role=Role.SOCIAL_WORKER)
    client.force_login(partner_worker.user)
    assert client.get(_url("support_notes", household)).status_code == 404


def test_an_operators_own_relay_entry_is_in_its_directory_only(client):
    operator = OrganisationFactory()
    _login(client, operator, Role.SOCIAL_WORKER)
    data = {
        "name": "CMP de Villeurbanne",
        "category": "sante_mentale",
        "department": "69",
        "description": "",
        "contact": "",
        "website": "",
    }
    assert client.post(reverse("www:relay_create"), data).status_code == 302
    assert "CMP de Villeurbanne" in client.get(reverse("www:relay_directory")).content.decode()
    _login(client, OrganisationFactory(), Role.SOCIAL_WORKER)
    assert "CMP de Villeurbanne" not in client.get(reverse("www:relay_directory")).content.decode()


def test_the_directory_filters_by_category_and_runs_constant_queries(client, django_assert_num_queries):
    _login(client, OrganisationFactory(), Role.READ_ONLY)
    response = page_queries(
        client, reverse("www:relay_directory") + "?department=&category=jeunes", django_assert_num_queries, 6
    )
    text = response.content.decode()
    assert "Maisons des adolescents" in text and "Psycom" not in text


def test_the_overdue_page_lists_the_households_not_met_and_logs_them(client, django_assert_num_queries):
    stay = StayFactory(entry_date=date(2024, 1, 1))
    AppointmentFactory(household=stay.household, held_on=timezone.localdate() - timedelta(days=400))
    _login(client, stay.household.organisation, Role.SOCIAL_WORKER)
    response = page_queries(client, reverse("www:support_overdue"), django_assert_num_queries, 11)
    assert str(stay.household) in response.content.decode()
    assert AccessLogEntry.objects.filter(household_id=stay.household.pk, context="accompagnement").exists()


def test_no_note_text_reaches_the_application_logs(client, delegated, caplog):
    household, partner = delegated
    _login(client, partner, Role.SOCIAL_WORKER)
    with caplog.at_level(logging.DEBUG):
        client.post(_url("support_notes", household), {"text": SECRET})
        client.post(_url("support_notes", household), {"text": SECRET + "\x00"})  # refused: logged as a 400
        client.get(_url("support_notes", household))
        client.get(household.get_absolute_url())
    assert "santé mentale" not in caplog.text


def test_an_operator_withdraws_its_own_relay_entry_only(client):
    operator = OrganisationFactory()
    own = RelayResourceFactory(organisation=operator, name="CMP de Vénissieux")
    other = RelayResourceFactory(organisation=OrganisationFactory())
    national = RelayResource.objects.get(code="psycom")
    _login(client, operator, Role.DIRECTOR)
    url = reverse("www:relay_withdraw")
    for hostile in (other.pk, national.pk, "abc", "²", "9" * 30, ""):
        assert client.post(url, {"resource": hostile}).status_code == 404
    assert client.post(url, {"resource": own.pk}).status_code == 302
    own.refresh_from_db()
    assert not own.is_active
    client.get(reverse("www:relay_directory"))  # shows (and consumes) the confirmation naming it
    assert "CMP de Vénissieux" not in client.get(reverse("www:relay_directory")).content.decode()
    assert RelayResource.objects.filter(is_active=True, pk__in=[other.pk, national.pk]).count() == 2


@pytest.mark.parametrize("orientation", ["9" * 30, "-1", "abc"])
def test_a_hostile_outcome_form_is_refused_not_a_server_error(client, orientation):
    household = StayFactory(entry_date=date(2024, 1, 1)).household
    _login(client, household.organisation, Role.SOCIAL_WORKER)
    data = {"action": "suite", "orientation": orientation, "version": "9" * 30, "outcome": "effective"}
    assert client.post(_url("support_relays", household), data).status_code == 400


def test_after_a_hand_over_each_team_reads_only_its_own_organisations_notes(client):
    """Regression: the notes (and appointment notes) of the team before a hand-over showed to the team after
    it — the owner read its former partner's notes once the delegation ended, the partner the owner's."""
    household = StayFactory(entry_date=date(2024, 1, 1)).household
    owner = household.organisation
    partner = OrganisationFactory(name="Clé solidaire")
    SupportNoteFactory(household=household, organisation=owner, text="NOTE-DU-PROPRIETAIRE")
    AppointmentFactory(household=household, organisation=owner, note="RDV-DU-PROPRIETAIRE")
    _login(client, owner, Role.DIRECTOR)
    delegation = {"partner": partner.pk, "starts_on": timezone.localdate().isoformat(), "ends_on": ""}
    delegation |= {"intensity": "moderee", "reason": "Convention"}
    assert client.post(_url("support_delegation", household), delegation).status_code == 302
    _login(client, partner, Role.SOCIAL_WORKER)
    assert client.post(_url("support_notes", household), {"text": "NOTE-DU-PARTENAIRE"}).status_code == 302
    notes, fiche = (client.get(url).content.decode() for url in _pages(household))
    assert "NOTE-DU-PARTENAIRE" in notes and "NOTE-DU-PARTENAIRE" in fiche
    assert not {"NOTE-DU-PROPRIETAIRE", "RDV-DU-PROPRIETAIRE"} & _markers(notes + fiche)
    _login(client, owner, Role.DIRECTOR)
    assert client.post(_url("support_delegation", household), {"action": "fin"}).status_code == 302
    _login(client, owner, Role.SOCIAL_WORKER)
    notes, fiche = (client.get(url).content.decode() for url in _pages(household))
    assert "NOTE-DU-PROPRIETAIRE" in notes and {"NOTE-DU-PROPRIETAIRE", "RDV-DU-PROPRIETAIRE"} <= _markers(
        fiche
    )
    assert "NOTE-DU-PARTENAIRE" not in notes + fiche


def _pages(household):
    return _url("support_notes", household), household.get_absolute_url()


def _markers(page: str) -> set[str]:
    return {m for m in ("NOTE-DU-PROPRIETAIRE", "RDV-DU-PROPRIETAIRE", "NOTE-DU-PARTENAIRE") if m in page}


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_review_without_agreement_in_force_is_explained_not_a_server_error(client, method):
    """Regression: the form added its error before being bound, and the page answered 500."""
    household = StayFactory(entry_date=date(2024, 1, 1)).household
    _login(client, household.organisation, Role.SOCIAL_WORKER)
    response = getattr(client, method)(_url("support_review", household), {})
    assert response.status_code == (200 if method == "get" else 400)
    assert "Aucun contrat d&#x27;accompagnement n&#x27;est en vigueur" in response.content.decode()
