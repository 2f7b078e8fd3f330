"""The import of a statement (atomic, idempotent, journaled) and the queue's actions."""

from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from clef.banking import services
from clef.banking.enums import LineStatus, MatchRule, PaymentKind
from clef.banking.lines import StatementFileError
from clef.banking.models import BankLine, BankStatement
from clef.journal.models import JournalEntry
from clef.rental.enums import EntryKind, EntrySource
from clef.rental.models import LedgerEntry
from clef.rental.queries import balance
from clef.utils.writes import StaleEditError
from tests.banking.conftest import make_lease, statement_csv
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db


def import_example(operator, worked_example, manager, data=None):
    return services.import_statement(
        organisation=operator,
        file_name="releve-mars.csv",
        data=data or statement_csv(worked_example),
        acting_user=manager,
    )


def test_worked_example_three_matched_one_ambiguous_one_debit(operator, worked_example, manager):
    summary = import_example(operator, worked_example, manager)
    assert (summary.lines, summary.matched, summary.queued, summary.ignored) == (5, 3, 1, 1)
    assert summary.message == "releve-mars.csv : 5 lignes, 3 rapprochées, 1 à traiter, 1 ignorée (débits)."
    lines = list(summary.statement.lines.order_by("line_number"))
    assert [(x.status, x.lease, x.kind, x.matched_rule) for x in lines] == [
        (LineStatus.RAPPROCHEE, worked_example["martin"], PaymentKind.PAIEMENT, MatchRule.REFERENCE),
        (LineStatus.RAPPROCHEE, worked_example["petit"], PaymentKind.AIDE_LOGEMENT, MatchRule.BENEFIT),
        (LineStatus.RAPPROCHEE, worked_example["durand"], PaymentKind.PAIEMENT, MatchRule.NAME_AMOUNT),
        (LineStatus.A_TRAITER, None, PaymentKind.PAIEMENT, MatchRule.NONE),
        (LineStatus.IGNOREE, None, PaymentKind.PAIEMENT, MatchRule.NONE),
    ]
    assert lines[3].queue_reason == "2 ménages de ce nom doivent ce montant chaque mois"
    assert lines[4].ignored_reason == "débit"
    assert all(x.matched_by is None and x.matched_at for x in lines[:3])
    statement = BankStatement.objects.get()
    assert (statement.lines_count, statement.matched_count, statement.format) == (5, 3, "csv")


def test_matched_lines_are_posted_once_on_the_ledger(operator, worked_example, manager):
    summary = import_example(operator, worked_example, manager)
    entries = LedgerEntry.objects.filter(source=EntrySource.RELEVE_BANCAIRE).order_by("booked_on")
    assert [(e.lease, e.kind, e.amount) for e in entries] == [
        (worked_example["martin"], EntryKind.PAIEMENT, Decimal("-650.00")),
        (worked_example["petit"], EntryKind.AIDE_LOGEMENT, Decimal("-300.00")),
        (worked_example["durand"], EntryKind.PAIEMENT, Decimal("-650.00")),
    ]
    first = summary.statement.lines.order_by("line_number").first()
    assert first.entry.source_key == f"banque:{first.pk}"
    assert balance(worked_example["martin"]) == Decimal("-650.00")


def test_the_same_file_again_is_refused_and_nothing_is_written(operator, worked_example, manager):
    import_example(operator, worked_example, manager)
    counts = (BankStatement.objects.count(), BankLine.objects.count(), LedgerEntry.objects.count())
    journal = JournalEntry.objects.count()
    with pytest.raises(StatementFileError) as caught:
        import_example(operator, worked_example, manager)
    assert caught.value.errors[0].startswith("Ce relevé a déjà été importé le ")
    assert "(« releve-mars.csv ») : rien n'a été enregistré." in caught.value.errors[0]
    assert (BankStatement.objects.count(), BankLine.objects.count(), LedgerEntry.objects.count()) == counts
    assert JournalEntry.objects.count() == journal


def test_another_organisation_may_import_the_same_file_and_never_matches_our_leases(
    operator, worked_example, manager
):
    other = OrganisationFactory()
    summary = services.import_statement(
        organisation=other, file_name="r.csv", data=statement_csv(worked_example), acting_user=manager
    )
    assert (summary.matched, summary.queued) == (0, 4)
    assert not LedgerEntry.objects.filter(source=EntrySource.RELEVE_BANCAIRE).exists()


def test_a_refused_file_writes_nothing(operator, worked_example, manager):
    with pytest.raises(StatementFileError):
        import_example(operator, worked_example, manager, data=b"Date;Montant\n31/02/2026;10\n")
    assert not BankStatement.objects.exists()


def test_the_import_is_all_or_nothing(operator, worked_example, manager):
    real = services.rental.record_payment
    calls = []

    def failing_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise ValidationError("panne")
        return real(*args, **kwargs)

    with mock.patch.object(services.rental, "record_payment", failing_second), pytest.raises(ValidationError):
        import_example(operator, worked_example, manager)
    assert not BankStatement.objects.exists()
    assert not BankLine.objects.exists()
    assert not LedgerEntry.objects.filter(source=EntrySource.RELEVE_BANCAIRE).exists()


def test_the_import_is_journaled(operator, worked_example, manager):
    summary = import_example(operator, worked_example, manager)
    entry = JournalEntry.objects.get(action=JournalEntry.Action.IMPORT, object_id=summary.statement.pk)
    assert entry.organisation_id == operator.pk and entry.actor == manager
    assert entry.changes["Rapprochées"]["new"] == "3"


def test_camt053_sample_is_imported(operator, manager):
    from pathlib import Path

    import clef.banking

    data = (Path(clef.banking.__file__).parent / "data" / "releve-exemple-camt053.xml").read_bytes()
    summary = services.import_statement(
        organisation=operator, file_name="releve.xml", data=data, acting_user=manager
    )
    assert (summary.statement.format, summary.lines, summary.ignored) == ("camt053", 4, 1)


def queued_line(operator, worked_example, manager) -> BankLine:
    import_example(operator, worked_example, manager)
    return BankLine.objects.get(status=LineStatus.A_TRAITER)


def test_assigning_a_queued_line_posts_the_payment(operator, worked_example, manager):
    line = queued_line(operator, worked_example, manager)
    bernard = worked_example["bernard2"]
    done = services.assign_line(
        line=line,
        lease=bernard,
        kind=PaymentKind.PAIEMENT,
        expected_version=line.version,
        acting_user=manager,
    )
    assert (done.status, done.lease, done.matched_rule, done.matched_by, done.version) == (
        LineStatus.RAPPROCHEE,
        bernard,
        MatchRule.MANUAL,
        manager,
        2,
    )
    assert done.entry.source_key == f"banque:{line.pk}" and done.entry.amount == Decimal("-350.00")
    assert balance(bernard) == Decimal("-350.00")
    assert BankStatement.objects.get().matched_count == 4
    journal = JournalEntry.objects.filter(object_id=line.pk, action=JournalEntry.Action.UPDATE).get()
    assert journal.household_id == bernard.stay.household_id


def test_a_line_already_matched_is_never_posted_twice(operator, worked_example, manager):
    line = queued_line(operator, worked_example, manager)
    lease = worked_example["bernard1"]
    services.assign_line(line=line, lease=lease, kind="paiement", expected_version=1, acting_user=manager)
    with pytest.raises(ValidationError, match="déjà été rapprochée"):
        services.assign_line(
            line=line, lease=lease, kind="paiement", expected_version=None, acting_user=manager
        )
    assert LedgerEntry.objects.filter(source_key=f"banque:{line.pk}").count() == 1


def test_a_stale_version_is_refused(operator, worked_example, manager):
    line = queued_line(operator, worked_example, manager)
    services.ignore_line(line=line, reason="Virement interne", expected_version=1, acting_user=manager)
    with pytest.raises(StaleEditError):
        services.assign_line(
            line=line,
            lease=worked_example["bernard1"],
            kind="paiement",
            expected_version=1,
            acting_user=manager,
        )
    assert not LedgerEntry.objects.filter(source_key=f"banque:{line.pk}").exists()


def test_a_lease_of_another_organisation_is_refused(operator, worked_example, manager):
    line = queued_line(operator, worked_example, manager)
    foreign = make_lease(OrganisationFactory(), "Bernard")
    with pytest.raises(ValidationError) as caught:
        services.assign_line(
            line=line, lease=foreign, kind="paiement", expected_version=1, acting_user=manager
        )
    assert caught.value.message_dict == {
        "lease": ["Ce titre d'occupation n'appartient pas à votre structure."]
    }
    assert BankLine.objects.get(pk=line.pk).status == LineStatus.A_TRAITER


def test_a_debit_cannot_be_assigned(operator, worked_example, manager):
    import_example(operator, worked_example, manager)
    debit = BankLine.objects.get(amount__lt=0)
    with pytest.raises(ValidationError, match="Un débit"):
        services.assign_line(
            line=debit,
            lease=worked_example["martin"],
            kind="paiement",
            expected_version=1,
            acting_user=manager,
        )


def test_an_ignored_credit_can_still_be_assigned(operator, worked_example, manager):
    line = queued_line(operator, worked_example, manager)
    ignored = services.ignore_line(line=line, reason="À vérifier", expected_version=1, acting_user=manager)
    done = services.assign_line(
        line=ignored,
        lease=worked_example["bernard1"],
        kind="paiement",
        expected_version=2,
        acting_user=manager,
    )
    assert (done.status, done.ignored_reason, done.version) == (LineStatus.RAPPROCHEE, "À vérifier", 3)


def test_ignoring_needs_a_reason_and_is_journaled(operator, worked_example, manager):
    line = queued_line(operator, worked_example, manager)
    with pytest.raises(ValidationError) as caught:
        services.ignore_line(line=line, reason="  ", expected_version=1, acting_user=manager)
    assert caught.value.message_dict == {"ignored_reason": ["Indiquez pourquoi cette ligne est ignorée."]}
    done = services.ignore_line(
        line=line, reason="Remboursement  de caution", expected_version=1, acting_user=manager
    )
    assert (done.status, done.ignored_reason, done.version) == (
        LineStatus.IGNOREE,
        "Remboursement de caution",
        2,
    )
    assert JournalEntry.objects.filter(object_id=line.pk, action=JournalEntry.Action.UPDATE).exists()
    with pytest.raises(ValidationError, match="Seule une ligne à traiter"):
        services.ignore_line(line=done, reason="encore", expected_version=2, acting_user=manager)
