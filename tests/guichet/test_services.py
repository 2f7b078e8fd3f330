"""Workflows of the desk: submit (token hashed, e-mail with the link, journal without the owner's
identity), shares created and revoked, assignment, return when overdue, close, captured when the lead is
signed, the management command."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from clef.guichet import services
from clef.guichet.enums import EventKind, Outcome, Status
from clef.guichet.models import OwnerRequest
from clef.guichet.tokens import hash_token
from clef.journal.models import JournalEntry
from clef.organisations.models import Share
from tests.factories.captation import LandlordFactory
from tests.factories.guichet import OwnerRequestFactory
from tests.guichet.conftest import TODAY, submit

pytestmark = pytest.mark.django_db


def _shares(request):
    return Share.objects.of_model(OwnerRequest).filter(object_id=request.pk)


def test_submit_stores_only_the_hash_of_the_token_and_mails_the_link(
    desk, epci_rule, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request, token = submit(desk)
    request.refresh_from_db()
    assert request.token_hash == hash_token(token) and token not in request.token_hash
    assert not OwnerRequest.objects.filter(token_hash=token).exists()
    [mail] = mailoutbox
    assert mail.to == ["helene.martin@example.org"]
    assert f"https://clef.test/suivi/{token}/" in mail.body
    assert "bien reçu" in mail.body and f"demande n° {request.pk}" in mail.body


def test_no_mail_when_the_transaction_fails(desk, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        submit(desk, consent=False)
    assert mailoutbox == []


def test_the_journal_reads_the_request_without_the_owners_identity(desk, epci_rule):
    request, _ = submit(desk)
    entries = JournalEntry.objects.filter(object_id=request.pk, content_type__model="ownerrequest")
    assert entries.count() == 2  # received, confided
    text = str(list(entries.values_list("changes", flat=True)))
    for personal in ("Hélène", "Martin", "helene.martin", "06 12"):
        assert personal not in text
    assert "Chambéry" in text and "confiée à une structure" in text
    assert all(entry.organisation_id == desk.platform_id for entry in entries)


def test_routing_shares_the_request_with_the_operator_in_the_name_of_the_animator(desk, epci_rule, operators):
    request, _ = submit(desk)
    [share] = _shares(request)
    assert (share.partner, share.access, share.created_by) == (
        operators[0],
        Share.Access.CAPTATION,
        desk.animator,
    )
    assert (request.assigned_on, request.acknowledge_by) == (
        TODAY,
        TODAY + timedelta(days=desk.acknowledge_days),
    )
    assert request.events.filter(kind=EventKind.CONFIEE, operator=operators[0], rule=epci_rule).exists()


def test_without_a_named_animator_the_platforms_first_animator_shares(desk, epci_rule):
    first = desk.animator
    desk.animator = None
    desk.save()
    request, _ = submit(desk)
    assert _shares(request).get().created_by == first


def test_a_closed_desk_refuses(desk):
    desk.is_open = False
    desk.save()
    with pytest.raises(ValidationError, match="ne reçoit plus"):
        submit(desk)


def test_reassigning_revokes_the_first_share(desk, epci_rule, operators):
    request, _ = submit(desk)
    services.assign(request=request, operator=operators[2], acting_user=desk.animator, today=TODAY)
    first, second = _shares(request).order_by("pk")
    assert (first.partner, first.revoked_at is not None, first.revoked_by) == (
        operators[0],
        True,
        desk.animator,
    )
    assert (second.partner, second.revoked_at) == (operators[2], None)
    request.refresh_from_db()
    assert (request.status, request.assigned_operator) == (Status.CONFIEE, operators[2])


def test_assigning_to_the_same_operator_is_refused(desk, epci_rule, operators):
    request, _ = submit(desk)
    with pytest.raises(ValidationError, match="déjà confiée à cette structure"):
        services.assign(request=request, operator=operators[0], acting_user=desk.animator, today=TODAY)


def test_assigning_to_an_operator_the_owner_asked_not_to_contact_is_refused(desk, operators):
    LandlordFactory(organisation=operators[1], email="proprio@example.org", not_to_contact=True)
    request = OwnerRequestFactory(desk=desk, email="proprio@example.org")
    with pytest.raises(ValidationError, match="demandé à ne pas être contacté"):
        services.assign(request=request, operator=operators[1], acting_user=desk.animator, today=TODAY)
    assert not _shares(request).exists()


def test_a_stale_assignment_is_refused(desk, operators):
    request = OwnerRequestFactory(desk=desk)
    with pytest.raises(ValidationError, match="a été modifié"):
        services.assign(
            request=request,
            operator=operators[0],
            acting_user=desk.animator,
            today=TODAY,
            version=request.version + 1,
        )


def test_an_overdue_request_returns_to_the_desk_and_the_share_is_revoked(desk, epci_rule, operators):
    request, _ = submit(desk)
    deadline = request.acknowledge_by
    assert services.return_overdue(today=deadline) == 0  # the operator has the whole last day
    assert services.return_overdue(today=deadline + timedelta(days=1)) == 1
    request.refresh_from_db()
    assert (request.status, request.assigned_operator, request.acknowledge_by) == (Status.REVENUE, None, None)
    assert _shares(request).get().revoked_at is not None
    event = request.events.get(kind=EventKind.REVENUE)
    assert event.operator == operators[0] and deadline.strftime("%d/%m/%Y") in event.note
    # Back with the animator: confided again, to another one.
    services.assign(request=request, operator=operators[1], acting_user=desk.animator, today=deadline)
    request.refresh_from_db()
    assert (request.status, request.assigned_operator) == (Status.CONFIEE, operators[1])


def test_the_command_returns_the_overdue_requests(desk, epci_rule, capsys):
    request, _ = submit(desk, today=date(2026, 1, 5))
    call_command("return_overdue_requests")
    request.refresh_from_db()
    assert request.status == Status.REVENUE
    assert "1 demande(s) revenue(s)" in capsys.readouterr().out


def test_closing_a_confided_request_revokes_its_share(desk, epci_rule):
    request, _ = submit(desk)
    services.close(request=request, outcome=Outcome.DOUBLON, acting_user=desk.animator, today=TODAY)
    request.refresh_from_db()
    assert (request.status, request.outcome, request.closed_on) == (Status.CLOSE, Outcome.DOUBLON, TODAY)
    assert _shares(request).get().revoked_at is not None
    with pytest.raises(ValidationError, match="close"):
        services.close(request=request, outcome=Outcome.SANS_SUITE, acting_user=desk.animator, today=TODAY)


def test_captured_is_not_set_by_hand(desk):
    request = OwnerRequestFactory(desk=desk)
    with pytest.raises(ValidationError, match="se constate à la signature"):
        services.close(request=request, outcome=Outcome.CAPTEE, acting_user=desk.animator, today=TODAY)
