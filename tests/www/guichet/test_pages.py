"""The platform's and the operator's pages: exact query counts (constant with more rows), the access log
when an owner's contact is read, return of overdue requests when the animator opens the list, filters,
assignment, closing, rules and settings."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clef.guichet import services
from clef.guichet.enums import EventKind, Status
from clef.guichet.models import Desk, OwnerRequest, RoutingRule
from clef.journal.models import AccessLogEntry, JournalEntry
from clef.organisations.models import Role
from tests.factories.guichet import OwnerRequestFactory, PlatformFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.www.guichet.conftest import login_as
from tests.www.queries import page_queries

pytestmark = pytest.mark.django_db


def _overdue(request):
    """Confided 10 days ago, to take in charge by yesterday."""
    today = timezone.localdate()
    OwnerRequest.objects.filter(pk=request.pk).update(
        assigned_on=today - timedelta(days=10), acknowledge_by=today - timedelta(days=1)
    )


def _more(world, n=5):
    for i in range(n):
        OwnerRequestFactory(desk=world.desk, email=f"plus{i}@example.org")


@pytest.mark.parametrize("more", [0, 5])
def test_the_list_runs_a_constant_number_of_queries(client, world, django_assert_num_queries, more):
    _more(world, more)
    login_as(client, world, "animator")
    page_queries(client, reverse("www:guichet_home"), django_assert_num_queries, 13)


@pytest.mark.parametrize("more", [0, 5])
def test_the_received_list_runs_a_constant_number_of_queries(client, world, django_assert_num_queries, more):
    from clef.guichet import services

    for i in range(more):
        extra = OwnerRequestFactory(desk=world.desk, email=f"plus{i}@example.org")
        services.assign(
            request=extra, operator=world.operator, acting_user=world.animator, today=timezone.localdate()
        )
    login_as(client, world, "captation_officer")
    page_queries(client, reverse("www:guichet_received"), django_assert_num_queries, 8)


@pytest.mark.parametrize("events", [0, 4])
def test_the_request_page_runs_a_constant_number_of_queries(client, world, django_assert_num_queries, events):
    for _ in range(events):
        world.confided.events.create(kind=EventKind.SANS_REGLE, note="note")
    login_as(client, world, "animator")
    page_queries(
        client, reverse("www:guichet_request", args=[world.confided.pk]), django_assert_num_queries, 12
    )


def test_reading_a_request_writes_the_access_log(client, world):
    login_as(client, world, "platform_reader")
    response = client.get(reverse("www:guichet_request", args=[world.confided.pk]))
    assert "confiee@example.org" in response.content.decode()
    entry = AccessLogEntry.objects.get(user=client.membership.user)
    assert (entry.context, entry.subject_type, entry.subject_id, entry.household_id) == (
        AccessLogEntry.Context.GUICHET,
        "guichet.ownerrequest",
        world.confided.pk,
        None,
    )
    assert "Confier la demande" not in response.content.decode()  # a reader reads


def test_the_list_shows_no_owner_contact(client, world):
    login_as(client, world, "animator")
    page = client.get(reverse("www:guichet_home")).content.decode()
    assert "confiee@example.org" not in page and world.confided.last_name not in page
    assert not AccessLogEntry.objects.exists()


def test_opening_the_list_returns_the_overdue_requests_and_shows_them(client, world):
    _overdue(world.confided)
    login_as(client, world, "platform_reader")
    client.get(reverse("www:guichet_home"))
    world.confided.refresh_from_db()
    assert world.confided.status == Status.CONFIEE  # a reader's visit changes nothing
    login_as(client, world, "animator")
    page = client.get(reverse("www:guichet_home"), {"status": "revenue"}).content.decode()
    world.confided.refresh_from_db()
    assert world.confided.status == Status.REVENUE
    assert f"Demande n° {world.confided.pk}<" in page and f"Demande n° {world.received.pk}<" not in page


def test_an_overdue_request_is_in_red_until_it_returns(client, world):
    _overdue(world.confided)
    login_as(client, world, "platform_reader")
    page = client.get(reverse("www:guichet_home")).content.decode()
    assert "fr-badge--error" in page and f"Demande n° {world.confided.pk}<" in page


def test_the_returned_filter_lists_the_requests_that_came_back(client, world):
    """The old « en retard » filter was always empty (opening the list returns them first)."""
    login_as(client, world, "animator")
    url = reverse("www:guichet_home")
    client.post(
        reverse("www:guichet_request", args=[world.returned.pk]),
        {"action": "assign", "operator": world.other_operator.pk, "version": world.returned.version},
    )  # confided again since it came back: still listed
    _overdue(world.confided)
    page = client.get(url, {"returned": "on"}).content.decode()
    assert "Revenues faute de prise en charge" in page
    assert f"Demande n° {world.returned.pk}<" in page and f"Demande n° {world.confided.pk}<" in page
    assert f"Demande n° {world.received.pk}<" not in page


def test_bad_filters_are_ignored(client, world):
    login_as(client, world, "animator")
    assert client.get(reverse("www:guichet_home"), {"status": "x" * 500, "page": "abc"}).status_code == 200


def test_the_animator_confides_a_received_request(client, world):
    login_as(client, world, "animator")
    url = reverse("www:guichet_request", args=[world.received.pk])
    data = {"action": "assign", "operator": world.other_operator.pk, "version": world.received.version}
    assert client.post(url, data).status_code == 302
    world.received.refresh_from_db()
    assert (world.received.status, world.received.assigned_operator) == (Status.CONFIEE, world.other_operator)
    stale = client.post(url, data | {"operator": world.operator.pk})
    assert stale.status_code == 302
    world.received.refresh_from_db()
    assert world.received.assigned_operator == world.other_operator  # the stale form changed nothing


def test_an_invalid_action_form_is_shown_with_its_errors(client, world):
    login_as(client, world, "animator")
    url = reverse("www:guichet_request", args=[world.received.pk])
    response = client.post(url, {"action": "close", "outcome": "captee", "version": world.received.version})
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_the_animator_adds_and_deletes_a_rule(client, world):
    login_as(client, world, "animator")
    url = reverse("www:guichet_rules")
    data = {"commune": "73065", "method": "capacite", "operator_0": world.operator.pk, "capacity_0": ""}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "indiquez le nombre de demandes par mois" in response.content.decode()
    assert client.post(url, data | {"capacity_0": "4"}).status_code == 302
    rule = RoutingRule.objects.get(commune_id="73065")
    assert [(t.operator, t.capacity_per_month) for t in rule.targets.all()] == [(world.operator, 4)]
    both = client.post(url, data | {"epci": "200069110", "capacity_0": "4"})
    assert "Choisissez un EPCI ou une commune" in both.content.decode()
    assert client.post(reverse("www:guichet_rule_delete", args=[rule.pk])).status_code == 302
    assert not RoutingRule.objects.filter(pk=rule.pk).exists()


def test_the_animator_sets_the_desk(client, world):
    login_as(client, world, "animator")
    url = reverse("www:guichet_settings")
    data = {
        "title": "Louer Solidaire",
        "slug": "louer-solidaire-test",
        "intro": "Bonjour",
        "acknowledge_days": "61",
        "contact_email": "",
        "version": world.desk.version,
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "doit être comprise entre 1 et 60 jours" in response.content.decode()
    assert client.post(url, data | {"acknowledge_days": "10", "slug": "suivi"}).status_code == 400
    assert client.post(url, data | {"acknowledge_days": "10"}).status_code == 302
    desk = Desk.objects.get(pk=world.desk.pk)
    assert (desk.acknowledge_days, desk.is_open, desk.version) == (10, False, world.desk.version + 1)
    stale = client.post(url, data | {"acknowledge_days": "12"})
    assert stale.status_code == 400 and "ont changé" in stale.content.decode()


def test_a_platform_without_a_desk_creates_it(client, world):
    platform = PlatformFactory(name="ADIL sans guichet")
    client.force_login(MembershipFactory(organisation=platform, role=Role.DIRECTOR).user)
    assert "Créer le guichet" in client.get(reverse("www:guichet_home")).content.decode()
    assert client.get(reverse("www:guichet_rules")).status_code == 404
    data = {"title": "Nouveau guichet", "slug": "nouveau", "acknowledge_days": "5", "is_open": "on"}
    assert client.post(reverse("www:guichet_settings"), data).status_code == 302
    assert Desk.objects.get(slug="nouveau").platform == platform


@pytest.mark.parametrize("version", [None, "stale"])
def test_a_desk_form_without_its_version_or_stale_writes_nothing(client, world, version):
    login_as(client, world, "animator")
    data = {"title": "Écrasé", "slug": world.desk.slug, "acknowledge_days": "9", "is_open": "on"}
    if version == "stale":
        data["version"] = world.desk.version + 5  # a colleague saved since
    response = client.post(reverse("www:guichet_settings"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert ("sa version manque" in page) if version is None else ("ont changé" in page)
    desk = Desk.objects.get(pk=world.desk.pk)
    assert (desk.title, desk.acknowledge_days, desk.version) == (
        world.desk.title,
        world.desk.acknowledge_days,
        world.desk.version,
    )


def test_an_automatic_return_has_no_author_and_one_reason(client, world):
    _overdue(world.confided)
    login_as(client, world, "animator")
    client.get(reverse("www:guichet_home"))  # the animator's visit triggers the return
    event = world.confided.events.get(kind=EventKind.REVENUE)
    assert event.by is None
    entry = JournalEntry.objects.filter(
        object_id=world.confided.pk, content_type__model="ownerrequest", changes__has_key="status"
    ).latest("pk")
    assert entry.actor is None
    page = client.get(reverse("www:guichet_request", args=[world.confided.pk])).content.decode()
    [line] = [li for li in page.split("<li>") if "Revenue au guichet" in li]
    assert "automatiquement, délai de prise en charge dépassé le" in line
    assert "(par" not in line and line.count("dépassé") == 1


def test_confide_lists_the_rules_operators_first_and_warns_about_the_late_one(client, world):
    far = OrganisationFactory(name="Structure lyonnaise", head_office_department_id="69")
    login_as(client, world, "animator")
    url = reverse("www:guichet_request", args=[world.returned.pk])
    page = client.get(url).content.decode().replace("&#x27;", "'")
    first, others = (
        page.index("Structures des règles du guichet"),
        page.index("Autres structures du territoire"),
    )
    assert first < page.index("Structure X — a laissé passer le délai") < others < page.index("Structure Y")
    assert far.name not in page  # another department of the region: not in the list
    assert "n'a pas pris la demande en charge dans le délai" in page
    data = {"action": "assign", "operator": world.operator.pk, "version": world.returned.version}
    page = client.post(url, data, follow=True).content.decode().replace("&#x27;", "'")
    assert "confiée à « Structure X »" in page and "Attention : « Structure X » n'a pas pris" in page
    assert client.post(url, data | {"operator": far.pk}).status_code == 400


def test_every_status_is_shown_in_one_badge_style(client, world):
    services.close(
        request=world.received, outcome="doublon", acting_user=world.animator, today=timezone.localdate()
    )
    login_as(client, world, "animator")
    page = client.get(reverse("www:guichet_home")).content.decode()
    badges = re.findall(
        r'<span class="fr-badge fr-badge--sm ([^"]*)" data-testid="statut">([^<]+)</span>', page
    )
    assert {label for _, label in badges} >= {
        "close (doublon)",
        "confiée à une structure",
        "revenue au guichet",
    }
    assert ">close (doublon)</td>" not in page  # no bare text among the badges
    detail = client.get(reverse("www:guichet_request", args=[world.received.pk])).content.decode()
    assert 'data-testid="statut">close (doublon)</span>' in detail
