"""The journal pages: the access log and the journal of changes, read by an operator's director (their
organisation's entries) and by the platform administrator (every organisation's); 404 for anyone else."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from clef.journal.models import AccessLogEntry, JournalEntry
from clef.journal.services import log_access, record_action
from clef.organisations.models import Role
from tests.conftest import member_client
from tests.factories.accounts import UserFactory
from tests.factories.dwellings import DwellingFactory
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

PAGES = ["www:journal_access_log", "www:journal_entries"]


def dated(model, moment: datetime, **fields):
    """A row written at `moment` (the journal allows inserts only: `at` is set on creation)."""
    field = model._meta.get_field("at")
    field.auto_now_add = False
    try:
        return model.objects.create(at=moment, **fields)
    finally:
        field.auto_now_add = True


@pytest.fixture
def admin_client(client):
    return member_client(client, OrganisationFactory(state=True, region_id=None), Role.PLATFORM_ADMIN)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    "role",
    [Role.SOCIAL_WORKER, Role.RENTAL_MANAGER, Role.CAPTATION_OFFICER, Role.READ_ONLY],
)
def test_other_operator_roles_get_a_404(client, operator, page, role):
    member_client(client, operator, role)
    assert client.get(reverse(page)).status_code == 404


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("kind", ["state", "siao"])
def test_state_coordinators_and_siao_agents_get_a_404(client, page, kind):
    role = Role.STATE_COORDINATOR if kind == "state" else Role.SIAO_AGENT
    member_client(client, OrganisationFactory(**{kind: True}), role)
    assert client.get(reverse(page)).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_director_reads_the_access_log_of_their_organisation_only(director_client, operator, other_operator):
    mine, theirs = HouseholdFactory(organisation=operator), HouseholdFactory(organisation=other_operator)
    colleague = MembershipFactory(organisation=operator, role=Role.SOCIAL_WORKER).user
    log_access(user=colleague, organisation_id=operator.pk, context="fiche", household_ids=[mine.pk])
    outsider = MembershipFactory(organisation=other_operator, role=Role.DIRECTOR).user
    log_access(user=outsider, organisation_id=other_operator.pk, context="fiche", household_ids=[theirs.pk])
    response = director_client.get(reverse("www:journal_access_log"))
    assert response.status_code == 200
    rows = list(response.context["page"].object_list)
    assert [(r.user, r.household_id) for r in rows] == [(colleague, mine.pk)]
    html = response.content.decode()
    assert f"Ménage n° {mine.pk}" in html and reverse("www:household_detail", args=[mine.pk]) in html
    assert "Fiche du ménage" in html and f"Ménage n° {theirs.pk}<" not in html


def test_access_log_filters_by_user_and_household(director_client, operator):
    first, second = HouseholdFactory(organisation=operator), HouseholdFactory(organisation=operator)
    colleague = MembershipFactory(organisation=operator, role=Role.SOCIAL_WORKER).user
    other = MembershipFactory(organisation=operator, role=Role.READ_ONLY).user
    log_access(user=colleague, organisation_id=operator.pk, context="fiche", household_ids=[first.pk])
    log_access(user=other, organisation_id=operator.pk, context="liste", household_ids=[first.pk, second.pk])

    def shown(**params):
        page = director_client.get(reverse("www:journal_access_log"), params).context["page"]
        return sorted((r.user_id, r.household_id) for r in page.object_list)

    assert shown(user=colleague.pk) == [(colleague.pk, first.pk)]
    assert shown(household=second.pk) == [(other.pk, second.pk)]
    assert shown(user=other.pk, household=first.pk) == [(other.pk, first.pk)]


def test_access_log_periods_are_paris_days_and_times_are_shown_in_paris(director_client, operator):
    user = MembershipFactory(organisation=operator, role=Role.SOCIAL_WORKER).user
    row = {"user": user, "organisation": operator, "context": "fiche"}
    evening = dated(AccessLogEntry, datetime(2025, 6, 30, 21, 30, tzinfo=UTC), household_id=1, **row)
    night = dated(AccessLogEntry, datetime(2025, 6, 30, 22, 30, tzinfo=UTC), household_id=2, **row)

    def shown(**params):
        return [r.pk for r in director_client.get(reverse("www:journal_access_log"), params).context["page"]]

    assert shown(start="2025-07-01") == [night.pk]  # 00:30 in Paris on 1 July
    assert shown(end="2025-06-30") == [evening.pk]  # 23:30 in Paris on 30 June
    assert shown(start="2025-06-30", end="2025-07-01") == [night.pk, evening.pk]
    html = director_client.get(reverse("www:journal_access_log")).content.decode()
    assert "01/07/2025 à 00:30" in html and "30/06/2025 à 23:30" in html


def test_an_invalid_filter_is_ignored_and_said(director_client, operator):
    household = HouseholdFactory(organisation=operator)
    log_access(user=UserFactory(), organisation_id=operator.pk, context="fiche", household_ids=[household.pk])
    response = director_client.get(reverse("www:journal_access_log"), {"household": "abc", "end": "x"})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 1
    assert "Un filtre n'est pas valide" in response.content.decode()


def test_platform_admin_reads_every_organisation_without_household_details(
    admin_client, operator, other_operator
):
    for organisation in (operator, other_operator):
        household = HouseholdFactory(organisation=organisation)
        log_access(
            user=UserFactory(), organisation_id=organisation.pk, context="fiche", household_ids=[household.pk]
        )
    response = admin_client.get(reverse("www:journal_access_log"))
    assert response.status_code == 200
    assert {r.organisation for r in response.context["page"].object_list} == {operator, other_operator}
    html = response.content.decode()
    assert "/menages/" not in html  # no link to a household file
    only = admin_client.get(reverse("www:journal_access_log"), {"organisation": operator.pk})
    assert {r.organisation for r in only.context["page"].object_list} == {operator}


def test_access_log_is_paginated_with_an_exact_number_of_queries(
    director_client, operator, django_assert_num_queries
):
    users = [MembershipFactory(organisation=operator, role=Role.SOCIAL_WORKER).user for _ in range(3)]
    for user in users:
        log_access(user=user, organisation_id=operator.pk, context="liste", household_ids=list(range(1, 41)))
    url = reverse("www:journal_access_log")
    director_client.get(url)  # warm the session and content types
    with django_assert_num_queries(7):
        first = director_client.get(url)
    with django_assert_num_queries(7):
        last = director_client.get(url, {"page": 3})
    assert first.context["page"].paginator.count == 120
    assert len(first.context["page"].object_list) == 50 and len(last.context["page"].object_list) == 20


def test_journal_page_shows_labels_and_paris_times(director_client, operator):
    entry = record_action(
        acting_user=director_client.membership.user,
        organisation_id=operator.pk,
        subject=operator,
        action=JournalEntry.Action.UPDATE,
        changes={"name": {"label": "nom", "old": "Ancien", "new": "Nouveau"}},
    )
    response = director_client.get(reverse("www:journal_entries"))
    html = response.content.decode()
    assert [e.pk for e in response.context["page"].object_list] == [entry.pk]
    assert "Modification — organisation" in html and "Ancien → Nouveau" in html


def test_journal_page_has_an_exact_number_of_queries(director_client, operator, django_assert_num_queries):
    for index in range(60):
        record_action(
            acting_user=director_client.membership.user,
            organisation_id=operator.pk,
            subject=operator,
            action=JournalEntry.Action.UPDATE,
            household_id=index + 1,
            changes={"name": {"label": "nom", "old": str(index), "new": str(index + 1)}},
        )
    url = reverse("www:journal_entries")
    director_client.get(url)
    with django_assert_num_queries(7):
        response = director_client.get(url)
    assert len(response.context["page"].object_list) == 50


def test_platform_admin_sees_that_a_household_file_changed_never_what_it_holds(admin_client, operator):
    household = HouseholdFactory(organisation=operator)
    record_action(
        acting_user=None,
        organisation_id=operator.pk,
        subject=household,
        action=JournalEntry.Action.UPDATE,
        household_id=household.pk,
        changes={"dalo": {"label": "reconnu prioritaire DALO", "old": "non", "new": "oui"}},
    )
    html = admin_client.get(reverse("www:journal_entries")).content.decode()
    assert "Détail réservé à la structure" in html and "DALO" not in html


def test_journal_filters_by_household_and_dwelling(director_client, operator):
    def entry(**ids):
        return record_action(
            acting_user=None, organisation_id=operator.pk, subject=operator, action="update", **ids
        )

    of_household, of_dwelling = entry(household_id=7), entry(dwelling_id=8)
    url = reverse("www:journal_entries")
    assert [e.pk for e in director_client.get(url, {"household": 7}).context["page"]] == [of_household.pk]
    assert [e.pk for e in director_client.get(url, {"dwelling": 8}).context["page"]] == [of_dwelling.pk]


def test_the_director_finds_the_journal_from_the_menu_and_the_household_file(director_client, operator):
    household = HouseholdFactory(organisation=operator)
    page = director_client.get(reverse("www:household_detail", args=[household.pk])).content.decode()
    assert f'href="{reverse("www:journal_entries")}"' in page  # the menu
    assert f"{reverse('www:journal_access_log')}?household={household.pk}" in page
    assert f"{reverse('www:journal_entries')}?household={household.pk}" in page
    dwelling = DwellingFactory(organisation=operator)
    page = director_client.get(reverse("www:dwelling_detail", args=[dwelling.pk])).content.decode()
    assert f"{reverse('www:journal_entries')}?dwelling={dwelling.pk}" in page


def test_a_social_worker_is_offered_no_journal_link(social_worker_client, operator):
    household = HouseholdFactory(organisation=operator)
    page = social_worker_client.get(reverse("www:household_detail", args=[household.pk])).content.decode()
    assert reverse("www:journal_entries") not in page and reverse("www:journal_access_log") not in page
