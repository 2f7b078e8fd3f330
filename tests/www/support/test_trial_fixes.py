"""The defects found by the user trial of the support pages: an appointment with nobody present, a joint
visit without its rental manager, planned appointments shown as held, dead ends and the owner's history
on a delegated household's page, wording."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clef.journal.models import JournalEntry
from clef.organisations.models import PracticeSettings, Role
from clef.support import rules, services
from clef.support.enums import AppointmentKind
from clef.support.models import Appointment
from clef.www.support.panels import cadence_of
from tests.factories.organisations import MembershipFactory
from tests.factories.stays import StayFactory
from tests.factories.support import AppointmentFactory, HomeVisitConsentFactory, SupportShareFactory

pytestmark = pytest.mark.django_db


def _login(client, organisation, role):
    membership = MembershipFactory(organisation=organisation, role=role)
    client.force_login(membership.user)
    return membership


def _url(name, household):
    return reverse(f"www:{name}", args=[household.pk])


@pytest.fixture
def housed():
    return StayFactory(entry_date=date(2024, 1, 1)).household


def test_an_empty_appointment_form_is_refused_in_french_and_saves_nothing(client, housed):
    _login(client, housed.organisation, Role.SOCIAL_WORKER)
    response = client.post(
        _url("support_appointment", housed), {"held_on": "2024-03-01", "kind": "entretien"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["attendees"] == [rules.NO_ATTENDEE]
    assert not Appointment.objects.exists()


def test_a_joint_visit_with_only_the_social_worker_ticked_is_refused_by_the_form(client, housed):
    HomeVisitConsentFactory(household=housed, given_on=date(2024, 1, 1))
    worker = _login(client, housed.organisation, Role.SOCIAL_WORKER)
    manager = MembershipFactory(organisation=housed.organisation, role=Role.RENTAL_MANAGER)
    visit = {"held_on": "2024-03-01", "kind": AppointmentKind.VISITE_CONJOINTE}
    response = client.post(_url("support_appointment", housed), visit | {"attendees": [worker.user_id]})
    assert response.status_code == 400
    (message,) = response.context["form"].errors["attendees"]
    assert message == rules.JOINT_VISIT_NEEDS.format(missing="un gestionnaire locatif")
    assert not Appointment.objects.exists()
    both = visit | {"attendees": [worker.user_id, manager.user_id]}
    assert client.post(_url("support_appointment", housed), both).status_code == 302
    assert Appointment.objects.get().kind == AppointmentKind.VISITE_CONJOINTE


def test_a_planned_appointment_is_shown_as_coming_never_as_held_nor_in_the_cadence(client, housed):
    today = timezone.localdate()
    held = AppointmentFactory(household=housed, held_on=today - timedelta(days=20), other_attendees="Mme A")
    AppointmentFactory(household=housed, held_on=today + timedelta(days=30), joint_visit=True)
    cadence = cadence_of(housed, housed.organisation_id, today)
    assert (cadence.last_meeting, cadence.last_joint_visit) == (held.held_on, None)
    _login(client, housed.organisation, Role.SOCIAL_WORKER)
    page = client.get(housed.get_absolute_url()).content.decode()
    coming = page[page.index('data-testid="rendez-vous-a-venir"') : page.index("Derniers rendez-vous</h3>")]
    assert f"{today + timedelta(days=30):%d/%m/%Y}" in coming and "à venir" in coming
    latest = page[page.index("Derniers rendez-vous</h3>") : page.index("Dernières notes")]
    assert f"{today + timedelta(days=30):%d/%m/%Y}" not in latest
    assert f"{held.held_on:%d/%m/%Y}" in latest


def test_a_monthly_cadence_reads_tous_les_mois(client, housed):
    PracticeSettings.objects.create(organisation=housed.organisation, meeting_every_months=1)
    _login(client, housed.organisation, Role.SOCIAL_WORKER)
    page = client.get(housed.get_absolute_url()).content.decode()
    assert "(tous les mois)" in page and "tous les 1 mois" not in page


def test_the_partners_social_worker_sees_no_dead_end_and_no_owner_history(client, housed):
    """The trial: on a delegated household, buttons that answer 403, and « Aucune modification
    enregistrée » on a file that has a history."""
    partner = SupportShareFactory(record=housed).partner
    owner = MembershipFactory(organisation=housed.organisation, role=Role.DIRECTOR)
    services.write_note(
        household=housed, organisation_id=housed.organisation_id, text="Note", acting_user=owner.user
    )
    assert JournalEntry.objects.filter(household_id=housed.pk).exists()
    _login(client, partner, Role.SOCIAL_WORKER)
    page = client.get(housed.get_absolute_url()).content.decode()
    for name in ("exit_readiness", "guided_exit", "occupancy_demand"):
        assert _url(name, housed) not in page, name
    assert "Aucune modification enregistrée" not in page and 'data-testid="historique"' not in page
    assert f"tenu par la structure qui loge le ménage, {housed.organisation.name}" in page
    client.force_login(owner.user)
    assert 'data-testid="historique"' in client.get(housed.get_absolute_url()).content.decode()
