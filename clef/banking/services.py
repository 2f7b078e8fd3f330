"""Writes of the bank statements: the import (`import_statement`) and the queue's actions (`assign_line`,
`ignore_line`, `requeue_line`). Each is one transaction, journaled; payments are posted by THE ledger writer
`clef.rental.services.record_payment` with `source_key="banque:<line pk>"` (a line is never posted twice;
after a return to the queue, `rules.payment_source_key`) and counter-passed by `rental.services.reverse_entry`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from clef.banking import rules
from clef.banking.enums import LineStatus, MatchRule, PaymentKind
from clef.banking.lines import StatementFileError
from clef.banking.matching import Match, candidate_leases, match_line
from clef.banking.models import BankLine, BankStatement
from clef.banking.parsers import read_statement
from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.rental import services as rental
from clef.rental.enums import EntrySource
from clef.rental.models import Lease, LedgerEntry
from clef.utils.writes import lock_and_check_version, register_constraint_errors, register_write

Action = JournalEntry.Action

OPERATION_ONCE = (
    "Une opération de ce relevé vient d'être importée par un autre relevé : rien n'a été enregistré ; "
    "importez le fichier de nouveau."
)
register_constraint_errors(
    {
        "bankstatement_file_once": "Ce relevé a déjà été importé : rien n'a été enregistré.",
        "bankline_operation_once": OPERATION_ONCE,
        # SQLite names the columns, not the constraint
        "banking_bankline.organisation_id, banking_bankline.natural_key": OPERATION_ONCE,
    }
)


def _s(count: int) -> str:
    return "s" if count > 1 else ""


@dataclass
class ImportSummary:
    statement: BankStatement
    lines: int
    matched: int
    queued: int
    ignored: int
    known: int = 0  # operations already imported by an earlier statement: skipped
    not_booked: int = 0  # CAMT entries not booked (Sts other than BOOK): skipped
    reversals: int = 0  # cancellations by the bank (RvslInd), among the ignored lines

    @property
    def message(self) -> str:
        text = (
            f"{self.statement.file_name} : {self.lines} ligne{_s(self.lines)}, "
            f"{self.matched} rapprochée{_s(self.matched)}, {self.queued} à traiter, "
            f"{self.ignored} ignorée{_s(self.ignored)} "
            + (
                f"(débits, dont {self.reversals} annulation{_s(self.reversals)} de la banque)."
                if self.reversals
                else "(débits)."
            )
        )
        if self.known:
            text += (
                f" {self.known} opération{_s(self.known)} déjà importée{_s(self.known)} par un relevé précédent : "
                f"non reprise{_s(self.known)}."
            )
        if self.not_booked:
            text += (
                f" {self.not_booked} opération{_s(self.not_booked)} non comptabilisée{_s(self.not_booked)} "
                f"(statut autre que BOOK) : non reprise{_s(self.not_booked)}."
            )
        return text


def already_imported(organisation_id: int, data: bytes) -> BankStatement | None:
    sha = hashlib.sha256(data).hexdigest()
    return BankStatement.objects.filter(organisation_id=organisation_id, file_sha256=sha).first()


def _refuse_duplicate(organisation_id: int, data: bytes) -> None:
    previous = already_imported(organisation_id, data)
    if previous is not None:
        raise StatementFileError(
            [
                f"Ce relevé a déjà été importé le {journal.moment_fr(previous.imported_at)} "
                f"(« {previous.file_name} ») : rien n'a été enregistré."
            ]
        )


def _new_operations(organisation_id: int, file_name: str, parsed: list) -> tuple[list, int]:
    """The operations of the file not imported yet, each with its natural key, and how many were known.
    Refuses the file when every operation was already imported."""
    keys = rules.natural_keys(parsed)
    known = set(
        BankLine.objects.filter(organisation_id=organisation_id, natural_key__in=keys).values_list(
            "natural_key", flat=True
        )
    )
    new = [(line, key) for line, key in zip(parsed, keys, strict=True) if key not in known]
    if not new:
        raise StatementFileError(
            [
                f"{file_name} : les {len(parsed)} opérations de ce relevé ont déjà été importées par des "
                "relevés précédents : rien n'a été enregistré."
                if len(parsed) > 1
                else f"{file_name} : l'opération de ce relevé a déjà été importée : rien n'a été enregistré."
            ]
        )
    return new, len(parsed) - len(new)


def _store_lines(statement: BankStatement, new: list) -> list[BankLine]:
    return BankLine.objects.bulk_create(
        BankLine(
            statement=statement,
            organisation_id=statement.organisation_id,
            line_number=p.line_number,
            natural_key=key,
            booked_on=p.booked_on,
            amount=p.amount,
            label=p.label,
            counterparty=p.counterparty,
            reference=p.reference,
            status=LineStatus.IGNOREE if rules.ignored_reason(p) else LineStatus.A_TRAITER,
            ignored_reason=rules.ignored_reason(p),
        )
        for p, key in new
    )


@register_write
def import_statement(*, organisation, file_name: str, data: bytes, acting_user) -> ImportSummary:
    """Read, store and match a statement, all or nothing. StatementFileError (French lines) when the file
    is refused: unreadable, out of bounds, already imported by this organisation (same SHA-256), or every
    operation of it already imported (`rules.natural_keys`). Operations already imported by an overlapping
    statement, and CAMT entries not booked, are skipped and counted."""
    _refuse_duplicate(organisation.pk, data)
    kind, parsed, not_booked = read_statement(file_name, data)
    new, known = _new_operations(organisation.pk, file_name, parsed)
    statement = BankStatement(
        organisation=organisation,
        file_name=file_name[:200],
        file_sha256=hashlib.sha256(data).hexdigest(),
        format=kind,
        imported_by=acting_user,
        lines_count=len(new),
        known_count=known,
        not_booked_count=not_booked,
    )
    statement.full_clean()
    statement.save()
    lines = _store_lines(statement, new)
    matched, queued = _match_all(statement, lines, acting_user)
    statement.matched_count = matched
    statement.save(update_fields=["matched_count"])
    reversals = sum(1 for p, _ in new if p.reversal)
    summary = ImportSummary(
        statement, len(lines), matched, queued, len(lines) - matched - queued, known, not_booked, reversals
    )
    journal.record_action(
        acting_user=acting_user,
        organisation_id=organisation.pk,
        subject=statement,
        action=Action.IMPORT,
        label=f"relevé bancaire « {statement.file_name} »",
        changes={
            "Lignes": journal.change("Lignes", None, str(summary.lines)),
            "Rapprochées": journal.change("Rapprochées", None, str(matched)),
            "À traiter": journal.change("À traiter", None, str(queued)),
            "Déjà importées": journal.change("Déjà importées", None, str(known)),
            "Non comptabilisées": journal.change("Non comptabilisées", None, str(not_booked)),
        },
    )
    return summary


def _match_all(statement: BankStatement, lines: list[BankLine], acting_user) -> tuple[int, int]:
    credits = [line for line in lines if line.status == LineStatus.A_TRAITER]
    if not credits:
        return 0, 0
    leases = list(candidate_leases(statement.organisation_id))
    matched = 0
    for line in credits:
        found = match_line(line, leases)
        if found.lease is None:
            line.queue_reason = found.reason[:300]
            line.save(update_fields=["queue_reason"])
            continue
        _post(line, found, acting_user=acting_user, by_hand=False)
        matched += 1
    return matched, len(credits) - matched


def _post(line: BankLine, found: Match, *, acting_user, by_hand: bool) -> None:
    """The payment on the lease's ledger and the line marked as matched (inside the caller's transaction)."""
    entry = rental.record_payment(
        found.lease,
        line.amount,
        line.booked_on,
        kind=found.kind,
        label=f"Virement du {line.booked_on:%d/%m/%Y} : {line.label}"[:200],
        source=EntrySource.RELEVE_BANCAIRE,
        source_key=rules.payment_source_key(line),
        acting_user=acting_user,
    )
    line.lease, line.entry, line.kind, line.matched_rule = found.lease, entry, found.kind, found.rule
    line.status, line.queue_reason = LineStatus.RAPPROCHEE, ""
    line.matched_by, line.matched_at = (acting_user if by_hand else None), timezone.now()
    line.save()


def _check_queued_credit(line: BankLine) -> None:
    if line.status == LineStatus.RAPPROCHEE:
        raise ValidationError("Cette ligne a déjà été rapprochée : rien n'a été enregistré.")
    if line.amount <= 0:
        raise ValidationError("Un débit ne se rapproche pas d'un compte de ménage.")


@register_write
def assign_line(
    *, line: BankLine, lease: Lease, kind: str, expected_version: int | None, acting_user
) -> BankLine:
    """Post a queued (or ignored) credit on a lease of the line's organisation, by hand."""
    stored = lock_and_check_version(line, expected_version)
    _check_queued_credit(stored)
    if lease.organisation_id != stored.organisation_id:
        raise ValidationError({"lease": "Ce titre d'occupation n'appartient pas à votre structure."})
    if kind not in PaymentKind.values:
        raise ValidationError({"kind": "Nature du paiement inconnue."})
    before = journal.snapshot(stored)
    stored.version += 1
    _post(stored, Match(lease, kind, MatchRule.MANUAL), acting_user=acting_user, by_hand=True)
    BankStatement.objects.filter(pk=stored.statement_id).update(matched_count=F("matched_count") + 1)
    journal.record(
        acting_user=acting_user,
        instance=stored,
        action=Action.UPDATE,
        before=before,
        household_id=lease.stay.household_id,
    )
    return stored


@register_write
def ignore_line(*, line: BankLine, reason: str, expected_version: int | None, acting_user) -> BankLine:
    """Set a queued line aside with a reason (a transfer between the operator's accounts, a refund…)."""
    stored = lock_and_check_version(line, expected_version)
    if stored.status != LineStatus.A_TRAITER:
        raise ValidationError("Seule une ligne à traiter peut être ignorée : rien n'a été enregistré.")
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"ignored_reason": "Indiquez pourquoi cette ligne est ignorée."})
    before = journal.snapshot(stored)
    stored.status, stored.ignored_reason, stored.version = LineStatus.IGNOREE, reason, stored.version + 1
    stored.matched_by, stored.matched_at = acting_user, timezone.now()
    stored.full_clean()
    stored.save()
    journal.record(acting_user=acting_user, instance=stored, action=Action.UPDATE, before=before)
    return stored


@register_write
def requeue_line(
    *, line: BankLine, reason: str, expected_version: int | None, acting_user, on=None
) -> BankLine:
    """« Remettre à traiter »: a matched line goes back to the queue with its reason. Its payment entry is
    counter-passed (who and why, `rental.services.reverse_entry`; a mandate's owner-side entries with it),
    unless it already was by hand: then no second counter-entry."""
    stored = lock_and_check_version(line, expected_version)
    reason = rules.check_requeue(stored, reason)
    entry = LedgerEntry.objects.select_related("lease__stay").get(pk=stored.entry_id)
    reversal = LedgerEntry.objects.filter(reverses=entry).first()
    if reversal is None:
        reversal = rental.reverse_entry(
            entry,
            f"Ligne {stored.line_number} du relevé remise à traiter : {reason}",
            acting_user,
            on=on or timezone.localdate(),
        )
        already = False
    else:
        already = True
    before = journal.snapshot(stored)
    stored.status, stored.queue_reason = LineStatus.A_TRAITER, f"Remise à traiter : {reason}"[:300]
    stored.lease = stored.entry = stored.matched_by = stored.matched_at = None
    stored.matched_rule, stored.kind = MatchRule.NONE, PaymentKind.PAIEMENT
    stored.requeued_count += 1
    stored.version += 1
    stored.full_clean()
    stored.save()
    BankStatement.objects.filter(pk=stored.statement_id, matched_count__gt=0).update(
        matched_count=F("matched_count") - 1
    )
    journal.record(
        acting_user=acting_user,
        instance=stored,
        action=Action.UPDATE,
        before=before,
        household_id=entry.lease.stay.household_id if entry.lease_id else None,
        extra={
            "Contre-passation": journal.change(
                "Contre-passation",
                None,
                f"déjà passée le {reversal.booked_on:%d/%m/%Y}"
                if already
                else f"passée le {reversal.booked_on:%d/%m/%Y}",
            )
        },
    )
    return stored
