"""Concurrent writers: no double occupancy, no lost update.

The races run on PostgreSQL with two real connections (two threads, each with its own connection); a
barrier makes both read before either writes. SQLite serialises writers (BEGIN IMMEDIATE), so only the
sequential cases run there.
"""

import contextlib
import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from clef.dwellings import rules as dwelling_rules
from clef.dwellings import services as dwelling_services
from clef.dwellings.models import Dwelling
from clef.households import services
from clef.households.models import Household
from clef.households.services import MemberData
from clef.journal.models import JournalEntry
from clef.organisations.models import Role
from clef.stays import services as stay_services
from clef.stays.models import Stay
from clef.stays.services import DWELLING_OCCUPIED, HOUSEHOLD_ELSEWHERE
from clef.utils.writes import StaleEditError
from tests.factories.accounts import UserFactory
from tests.factories.dwellings import DwellingFactory
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory
from tests.transactional import REGISTER_APPS

ON = date(2024, 1, 1)


def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent connections: PostgreSQL only (SQLite serialises writers).")


def run_together(*calls):
    """Run each call in its own thread (its own database connection); return what each returned or
    raised, in order."""
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.fixture
def checks_then_waits(monkeypatch):
    """Both entries pass the service's check (dwelling free, household elsewhere nowhere) before either
    inserts: what two users clicking at the same instant produce."""
    barrier = threading.Barrier(2, timeout=10)
    original = stay_services._check_stay_fits
    waited = threading.local()

    def check_then_wait(*, stay):
        original(stay=stay)
        if not getattr(waited, "once", False):  # a retried transaction does not wait again
            waited.once = True
            barrier.wait()

    monkeypatch.setattr(stay_services, "_check_stay_fits", check_then_wait)


def _messages(result) -> list[str]:
    assert isinstance(result, ValidationError), repr(result)
    return result.messages


@pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)
def test_two_households_entering_one_dwelling_at_once_one_is_refused_in_french(checks_then_waits):
    postgresql_only()
    operator = OrganisationFactory()
    actor = UserFactory()
    dwelling = DwellingFactory(organisation=operator)
    first, second = HouseholdFactory(organisation=operator), HouseholdFactory(organisation=operator)

    results = run_together(
        *(
            lambda h=h: stay_services.enter_dwelling(household=h, dwelling=dwelling, on=ON, acting_user=actor)
            for h in (first, second)
        )
    )

    stays = [r for r in results if isinstance(r, Stay)]
    refused = [r for r in results if not isinstance(r, Stay)]
    assert len(stays) == 1 and len(refused) == 1, results
    assert _messages(refused[0]) == [DWELLING_OCCUPIED]
    assert Stay.objects.filter(dwelling=dwelling).count() == 1
    assert JournalEntry.objects.filter(content_type__model="stay").count() == 1  # the loser wrote nothing


@pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)
def test_one_household_entering_two_dwellings_at_once_one_is_refused_in_french(checks_then_waits):
    postgresql_only()
    operator = OrganisationFactory()
    actor = UserFactory()
    household = HouseholdFactory(organisation=operator)
    dwellings = DwellingFactory(organisation=operator), DwellingFactory(organisation=operator)

    results = run_together(
        *(
            lambda d=d: stay_services.enter_dwelling(
                household=household, dwelling=d, on=ON, acting_user=actor
            )
            for d in dwellings
        )
    )

    refused = [r for r in results if not isinstance(r, Stay)]
    assert len(refused) == 1, results
    assert _messages(refused[0]) == [HOUSEHOLD_ELSEWHERE]
    assert Stay.objects.filter(household=household).count() == 1


@pytest.mark.django_db
def test_the_database_itself_refuses_overlapping_stays(operator):
    postgresql_only()
    stay = StayFactory(household__organisation=operator, entry_date=date(2022, 1, 1))
    other = HouseholdFactory(organisation=operator)
    overlapping = {
        "organisation": operator,
        "entry_date": date(2023, 1, 1),
        "pathway_start": date(2023, 1, 1),
    }
    with pytest.raises(IntegrityError, match="stay_no_double_occupancy"), transaction.atomic():
        Stay.objects.create(household=other, dwelling=stay.dwelling, **overlapping)
    with pytest.raises(IntegrityError, match="stay_household_one_dwelling_at_a_time"), transaction.atomic():
        Stay.objects.create(
            household=stay.household, dwelling=DwellingFactory(organisation=operator), **overlapping
        )
    # A stay may start the day the previous one ended ('[)' periods).
    Stay.objects.filter(pk=stay.pk).update(exit_date=date(2023, 1, 1), destination="parc_social")
    Stay.objects.create(household=other, dwelling=stay.dwelling, **overlapping)


@pytest.mark.django_db
def test_a_constraint_violation_reaches_the_user_as_a_french_form_error(
    social_worker_client, operator, monkeypatch
):
    """What the loser of the race sees: the page of the entry form with the message, not a 500."""
    postgresql_only()
    occupied = StayFactory(household__organisation=operator, entry_date=date(2022, 1, 1)).dwelling
    household = HouseholdFactory(organisation=operator)
    monkeypatch.setattr(stay_services, "_check_stay_fits", lambda *, stay: None)  # as if it had read "vacant"
    response = social_worker_client.post(
        reverse("www:stay_enter", args=[household.pk]), {"dwelling": occupied.pk, "entry_date": "2023-01-01"}
    )
    assert response.status_code == 400
    assert DWELLING_OCCUPIED in response.content.decode()
    assert Stay.objects.filter(dwelling=occupied).count() == 1


@pytest.mark.django_db
def test_entering_an_occupied_dwelling_sequentially_is_refused(operator):
    actor = UserFactory()
    dwelling = DwellingFactory(organisation=operator)
    stay_services.enter_dwelling(
        household=HouseholdFactory(organisation=operator), dwelling=dwelling, on=ON, acting_user=actor
    )
    with pytest.raises(ValidationError) as error:
        stay_services.enter_dwelling(
            household=HouseholdFactory(organisation=operator), dwelling=dwelling, on=ON, acting_user=actor
        )
    assert error.value.message_dict == {"dwelling": [DWELLING_OCCUPIED]}


# ------------------------------------------------------------------------------------- lost update


def _members(household) -> list[MemberData]:
    return [
        MemberData(
            pk=p.pk,
            role=p.role,
            sex=p.sex,
            birth_date=p.birth_date,
            first_name=p.first_name,
            last_name=p.last_name,
        )
        for p in household.members.all()
    ]


@pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)
def test_two_simultaneous_edits_of_one_household_one_is_refused():
    postgresql_only()
    household = HouseholdFactory(organisation=OrganisationFactory(), prior_situation="hotel")
    users = UserFactory(), UserFactory()
    barrier = threading.Barrier(2, timeout=10)

    def edit(user, prior_situation):
        mine = Household.objects.prefetch_related("members").get(pk=household.pk)  # the form is built
        version = mine.version
        barrier.wait()  # both users have the form in front of them
        mine.prior_situation = prior_situation
        return services.save_household(
            household=mine,
            members=_members(mine),
            resources=[],
            acting_user=user,
            expected_version=version,
        )

    results = run_together(lambda: edit(users[0], "sans_domicile"), lambda: edit(users[1], "chez_des_tiers"))

    saved = [r for r in results if isinstance(r, Household)]
    refused = [r for r in results if isinstance(r, StaleEditError)]
    assert len(saved) == 1 and len(refused) == 1, results
    household.refresh_from_db()
    assert household.prior_situation == saved[0].prior_situation and household.version == 2
    assert JournalEntry.objects.filter(content_type__model="household", action="update").count() == 1


def _household_post(household, **changes) -> dict:
    reference = household.reference_person
    data = {
        "membres-TOTAL_FORMS": "1",
        "membres-INITIAL_FORMS": "1",
        "membres-MIN_NUM_FORMS": "0",
        "membres-MAX_NUM_FORMS": "1000",
        "membres-0-pk": str(reference.pk),
        "membres-0-first_name": reference.first_name,
        "membres-0-last_name": reference.last_name,
        "membres-0-role": "reference",
        "membres-0-sex": reference.sex,
        "membres-0-birth_date": reference.birth_date.isoformat(),
        "composition": household.composition,
        "prior_situation": household.prior_situation,
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_a_stale_household_form_is_refused_with_what_changed_and_keeps_the_input(operator):
    household = HouseholdFactory(organisation=operator, composition="personne_isolee")
    url = reverse("www:household_edit", args=[household.pk])
    alice, bob = (MembershipFactory(organisation=operator, role=Role.SOCIAL_WORKER) for _ in range(2))
    alice_client, bob_client = Client(), Client()
    alice_client.force_login(alice.user)
    bob_client.force_login(bob.user)

    form = alice_client.get(url).context["form"]
    version, seen = form.initial["version"], form.initial["seen"]
    # Bob saves first.
    response = bob_client.post(
        url, _household_post(household, composition="autre", version=version, seen=seen)
    )
    assert response.status_code == 302
    # Alice submits the form she opened before Bob's save.
    response = alice_client.post(
        url, _household_post(household, prior_situation="hotel", version=version, seen=seen)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "ouverture de ce formulaire (par un" in page
    assert "Modifié entre-temps" in page
    assert str(bob.user) in page and "Personne isolée → Autre" in page
    household.refresh_from_db()
    assert household.composition == "autre" and household.prior_situation != "hotel"
    assert response.context["form"]["prior_situation"].value() == "hotel"  # her input is kept
    # Having seen Bob's change, she saves again: accepted.
    again = dict(response.context["form"].data.lists())
    again = {k: v if len(v) > 1 else v[0] for k, v in again.items()}
    assert alice_client.post(url, again).status_code == 302
    household.refresh_from_db()
    assert household.prior_situation == "hotel" and household.version == 3


@pytest.mark.django_db
def test_a_stale_dwelling_form_is_refused(director_client, operator):
    dwelling = DwellingFactory(organisation=operator, places=2)
    url = reverse("www:dwelling_edit", args=[dwelling.pk])
    form = director_client.get(url).context["form"]
    version, seen = form.initial["version"], form.initial["seen"]
    dwelling.places = 4
    dwelling_services.save_dwelling(dwelling=dwelling, acting_user=UserFactory(), expected_version=version)
    data = {
        "address": dwelling.address,
        "commune": "69383",
        "typology": dwelling.typology,
        "places": "3",
        "parc": dwelling.parc,
        "management_mode": dwelling.management_mode,
        "conventionnement": "aucun",
        "entry_date": dwelling.entry_date.isoformat(),
        "version": version,
        "seen": seen,
    }
    response = director_client.post(url, data)
    assert response.status_code == 400
    assert "ouverture de ce formulaire (par un" in response.content.decode()
    assert "2 → 4" in response.content.decode()
    assert Dwelling.objects.get(pk=dwelling.pk).places == 4


@pytest.mark.django_db
def test_versions_do_not_show_in_the_journal(operator):
    actor = UserFactory()
    household = HouseholdFactory(organisation=operator)
    household.dalo = True
    services.save_household(household=household, members=_members(household), resources=[], acting_user=actor)
    entry = JournalEntry.objects.get(content_type__model="household")
    assert set(entry.changes) == {"dalo"}
    dwelling = DwellingFactory(organisation=operator)
    dwelling.places = 5
    dwelling_services.save_dwelling(dwelling=dwelling, acting_user=actor)
    assert set(JournalEntry.objects.get(content_type__model="dwelling").changes) == {"places"}


@pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)
def test_a_household_cannot_enter_a_dwelling_after_it_left_the_park_in_a_race(monkeypatch):
    """If nothing holds the dwelling, both writers pass their checks at the same time: the dwelling leaves
    the park on 30/06 while a household enters it on 01/07 (each check saw the other's data before it was
    written). The entry holds the dwelling (FOR SHARE), the edit locks it (FOR UPDATE): the second to come
    waits, reads the first's result, and is refused in French."""
    postgresql_only()
    operator = OrganisationFactory()
    actor = UserFactory()
    dwelling = DwellingFactory(organisation=operator, entry_date=date(2020, 1, 1))
    household = HouseholdFactory(organisation=operator)
    barrier = threading.Barrier(2, timeout=3)

    def meet():
        with contextlib.suppress(threading.BrokenBarrierError):  # the other waits for our lock: go on
            barrier.wait()

    original_fits, original_park = stay_services._check_stay_fits, dwelling_rules.check_stays_within_park
    monkeypatch.setattr(stay_services, "_check_stay_fits", lambda *, stay: (original_fits(stay=stay), meet()))
    monkeypatch.setattr(dwelling_rules, "check_stays_within_park", lambda d: (original_park(d), meet()))

    def leave_park():
        edited = Dwelling.objects.get(pk=dwelling.pk)
        edited.exit_date, edited.exit_reason = date(2024, 6, 30), "fin_mandat"
        return dwelling_services.save_dwelling(dwelling=edited, acting_user=actor)

    def enter():
        return stay_services.enter_dwelling(
            household=household,
            dwelling=Dwelling.objects.get(pk=dwelling.pk),
            on=date(2024, 7, 1),
            acting_user=actor,
        )

    results = run_together(leave_park, enter)
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], ValidationError), results
    dwelling.refresh_from_db()
    assert not Stay.objects.filter(dwelling=dwelling, entry_date__gte=dwelling.exit_date or date.max).exists()
