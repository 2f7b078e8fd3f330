"""The demo's bank statement: this month's payments of « Clé Solidaire de l'Isère » arrive through its bank
statement (a CSV in the format of docs/spec/releve-bancaire.md) imported by `banking.services.import_statement`,
which matches them and posts them to the ledgers: the households' transfers by their reference « CLEF-<pk> »
(two by name and amount), the CAF/MSA's by the benefit amount; a bank fee is ignored (debit) and three lines
stay in the queue (a charity paying part of a rent, an unknown reference, two references on one line)."""

from __future__ import annotations

from decimal import Decimal

from clef.banking import services as banking_services
from clef.demo.rental.context import RentalContext
from clef.rental.enums import EntryKind
from clef.rental.models import LedgerEntry
from clef.rental.rules import month_label, net_monthly_due

BY_NAME = 2  # household transfers without reference (matched by name and amount)


def _amount(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def statement_rows(ctx: RentalContext, rows: list[LedgerEntry]) -> list[LedgerEntry]:
    """The payments this month of op2 that its bank statement carries (the others are bulk inserted)."""
    op2 = ctx.operators["op2"].pk
    this_month = ctx.today.replace(day=1)
    mine = [r for r in rows if r.lease.organisation_id == op2 and r.booked_on >= this_month]
    leases = {r.lease.pk: r.lease for r in rows if r.lease.organisation_id == op2}.values()
    benefits = [lease.benefit_amount for lease in leases if lease.benefit_tiers_payant]  # one per lease
    chosen = []
    for row in mine:
        if row.kind == EntryKind.AIDE_LOGEMENT:
            if -row.amount == row.lease.benefit_amount and benefits.count(row.lease.benefit_amount) == 1:
                chosen.append(row)
        else:
            chosen.append(row)
    return chosen


def _line(row: LedgerEntry, by_name: bool, names: dict[int, str]) -> list[str]:
    lease, amount = row.lease, -row.amount
    if row.kind == EntryKind.AIDE_LOGEMENT:
        payer = "MSA ALPES DU NORD" if lease.benefit_payer == "msa" else "CAF DE L'ISERE"
        label = f"VIR {payer.split()[0]} {lease.get_benefit_kind_display()} {month_label(row.period).upper()}"
        return [f"{row.booked_on:%d/%m/%Y}", label, _amount(amount), payer, ""]
    name = names.get(lease.stay_id, "")
    if by_name:
        return [f"{row.booked_on:%d/%m/%Y}", "VIREMENT LOYER", _amount(amount), name, ""]
    label = f"VIR LOYER {month_label(row.period).upper()}"
    return [f"{row.booked_on:%d/%m/%Y}", label, _amount(amount), name, lease.payment_reference]


def build_file(ctx: RentalContext, rows: list[LedgerEntry]) -> bytes:
    names = {s.pk: s.name for s in ctx.stays}
    named = 0
    lines = []
    for row in sorted(rows, key=lambda r: (r.booked_on, r.lease.pk, r.kind)):
        by_name = (
            named < BY_NAME
            and row.kind == EntryKind.PAIEMENT
            and -row.amount == net_monthly_due(row.lease)
            and not row.lease.benefit_tiers_payant
        )
        named += by_name
        lines.append(_line(row, by_name, names))
    this_month = ctx.today.replace(day=1)
    day = min(this_month.replace(day=10), ctx.today)
    # Two DIFFERENT households' references on one line (a lease paying rent and benefit has two rows).
    distinct = sorted({r.lease.pk for r in rows})
    first, second = distinct[:2] if len(distinct) > 1 else (1, 2)
    lines += [
        [f"{day:%d/%m/%Y}", "PRLV FRAIS DE TENUE DE COMPTE", "-12,50", "BANQUE", ""],
        [f"{day:%d/%m/%Y}", "VIR AIDE LOYER", "150,00", "ASSOCIATION ENTRAIDE QUARTIER", ""],
        [f"{day:%d/%m/%Y}", "VIR LOYER", "420,00", "M. INCONNU", "CLEF-999999"],
        [f"{day:%d/%m/%Y}", f"VIR LOYERS CLEF-{first} CLEF-{second}", "980,00", "FAMILLE", ""],
    ]
    text = "Date;Libellé;Montant;Contrepartie;Référence\n" + "".join(";".join(line) + "\n" for line in lines)
    return text.encode("utf-8")


def import_statement(ctx: RentalContext, rows: list[LedgerEntry]) -> dict[str, int]:
    org = ctx.operators["op2"]
    data = build_file(ctx, rows)
    summary = banking_services.import_statement(
        organisation=org,
        file_name=f"releve-{ctx.today:%Y-%m}.csv",
        data=data,
        acting_user=ctx.teams[org.pk].manager,
    )
    return {"lignes de relevé bancaire": summary.lines, "lignes rapprochées": summary.matched}
