"""« Remettre à traiter »: a matched line goes back to the queue; its payment is counter-passed once (never
edited), not a second time when it already was by hand; the line can then be matched again and is posted
again, once. One transaction, journaled, optimistic lock."""

from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from clef.banking import rules, services
from clef.banking.enums import LineStatus, MatchRule, PaymentKind
from clef.banking.models import BankLine, BankStatement
from clef.journal.models import JournalEntry
from clef.rental import services as rental
from clef.rental.enums import EntryKind
from clef.rental.models import LedgerEntry
from clef.rental.queries import balance
from clef.utils.writes import StaleEditError
from tests.banking.conftest import make_lease, statement_csv

pytestmark = pytest.mark.django_db
DAY = date(2026, 3, 20)


@pytest.fixture
def martin_line(operator, worked_example, manager) -> BankLine:
    """The worked example imported: line 2 is Martin's 650 € matched by its reference."""
    services.import_statement(
        organisation=operator, file_name="mars.csv", data=statement_csv(worked_example), acting_user=manager
    )
    return BankLine.objects.select_related("entry").get(line_number=2)


def requeue(line, manager, reason="Affectée au mauvais ménage", version=None):
    return services.requeue_line(
        line=line, reason=reason, expected_version=version or line.version, acting_user=manager, on=DAY
    )


def test_requeue_counter_passes_the_payment_and_queues_the_line(martin_line, worked_example, manager):
    martin = worked_example["martin"]
    payment = martin_line.entry
    assert balance(martin) == Decimal("-650.00")
    done = requeue(martin_line, manager)
    assert (done.status, done.lease, done.entry, done.matched_rule, done.version) == (
        LineStatus.A_TRAITER,
        None,
        None,
        MatchRule.NONE,
        martin_line.version + 1,
    )
    assert done.queue_reason == "Remise à traiter : Affectée au mauvais ménage"
    assert done.requeued_count == 1
    reversal = LedgerEntry.objects.get(reverses=payment)
    assert (reversal.kind, reversal.amount, reversal.booked_on, reversal.created_by) == (
        EntryKind.CONTRE_PASSATION,
        Decimal("650.00"),
        DAY,
        manager,
    )
    assert reversal.reason == "Ligne 2 du relevé remise à traiter : Affectée au mauvais ménage"
    assert LedgerEntry.objects.get(pk=payment.pk).amount == Decimal("-650.00")  # never edited
    assert balance(martin) == Decimal("0.00")
    assert BankStatement.objects.get().matched_count == 2


def test_requeue_is_journaled_with_the_household(martin_line, worked_example, manager):
    requeue(martin_line, manager)
    entry = JournalEntry.objects.filter(object_id=martin_line.pk, action=JournalEntry.Action.UPDATE).get()
    assert entry.household_id == worked_example["martin"].stay.household_id
    assert entry.changes["Contre-passation"]["new"] == "passée le 20/03/2026"
    assert entry.actor == manager


def test_an_entry_counter_passed_by_hand_is_not_counter_passed_twice(martin_line, worked_example, manager):
    rental.reverse_entry(martin_line.entry, "Doublon", manager, on=date(2026, 3, 10))
    line = BankLine.objects.select_related("entry__reversed_by").get(pk=martin_line.pk)
    assert rules.entry_reversed(line)
    assert BankLine.objects.to_handle().filter(pk=line.pk).exists()  # shown in the queue
    done = requeue(line, manager, reason="Contre-passée à la main")
    assert done.status == LineStatus.A_TRAITER
    assert LedgerEntry.objects.filter(kind=EntryKind.CONTRE_PASSATION).count() == 1
    assert balance(worked_example["martin"]) == Decimal("0.00")
    journal = JournalEntry.objects.filter(object_id=line.pk, action=JournalEntry.Action.UPDATE).get()
    assert journal.changes["Contre-passation"]["new"] == "déjà passée le 10/03/2026"


def test_a_requeued_line_is_matched_again_and_posted_once_more(martin_line, worked_example, manager):
    done = requeue(martin_line, manager)
    durand = worked_example["durand"]
    again = services.assign_line(
        line=done, lease=durand, kind=PaymentKind.PAIEMENT, expected_version=done.version, acting_user=manager
    )
    assert again.status == LineStatus.RAPPROCHEE and again.entry.source_key == f"banque:{done.pk}:2"
    assert balance(durand) == Decimal("-1300.00")  # its own 650 € line and this one
    assert balance(worked_example["martin"]) == Decimal("0.00")
    assert BankStatement.objects.get().matched_count == 3
    third = requeue(again, manager, reason="Encore une erreur")
    assert third.requeued_count == 2 and rules.payment_source_key(third) == f"banque:{third.pk}:3"
    assert balance(durand) == Decimal("-650.00")


def test_a_queued_or_ignored_line_is_not_requeued(operator, martin_line, manager):
    for line in BankLine.objects.exclude(status=LineStatus.RAPPROCHEE):
        with pytest.raises(ValidationError, match="Seule une ligne rapprochée se remet à traiter"):
            requeue(line, manager)
    assert not LedgerEntry.objects.filter(kind=EntryKind.CONTRE_PASSATION).exists()


def test_a_reason_is_required(martin_line, manager):
    with pytest.raises(ValidationError) as error:
        requeue(martin_line, manager, reason="  \n ")
    assert error.value.message_dict == {"reason": ["Indiquez pourquoi cette ligne est remise à traiter."]}
    assert BankLine.objects.get(pk=martin_line.pk).status == LineStatus.RAPPROCHEE


def test_a_stale_version_is_refused_and_nothing_is_written(martin_line, manager):
    with pytest.raises(StaleEditError):
        requeue(martin_line, manager, version=martin_line.version + 1)
    assert not LedgerEntry.objects.filter(kind=EntryKind.CONTRE_PASSATION).exists()
    assert BankLine.objects.get(pk=martin_line.pk).status == LineStatus.RAPPROCHEE


def test_requeue_is_all_or_nothing(martin_line, manager):
    with (
        mock.patch("clef.banking.services.journal.record", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        requeue(martin_line, manager)
    assert not LedgerEntry.objects.filter(kind=EntryKind.CONTRE_PASSATION).exists()
    line = BankLine.objects.get(pk=martin_line.pk)
    assert (line.status, line.version, line.requeued_count) == (LineStatus.RAPPROCHEE, 1, 0)


def test_a_mandate_payment_is_counter_passed_with_its_owner_entries(operator, manager):
    lease = make_lease(operator, "Roux", mandate=True)
    data = f"Date;Libellé;Montant\n05/03/2026;LOYER {lease.payment_reference};650,00\n".encode()
    services.import_statement(organisation=operator, file_name="m.csv", data=data, acting_user=manager)
    line = BankLine.objects.get(status=LineStatus.RAPPROCHEE)
    owner_side = LedgerEntry.objects.filter(source_key__startswith=f"lie:{line.entry_id}:")
    assert owner_side.count() >= 1
    requeue(line, manager)
    assert LedgerEntry.objects.filter(reverses__in=owner_side).count() == owner_side.count()
    assert balance(lease) == Decimal("0.00")
