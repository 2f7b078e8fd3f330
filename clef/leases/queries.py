"""What a lease's yearly life has to do, read in a constant number of queries: the rent revisions to
propose (households' rents and owners' rents of main leases), the charges to regularise, the deposits to
return. Sums come from the ledger in aggregate SQL, never from Python loops over entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, Exists, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from clef.contracts.enums import ContractKind
from clef.contracts.models import Contract
from clef.leases import rules
from clef.leases.models import ChargesRegularisation, DepositReturn, IrlIndex, RentRevision
from clef.rental.enums import Account, EntryKind
from clef.rental.models import Lease, LedgerEntry
from clef.rental.rules import cents, lease_end

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=12, decimal_places=2))
DEPOSIT_HELD_KINDS = (EntryKind.DEPOT_PAIEMENT, EntryKind.DEPOT_RESTITUTION, EntryKind.DEPOT_RETENUE)


@dataclass
class Proposal:
    """A revision to propose at an anniversary (computed; a RentRevision is written on decision)."""

    organisation_id: int
    lease: Lease | None
    contract: Contract | None
    due_on: date
    old_rent: Decimal
    reference: tuple[int, int]
    irl_old: IrlIndex | None = None
    irl_new: IrlIndex | None = None
    new_rent: Decimal | None = None
    problem: str = ""
    deadline: date = field(init=False)

    def __post_init__(self):
        self.deadline = rules.revision_deadline(self.due_on)

    @property
    def quarters(self) -> str:
        return f"{self.irl_old.label} → {self.irl_new.label}" if self.irl_new else ""

    @property
    def is_sample(self) -> bool:
        return bool(self.irl_new and (self.irl_new.is_sample or self.irl_old.is_sample))


def _indices() -> dict[tuple[int, int], IrlIndex]:
    return {(i.year, i.quarter): i for i in IrlIndex.objects.order_by()}


def lease_reference(lease: Lease) -> tuple[int, int]:
    """The quarter the lease names, or the last published on its start date."""
    if lease.irl_year and lease.irl_quarter:
        return lease.irl_year, lease.irl_quarter
    return rules.default_reference_quarter(lease.starts_on)


def _complete(proposal: Proposal, start: date, indices: dict) -> Proposal:
    old_key, new_key = rules.revision_quarters(proposal.reference, start, proposal.due_on)
    proposal.irl_old, proposal.irl_new = indices.get(old_key), indices.get(new_key)
    missing = [
        key for key, index in ((old_key, proposal.irl_old), (new_key, proposal.irl_new)) if index is None
    ]
    if missing:
        proposal.irl_old = proposal.irl_new = None
        proposal.problem = " ".join(rules.missing_index_message(*key) for key in missing)
    else:
        proposal.new_rent = rules.revised_rent(
            proposal.old_rent, proposal.irl_old.value, proposal.irl_new.value
        )
    return proposal


def _first_undecided(
    start: date, ends_on: date | None, decided: set[date], window: tuple[date, date], on: date
):
    for day in rules.anniversaries_in(start, *window):
        if rules.revision_open(day, ends_on, on) and day not in decided:
            return day
    return None


def _not_ended_before(day: date) -> Q:
    """Leases in force on `day` or later: the lease's end, or its stay's exit while the lease is open."""
    return Q(ends_on__gte=day) | Q(ends_on__isnull=True) & (
        Q(stay__exit_date__isnull=True) | Q(stay__exit_date__gte=day)
    )


def _ended() -> Q:
    return Q(ends_on__isnull=False) | Q(stay__exit_date__isnull=False)


def revisions_due(
    organisation_id: int, on: date, *, with_contracts: bool = True, names: bool = True
) -> list[Proposal]:
    """For each lease in force (and each main lease's owner rent when `with_contracts`), the first
    anniversary in the revision window not decided yet, with its indices and new rent — or the index that
    is missing. Five queries whatever the number of leases (four without the households' `names`)."""
    window = rules.revision_window(on)
    indices = _indices()
    decided: dict[tuple[str, int], set[date]] = {}
    for lease_id, contract_id, due_on in RentRevision.objects.filter(
        organisation_id=organisation_id, due_on__gte=window[0]
    ).values_list("lease_id", "contract_id", "due_on"):
        key = ("lease", lease_id) if lease_id else ("contract", contract_id)
        decided.setdefault(key, set()).add(due_on)
    proposals = []
    leases = (
        Lease.objects.for_organisation(organisation_id)
        .filter(_not_ended_before(window[0]), starts_on__lt=window[1])
        .select_related("stay__dwelling__commune", "stay__household")
    )
    if names:
        leases = leases.prefetch_related("stay__household__members")
    for lease in leases:
        due_on = _first_undecided(
            lease.starts_on, lease_end(lease), decided.get(("lease", lease.pk), set()), window, on
        )
        if due_on:
            proposal = Proposal(organisation_id, lease, None, due_on, lease.rent, lease_reference(lease))
            proposals.append(_complete(proposal, lease.starts_on, indices))
    if with_contracts:
        contracts = (
            Contract.objects.for_organisation(organisation_id)
            .in_force()
            .filter(kind=ContractKind.BAIL_PRINCIPAL)
            .select_related("dwelling__commune")
        )
        for contract in contracts:
            due_on = _first_undecided(
                contract.starts_on,
                contract.ended_on,
                decided.get(("contract", contract.pk), set()),
                window,
                on,
            )
            if due_on:
                reference = rules.default_reference_quarter(contract.starts_on)
                proposal = Proposal(organisation_id, None, contract, due_on, contract.rent, reference)
                proposals.append(_complete(proposal, contract.starts_on, indices))
    return sorted(proposals, key=lambda p: (p.due_on, p.lease is None))


def proposal_for(*, lease: Lease | None, contract: Contract | None, due_on: date) -> Proposal | None:
    """The proposal of one anniversary (the decision recomputes it rather than trusting the form)."""
    start = lease.starts_on if lease is not None else contract.starts_on
    if due_on not in rules.anniversaries_in(start, due_on, due_on):
        return None
    if lease is not None:
        proposal = Proposal(lease.organisation_id, lease, None, due_on, lease.rent, lease_reference(lease))
    else:
        reference = rules.default_reference_quarter(contract.starts_on)
        proposal = Proposal(contract.organisation_id, None, contract, due_on, contract.rent, reference)
    return _complete(proposal, start, _indices())


def _provisions_filter(year: int) -> Q:
    return Q(kind=EntryKind.APPEL_CHARGES, period__year=year) | Q(
        kind=EntryKind.CONTRE_PASSATION, reverses__kind=EntryKind.APPEL_CHARGES, reverses__period__year=year
    )


def provisions(lease: Lease, year: int) -> Decimal:
    """The charges provisions called for the months of `year` (counter-entries deducted): one query."""
    total = LedgerEntry.objects.filter(
        _provisions_filter(year), lease=lease, account=Account.MENAGE
    ).aggregate(total=Coalesce(Sum("amount"), ZERO))["total"]
    return cents(total)  # SQLite sums in floating point: back to the cent


@dataclass(frozen=True)
class RegularisationDue:
    lease: Lease
    provisions: Decimal
    deadline: date


def regularisations_due(organisation_id: int, year: int) -> list[RegularisationDue]:
    """Leases with charges provisions called in `year` and no regularisation of that year yet (one query
    with the sum, one for the household members)."""
    already = ChargesRegularisation.objects.filter(lease=OuterRef("pk"), year=year)
    called = Sum("entries__amount", filter=_entries_filter(year), default=Decimal("0"))
    leases = (
        Lease.objects.for_organisation(organisation_id)
        .annotate(provisions=called)
        .filter(~Exists(already), provisions__gt=0)
        .select_related("stay__dwelling__commune", "stay__household")
        .prefetch_related("stay__household__members")
        .order_by("starts_on", "pk")
    )
    deadline = rules.regularisation_deadline(year)
    return [RegularisationDue(lease, Decimal(lease.provisions), deadline) for lease in leases]


def _entries_filter(year: int) -> Q:
    return Q(entries__account=Account.MENAGE) & (
        Q(entries__kind=EntryKind.APPEL_CHARGES, entries__period__year=year)
        | Q(
            entries__kind=EntryKind.CONTRE_PASSATION,
            entries__reverses__kind=EntryKind.APPEL_CHARGES,
            entries__reverses__period__year=year,
        )
    )


def _held_filter(prefix: str = "") -> Q:
    return Q(**{f"{prefix}account": Account.DEPOT}) & (
        Q(**{f"{prefix}kind__in": DEPOSIT_HELD_KINDS})
        | Q(
            **{f"{prefix}kind": EntryKind.CONTRE_PASSATION, f"{prefix}reverses__kind__in": DEPOSIT_HELD_KINDS}
        )
    )


def deposit_held(lease: Lease) -> Decimal:
    """The deposit the operator holds for the household: paid, less what was returned or kept (one query)."""
    total = LedgerEntry.objects.filter(_held_filter(), lease=lease).aggregate(
        total=Coalesce(Sum("amount"), ZERO)
    )
    return -cents(total["total"])  # SQLite sums in floating point: back to the cent


@dataclass(frozen=True)
class DepositsToReturn:
    to_decide: list  # leases ended, deposit held, no DepositReturn yet (annotated `held`, `due_by`)
    pending: list  # DepositReturn decided, not given back yet


def deposits_to_return(organisation_id: int, *, names: bool = True) -> DepositsToReturn:
    """The deposits of households who left: to decide (earliest due date: the exit inventory matching) and
    decided but not yet given back. Two queries and the members' prefetch of each."""
    held = Sum("entries__amount", filter=_held_filter("entries__"), default=Decimal("0"))
    leases = (
        Lease.objects.for_organisation(organisation_id)
        .filter(_ended(), deposit_return__isnull=True)
        .annotate(held_sum=held)
        .filter(held_sum__lt=0)
        .select_related("stay__dwelling__commune", "stay__household")
        .order_by("ends_on", "stay__exit_date", "pk")
    )
    if names:
        leases = leases.prefetch_related("stay__household__members")
    to_decide = []
    for lease in leases:
        lease.held = -Decimal(lease.held_sum)
        lease.exit_on = lease_end(lease)
        lease.due_by = rules.deposit_due_by(lease.exit_on, inventory_matches=True)  # the earliest
        to_decide.append(lease)
    pending = (
        DepositReturn.objects.for_organisation(organisation_id)
        .pending()
        .select_related("lease__stay__dwelling__commune", "lease__stay__household")
    )
    if names:
        pending = pending.prefetch_related("lease__stay__household__members")
    pending = list(pending)
    today = timezone.localdate()
    for deposit in pending:  # owed to the household while the deposit is late (art. 22 al. 7)
        deposit.late_penalty = rules.deposit_late_penalty(deposit.lease.rent, deposit.due_by, today)
    return DepositsToReturn(to_decide, pending)
