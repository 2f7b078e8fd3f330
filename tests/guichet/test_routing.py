"""Routing of an owner's request: commune rule before EPCI rule, rotation, capacity, no rule, and the
do-not-contact rule of captation honoured (the animator is told)."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError

from clef.guichet import rules
from clef.guichet.enums import EventKind, RoutingMethod, Status
from clef.organisations.models import Share
from tests.factories.captation import LandlordFactory
from tests.factories.guichet import (
    CHAMBERY,
    LA_MOTTE_SERVOLEX,
    OwnerRequestFactory,
    RoutingRuleFactory,
    RoutingTargetFactory,
)
from tests.factories.organisations import OrganisationFactory
from tests.guichet.conftest import TODAY, submit

pytestmark = pytest.mark.django_db


def test_a_commune_rule_wins_over_its_epci_rule(desk, epci_rule, operators):
    special = OrganisationFactory(name="Structure de Chambéry")
    commune_rule = RoutingRuleFactory(desk=desk, on_commune=True)
    RoutingTargetFactory(rule=commune_rule, operator=special)
    request, _ = submit(desk, commune=CHAMBERY)
    assert (request.status, request.assigned_operator) == (Status.CONFIEE, special)
    other, _ = submit(desk, commune=LA_MOTTE_SERVOLEX, email="autre@example.org")
    assert other.assigned_operator == operators[0]  # the EPCI's rule


def test_without_a_rule_the_request_stays_with_the_animator(desk):
    request, _ = submit(desk)
    assert (request.status, request.assigned_operator) == (Status.RECUE, None)
    assert request.events.filter(kind=EventKind.SANS_REGLE).exists()
    assert not Share.objects.exists()


def test_rotation_gives_each_request_to_the_next_operator_in_order(desk, epci_rule, operators):
    routed = [submit(desk, email=f"p{n}@example.org")[0].assigned_operator for n in range(4)]
    assert routed == [operators[0], operators[1], operators[2], operators[0]]


def test_rotation_follows_the_last_one_the_rule_chose_not_a_manual_assignment(desk, epci_rule, operators):
    first, _ = submit(desk, email="p1@example.org")
    assert first.assigned_operator == operators[0]
    manual = OwnerRequestFactory(desk=desk, status=Status.RECUE)
    from clef.guichet import services

    services.assign(request=manual, operator=operators[2], acting_user=desk.animator, today=TODAY)
    assert submit(desk, email="p2@example.org")[0].assigned_operator == operators[1]


def test_capacity_gives_the_request_to_the_operator_with_the_most_room_this_month(desk, operators):
    rule = RoutingRuleFactory(desk=desk, by_capacity=True)
    RoutingTargetFactory(rule=rule, operator=operators[0], capacity_per_month=2, position=1)
    RoutingTargetFactory(rule=rule, operator=operators[1], capacity_per_month=3, position=2)
    # rooms 2 / 3 → B; 2 / 2 → A (first of equals); 1 / 2 → B; 1 / 1 → A; 0 / 1 → B; 0 / 0 → nobody
    routed = [submit(desk, email=f"p{n}@example.org")[0].assigned_operator for n in range(6)]
    assert routed == [operators[1], operators[0], operators[1], operators[0], operators[1], None]
    last = desk.requests.order_by("-pk").first()
    assert last.status == Status.RECUE
    assert "Aucune structure disponible" in last.events.get(kind=EventKind.SANS_REGLE).note


def test_capacity_counts_this_month_only(desk, operators):
    rule = RoutingRuleFactory(desk=desk, by_capacity=True)
    RoutingTargetFactory(rule=rule, operator=operators[0], capacity_per_month=1, position=1)
    request, _ = submit(desk, email="p1@example.org")
    assert rules.choose_operator(rule, TODAY) is None  # full this month
    request.events.filter(kind=EventKind.CONFIEE).update(at=datetime(2026, 10, 31, 12, tzinfo=UTC))
    assert rules.choose_operator(rule, TODAY) == operators[0]  # last month's does not count


def test_a_capacity_rule_needs_every_capacity():
    with pytest.raises(ValidationError, match="indiquez le nombre de demandes par mois"):
        rules.check_capacities(RoutingMethod.CAPACITE, [3, None])
    rules.check_capacities(RoutingMethod.ROTATION, [None, None])


def test_an_operator_the_owner_asked_not_to_contact_is_skipped_and_the_animator_told(
    desk, epci_rule, operators
):
    LandlordFactory(organisation=operators[0], email="Helene.Martin@example.org", not_to_contact=True)
    request, _ = submit(desk)
    assert request.assigned_operator == operators[1]
    event = request.events.get(kind=EventKind.NE_PAS_CONTACTER)
    assert event.operator == operators[0]
    assert "Ce propriétaire a demandé à ne pas être contacté (depuis le 15/01/2026)." in event.note


def test_when_every_operator_is_refused_the_request_stays_received(desk, operators):
    rule = RoutingRuleFactory(desk=desk)
    RoutingTargetFactory(rule=rule, operator=operators[0])
    LandlordFactory(organisation=operators[0], email="helene.martin@example.org", not_to_contact=True)
    request, _ = submit(desk)
    assert (request.status, request.assigned_operator) == (Status.RECUE, None)
    assert request.events.filter(kind=EventKind.NE_PAS_CONTACTER).count() == 1


def test_a_contactable_landlord_with_the_same_email_does_not_block(desk, epci_rule, operators):
    LandlordFactory(organisation=operators[0], email="helene.martin@example.org")
    assert submit(desk)[0].assigned_operator == operators[0]


def test_the_deadline_is_the_assignment_day_plus_the_desks_days(desk):
    desk.acknowledge_days = 5
    assert rules.acknowledge_deadline(desk, date(2026, 11, 2)) == date(2026, 11, 7)


def test_the_default_delay_is_the_setting(settings):
    from clef.guichet.models import default_acknowledge_days

    settings.CLEF_GUICHET = {**settings.CLEF_GUICHET, "acknowledge_days": 9}
    assert default_acknowledge_days() == 9


@pytest.mark.parametrize(
    ("current", "target", "words"),
    [
        (Status.CLOSE, Status.CONFIEE, "Cette demande est close"),
        (Status.RECUE, Status.PRISE_EN_CHARGE, "n'est pas confiée à votre structure"),
        (Status.PRISE_EN_CHARGE, Status.CONFIEE, "déjà prise en charge"),
        (Status.RECUE, Status.REVENUE, "ne peut pas passer"),
    ],
)
def test_refused_transitions_say_why(current, target, words):
    with pytest.raises(ValidationError, match=words):
        rules.check_transition(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (Status.RECUE, Status.CONFIEE),
        (Status.CONFIEE, Status.CONFIEE),
        (Status.CONFIEE, Status.PRISE_EN_CHARGE),
        (Status.CONFIEE, Status.REVENUE),
        (Status.REVENUE, Status.CONFIEE),
        (Status.PRISE_EN_CHARGE, Status.CLOSE),
    ],
)
def test_allowed_transitions(current, target):
    rules.check_transition(current, target)


def test_consent_is_required(desk):
    with pytest.raises(ValidationError, match="Cochez la case d'accord"):
        submit(desk, consent=False)
    assert not desk.requests.exists()


def test_a_commune_outside_the_territory_is_refused(desk):
    with pytest.raises(ValidationError, match="n'est pas couverte par ce guichet"):
        submit(desk, commune="69383")
