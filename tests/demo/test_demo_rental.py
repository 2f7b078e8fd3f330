"""The demo's rental management (issue 10), as far as it is seeded today: the network « Fapil
Auvergne-Rhône-Alpes » and its regional security fund (contributors, contributions over the years, claims in
every status, balance = contributions − payouts), the IML subsidies of every operator, the new logins. The
demo is loaded once for the module (`daily_demo`, tests/demo/conftest.py) and removed afterwards."""

from decimal import Decimal

import pytest
from django.contrib.auth.hashers import check_password
from django.db.models import Count, Q, Sum
from django.utils import timezone

from clef.accounts.models import User
from clef.demo.loader import DEMO_PASSWORD
from clef.demo.rental import load_rental
from clef.demo.rental.fund import FUND_NAME
from clef.demo.rental.organisations import NETWORK_NAME
from clef.funding.models import Subsidy
from clef.guarantees.enums import ContributorKind, FundClaimStatus
from clef.guarantees.models import FundClaim, FundContribution, SecurityFund
from clef.organisations.models import Membership, Organisation, OrganisationKind, Role
from clef.organisations.perms import can_manage_fund, is_network_member

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
    try:
        from clef.guarantees.queries import fund_balance
    except ImportError:  # GUARANTEES' query not there yet: the aggregate above is the definition
        return
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


def test_seeding_again_writes_nothing(daily_demo):
    counts = (Subsidy.objects.count(), FundContribution.objects.count(), FundClaim.objects.count())
    assert load_rental() == {}
    assert counts == (Subsidy.objects.count(), FundContribution.objects.count(), FundClaim.objects.count())
