"""The demo's rental management (issue 10), as far as it is seeded today: the network « Fapil
Auvergne-Rhône-Alpes » and its regional security fund (contributors, contributions over the years, claims in
every status, balance = contributions − payouts), the IML subsidies of every operator, the new logins. The
demo is loaded once for the module (`daily_demo`, tests/demo/conftest.py) and removed afterwards."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.hashers import check_password
from django.db.models import Count, Q, Sum
from django.utils import timezone

from clef.accounts.models import User
from clef.banking.enums import LineStatus
from clef.banking.models import BankLine, BankStatement
from clef.damages.enums import ClaimStatus, InventoryKind
from clef.damages.models import DamageClaim, Inventory, InventoryRoom
from clef.demo.loader import DEMO_PASSWORD
from clef.demo.rental import load_rental
from clef.demo.rental.fund import FUND_NAME
from clef.demo.rental.organisations import NETWORK_NAME
from clef.demo.rental.yearly import LEFT_TO_PROPOSE_DAYS
from clef.funding.models import Subsidy
from clef.guarantees.enums import ContributorKind, FundClaimStatus, VisaleClaimStatus, VisaleVariant
from clef.guarantees.models import FundClaim, FundContribution, SecurityFund, VisaleClaim, VisaleGuarantee
from clef.guarantees.queries import fund_balance
from clef.guarantees.visale import visale_claims_due
from clef.journal.models import JournalEntry
from clef.leases import queries as lease_queries
from clef.leases.models import ChargesRegularisation, DepositReturn, IrlIndex, RentRevision
from clef.organisations.models import Membership, Organisation, OrganisationKind, Role
from clef.organisations.perms import can_manage_fund, is_network_member
from clef.recovery.enums import PlanStatus
from clef.recovery.models import CaseReview, LitigationCase, Reminder, RepaymentPlan
from clef.rental import queries as rental_queries
from clef.rental.enums import AgeingBucket, BenefitStatus, EntryKind, LedgerMode
from clef.rental.models import CafReport, Lease, LedgerEntry, RentDifferential
from clef.rental.rules import cents
from clef.stays.models import Stay
from clef.utils.dates import add_months

Q_PRESENT = Q(stays__exit_date__isnull=True)


@pytest.fixture(autouse=True)
def _db_access(db):
    """Each test runs in its own transaction, on top of the module's demo data."""


@pytest.fixture
def fund(daily_demo):
    return SecurityFund.objects.get(name=FUND_NAME)


def test_the_new_logins_work_with_their_roles(daily_demo, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # the demo's
    officer = User.objects.get(email="contentieux@cle-solidaire.test")
    manager = User.objects.get(email="fonds@fapil-aura.test")
    assert check_password(DEMO_PASSWORD, officer.password) and check_password(DEMO_PASSWORD, manager.password)
    membership = Membership.objects.get(user=officer)
    assert (membership.organisation.external_id, membership.role) == ("demo-op-002", Role.LITIGATION_OFFICER)
    # Clé Solidaire has the most present households of the demo operators.
    present = (
        Organisation.objects.operators()
        .annotate(n=Count("stays", filter=Q_PRESENT))
        .order_by("-n", "pk")
        .values_list("external_id", flat=True)
    )
    assert present[0] == "demo-op-002"
    network = Membership.objects.select_related("organisation").get(user=manager)
    assert network.organisation.kind == OrganisationKind.NETWORK and network.organisation.name == NETWORK_NAME
    assert is_network_member(network) and can_manage_fund(network) and not can_manage_fund(membership)
    assert "contentieux@cle-solidaire.test" in daily_demo and "fonds@fapil-aura.test" in daily_demo


def test_every_role_has_a_demo_login(daily_demo):
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)


def test_the_fund_is_managed_by_the_network_with_contributions_over_the_years(fund):
    today = timezone.localdate()
    assert fund.manager.name == NETWORK_NAME and fund.region_id == "84"
    kinds = set(fund.contributors.values_list("kind", flat=True))
    assert kinds == {ContributorKind.ETAT, ContributorKind.OPERATEUR, ContributorKind.COLLECTIVITE}
    names = set(fund.contributors.values_list("name", flat=True))
    assert {"DREETS Auvergne-Rhône-Alpes", "Grand Chambéry", "Clé Solidaire de l'Isère"} <= names
    years = set(FundContribution.objects.filter(fund=fund).values_list("year", flat=True))
    assert years == set(range(2021, today.year + 1))
    assert not FundContribution.objects.filter(received_on__gt=today).exists()


def test_the_fund_has_claims_in_every_status_without_household_names(fund):
    statuses = set(FundClaim.objects.filter(fund=fund).values_list("status", flat=True))
    assert statuses == set(FundClaimStatus.values)
    paid = FundClaim.objects.filter(fund=fund, status=FundClaimStatus.VERSEE)
    assert paid.values("paid_on__year").distinct().count() >= 4  # payouts over several years
    # A claim never comes after its stay's exit or before the fund; its kind follows the stay's flags.
    for claim in FundClaim.objects.filter(fund=fund).select_related("stay"):
        assert claim.stay.exit_date <= claim.declared_on and claim.declared_on >= fund.created_on
        assert claim.stay.loss_unpaid_rent or claim.stay.loss_damage
        assert claim.amount_claimed <= claim.loss_amount


def test_the_fund_balance_is_contributions_less_payouts(fund):
    contributions = FundContribution.objects.filter(fund=fund).aggregate(total=Sum("amount"))["total"]
    payouts = FundClaim.objects.filter(fund=fund).aggregate(total=Sum("paid_amount"))["total"]
    assert contributions > payouts > 0
    balance = contributions - payouts
    assert balance > Decimal("0")
    assert fund_balance(fund, timezone.localdate()) == balance


def test_every_operator_has_its_subsidies(daily_demo):
    today = timezone.localdate()
    operators = Organisation.objects.operators().filter(dwellings__isnull=False).distinct().count()
    per_year = dict(Subsidy.objects.values_list("year").annotate(n=Count("pk")))
    assert set(per_year) == set(range(2024, today.year + 1))
    assert per_year[2024] <= operators and per_year[today.year] == operators
    assert not Subsidy.objects.filter(granted_on__gt=today).exists()
    assert Subsidy.objects.filter(year=today.year, granted_on__isnull=True).exists()
    subsidy = Subsidy.objects.filter(year=2024).order_by("pk").first()
    assert subsidy.total > 0 and subsidy.entered_by.email == "coordination@dreets-ara.test"


def _counts():
    return [
        model.objects.count()
        for model in (Subsidy, FundContribution, FundClaim, Lease, LedgerEntry, Inventory)
    ]


def test_seeding_again_writes_nothing(daily_demo):
    counts = _counts()
    assert load_rental() == {}
    assert counts == _counts()


# ---------------------------------------------------------------- rent ledgers of the two demo operators


@pytest.fixture
def demo_operators(daily_demo):
    return list(Organisation.objects.filter(external_id__in=["demo-op-001", "demo-op-002"]).order_by("pk"))


@pytest.fixture
def balances(demo_operators):
    today = timezone.localdate()
    return [row for org in demo_operators for row in rental_queries.household_balances(org.pk, today)]


def test_every_present_household_of_the_demo_operators_has_a_lease(demo_operators):
    present = Stay.objects.filter(organisation__in=demo_operators, exit_date__isnull=True)
    assert present.exists() and not present.filter(lease__isnull=True).exists()
    # No lease on a stay that ended before 2025 (the published figures stay as they were).
    assert not Lease.objects.filter(stay__exit_date__lt=date(2025, 1, 1)).exists()
    assert set(Lease.objects.values_list("mode", flat=True)) == set(LedgerMode.values)


def test_the_ledgers_hold_twelve_months_of_calls_and_payments(demo_operators):
    today = timezone.localdate()
    months = (
        LedgerEntry.objects.filter(kind=EntryKind.APPEL_LOYER, lease__organisation__in=demo_operators)
        .values("period")
        .distinct()
        .count()
    )
    assert months >= 13
    assert (
        LedgerEntry.objects.filter(kind=EntryKind.PAIEMENT, booked_on__lt=today.replace(day=1)).count() > 1000
    )
    assert LedgerEntry.objects.filter(kind=EntryKind.AIDE_LOGEMENT).exists()
    # Mandates: the owner's side of each payment (rent collected, fees); sublets: the owner's rent, even vacant.
    assert (
        LedgerEntry.objects.filter(kind=EntryKind.ENCAISSEMENT).count()
        == LedgerEntry.objects.filter(kind=EntryKind.HONORAIRES).count()
        > 0
    )
    assert LedgerEntry.objects.filter(kind=EntryKind.LOYER_PROPRIETAIRE).exists()
    # One payment entered twice, cancelled by a counter-entry with its reason.
    reversal = LedgerEntry.objects.get(kind=EntryKind.CONTRE_PASSATION)
    assert reversal.amount == -reversal.reverses.amount and reversal.reason


def test_arrears_at_every_age_and_benefits_in_every_status(balances):
    # Amounts compared to the cent: SQLite sums in floating point (a residue of 1E-13 is no debt).
    buckets = {row.bucket for row in balances if cents(row.household_debt) > 0}
    assert buckets == set(AgeingBucket.values)
    assert set(Lease.objects.values_list("benefit_status", flat=True)) == set(BenefitStatus.values)
    # A late CAF: the benefit is pending, the household itself owes nothing.
    late = [row for row in balances if row.lease.benefit_status == BenefitStatus.EN_RETARD]
    assert late and all(cents(row.benefit_pending) > 0 and cents(row.household_debt) == 0 for row in late)
    awaited = [row for row in balances if row.lease.benefit_status == BenefitStatus.ATTENDUE]
    assert awaited and all(row.benefit_pending > 0 for row in awaited)


def test_differentials_and_caf_reports(demo_operators):
    assert RentDifferential.objects.count() == 2
    assert LedgerEntry.objects.filter(kind=EntryKind.DIFFERENTIEL).exists()
    assert CafReport.objects.exists()
    today = timezone.localdate()
    due = [row for org in demo_operators for row in rental_queries.caf_reports_due(org.pk, today)]
    assert due  # one (or more) report still to make, with its deadline


def test_a_household_that_left_owes_its_debt_at_exit(demo_operators):
    ended = Lease.objects.filter(organisation__in=demo_operators, ends_on__isnull=False).select_related(
        "stay"
    )
    assert ended.exists()
    for lease in ended:
        expected = lease.stay.exit_debt if lease.stay.loss_unpaid_rent and lease.stay.exit_debt else 0
        assert cents(rental_queries.debt_at_exit(lease.stay)) == expected


def test_inventories_and_damage_claims(demo_operators):
    leases = Lease.objects.filter(organisation__in=demo_operators)
    entries = Inventory.objects.filter(kind=InventoryKind.ENTREE, stay__lease__in=leases).count()
    assert entries >= 0.8 * leases.count()
    exits = leases.filter(ends_on__isnull=False).count()
    # Scoped to the demo's operators: a browser journey (committed data) may have left its own records.
    inventories = Inventory.objects.filter(organisation__in=demo_operators)
    claims = DamageClaim.objects.filter(organisation__in=demo_operators)
    assert inventories.filter(kind=InventoryKind.SORTIE).count() == exits - 1  # the latest: to do
    assert not inventories.filter(rooms__isnull=True).exists()
    assert (
        InventoryRoom.objects.filter(inventory__in=inventories, repair_cost__gt=0).exists() or claims.exists()
    )
    charged = claims.get(status=ClaimStatus.IMPUTE)
    entry = LedgerEntry.objects.get(source_key=f"sinistre:{charged.pk}")
    assert entry.kind == EntryKind.DEGRADATIONS and entry.amount == charged.charged_amount == charged.amount


def test_the_yearly_life_of_the_leases(demo_operators):
    today = timezone.localdate()
    assert IrlIndex.objects.exists()
    assert set(RentRevision.objects.values_list("status", flat=True)) >= {"appliquee", "ecartee"}
    assert any(lease_queries.revisions_due(org.pk, today) for org in demo_operators)


def test_only_the_recent_anniversaries_are_left_to_propose(demo_operators):
    """The earlier anniversaries were decided as the ledger was written (through the leases services,
    journaled): each operator has a handful « à proposer », from the last four weeks and the next month."""
    today = timezone.localdate()
    left_from = today - timedelta(days=LEFT_TO_PROPOSE_DAYS)
    for org in demo_operators:
        due = lease_queries.revisions_due(org.pk, today)
        assert 0 < len(due) <= 25, (org.name, len(due))
        assert all(left_from <= proposal.due_on for proposal in due)
        decided = RentRevision.objects.filter(organisation=org)
        assert decided.filter(status="appliquee").exists() and decided.filter(status="ecartee").exists()
        assert not decided.filter(due_on__gte=left_from).exists()
        assert decided.filter(contract__isnull=False).exists()  # the owners' rents of main leases too
        journaled = JournalEntry.objects.filter(
            content_type__model="rentrevision", object_id__in=decided.values("pk")
        ).count()
        assert journaled == decided.count()
    # A household's rent revised at its anniversary is called at the old rent before, the new one after.
    this_month = today.replace(day=1)
    revision = (
        RentRevision.objects.filter(
            status="appliquee",
            lease__isnull=False,
            lease__stay__exit_date__isnull=True,
            due_on__gte=add_months(this_month, -11),
            due_on__lt=add_months(this_month, -1),
        )
        .order_by("due_on", "pk")
        .first()
    )
    before, after = (
        add_months(revision.due_on.replace(day=1), -1),
        add_months(revision.due_on.replace(day=1), 1),
    )
    calls = dict(
        LedgerEntry.objects.filter(
            lease=revision.lease, period__in=[before, after], kind=EntryKind.APPEL_LOYER
        ).values_list("period", "amount")
    )
    assert (
        calls == {before: revision.old_rent, after: revision.new_rent}
        and revision.old_rent != revision.new_rent
    )
    assert ChargesRegularisation.objects.count() == 1
    assert DepositReturn.objects.exists()
    assert any(lease_queries.deposits_to_return(org.pk).to_decide for org in demo_operators)


def test_the_bank_statement_is_imported_and_matched(demo_operators):
    statement = BankStatement.objects.get(organisation__external_id="demo-op-002")
    lines = BankLine.objects.filter(statement=statement)
    statuses = dict(lines.values_list("status").annotate(n=Count("pk")))
    assert statuses[LineStatus.A_TRAITER] == 3 and statuses[LineStatus.IGNOREE] == 1
    assert statuses[LineStatus.RAPPROCHEE] == statement.matched_count == statement.lines_count - 4 > 50
    for line in lines.filter(status=LineStatus.RAPPROCHEE).select_related("entry"):
        assert line.entry.source_key == f"banque:{line.pk}" and line.entry.amount == -line.amount
    # Both payers: households (reference, name and amount) and the CAF/MSA (benefit amount).
    kinds = set(lines.filter(status=LineStatus.RAPPROCHEE).values_list("kind", flat=True))
    assert kinds == {"paiement", "aide_logement"}


def test_visale_on_the_mandates_with_claims(demo_operators):
    mandates = Lease.objects.filter(organisation__in=demo_operators, mode=LedgerMode.MANDAT_GESTION)
    assert not mandates.filter(visale_guarantees__isnull=True).exists()
    assert (
        VisaleGuarantee.objects.filter(variant=VisaleVariant.INTERMEDIATION_LOCATIVE)
        .exclude(valid_until=None)
        .exists()
    )
    assert set(VisaleClaim.objects.values_list("status", flat=True)) == {
        VisaleClaimStatus.INDEMNISEE,
        VisaleClaimStatus.ACCEPTEE,
    }
    today = timezone.localdate()
    assert any(visale_claims_due(org.pk, today) for org in demo_operators)


def test_reminders_plans_and_litigation(demo_operators):
    assert Reminder.objects.filter(lease__organisation__in=demo_operators).count() >= 10
    kept = RepaymentPlan.objects.filter(status=PlanStatus.EN_COURS, slide_flagged_on__isnull=False)
    assert kept.exists() and all(plan.respected_months >= 3 for plan in kept)
    assert RepaymentPlan.objects.filter(status=PlanStatus.ROMPU, slide_flagged_on__isnull=True).exists()
    cases = LitigationCase.objects.filter(lease__organisation__in=demo_operators)
    steps = {case.pk: case.steps.count() for case in cases}
    assert len(set(steps.values())) >= 3  # cases at several steps
    assert CaseReview.objects.filter(case__in=cases).count() >= cases.count()
    officer = User.objects.get(email="contentieux@cle-solidaire.test")
    assert cases.filter(officer=officer).exists() and all(case.decision for case in cases)
