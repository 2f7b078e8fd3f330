"""The rent ledgers of the two demo operators and what builds on them, in order: leases, differentials,
deposits, monthly calls, payments (a bank statement among them), benefit statuses and CAF/MSA reports,
inventories and damage claims, reminders, repayment plans and litigation, the yearly life of the leases,
Visale. Written once: nothing if the demo operators already have leases."""

from __future__ import annotations

from dataclasses import dataclass

from clef.demo.rental import banking, damages, ledger, profiles, recovery, visale, yearly
from clef.demo.rental import leases as lease_rows
from clef.demo.rental.context import OPERATORS, RentalContext
from clef.demo.rental.ledger import PlanTerms
from clef.demo.rental.profiles import Profile
from clef.rental.models import Lease, LedgerEntry, RentDifferential
from clef.utils.bulk import analyze_after_bulk_load


@dataclass(eq=False)
class Accounts:
    """What the later parts (bank statement, recovery, Visale) build on."""

    profiles: list[Profile]
    leases: dict[int, Lease]  # stay pk → its lease
    payments: list[LedgerEntry]  # unsaved: the caller writes them (some through the bank statement)
    plans: list[PlanTerms]


def accounts_loaded() -> bool:
    """The demo operators have leases (the demo's, or some entered in the pages of a demo loaded before
    issue 10): the generation never mixes with them."""
    return Lease.objects.filter(organisation__external_id__in=OPERATORS.values()).exists()


def write_ledgers(ctx: RentalContext) -> tuple[Accounts, dict[str, int]]:
    """Leases, differentials, deposits and calls written; the payments drawn (not written)."""
    drawn = profiles.draw_profiles(ctx)
    rows = [lease_rows.build_lease(ctx, profile) for profile in drawn]
    for row in rows:
        row.created_at = ctx.stamp(max(row.starts_on, ctx.first_month))
    damages.bulk_dated(Lease, rows)
    by_stay = {row.stay_id: row for row in rows}
    differentials = lease_rows.differentials(ctx, by_stay, drawn)
    RentDifferential.objects.bulk_create(differentials)
    LedgerEntry.objects.bulk_create(lease_rows.deposits(ctx, rows))
    indices = yearly.load_indices()
    calls, revisions = ledger.run_calls(ctx, by_stay, drawn)
    result = ledger.payments(ctx, by_stay, drawn)
    counts = {
        "titres d'occupation": len(rows),
        "différentiels de loyer": len(differentials),
        "appels": calls,
        "révisions de loyer décidées": revisions,
    } | indices
    return Accounts(drawn, by_stay, result.rows, result.plans), counts


def write_payments(ctx: RentalContext, accounts: Accounts) -> dict[str, int]:
    """The payments: this month's of « Clé Solidaire de l'Isère » through its bank statement (imported and
    matched by the banking service), the others written directly."""
    statement = banking.statement_rows(ctx, accounts.payments)
    on_statement = {id(row) for row in statement}
    counts = {"paiements": ledger.write_payments([r for r in accounts.payments if id(r) not in on_statement])}
    return counts | banking.import_statement(ctx, statement)


def write_after_payments(ctx: RentalContext, accounts: Accounts) -> dict[str, int]:
    """Once the payments are in: statuses and reports, inventories and claims, the leases' yearly life."""
    counts = {"signalements CAF/MSA": ledger.finish(ctx, accounts.leases, accounts.profiles)}
    analyze_after_bulk_load(Lease, LedgerEntry)
    on_time = [accounts.leases[p.stay.pk] for p in accounts.profiles if p.kind == "a_jour"]
    counts |= damages.write_inventories(ctx, list(accounts.leases.values()), on_time)
    counts["relances"] = recovery.reminders(ctx, accounts.leases, accounts.profiles)
    counts["plans d'apurement"] = len(recovery.plans(ctx, accounts.plans))
    steps, reviews = recovery.cases(ctx, accounts.leases, accounts.profiles)
    counts |= {"étapes contentieuses": steps, "points contentieux": reviews}
    counts |= yearly.write(ctx, accounts.leases, accounts.profiles)
    counts |= visale.write(ctx, accounts.leases, accounts.profiles)
    return counts
