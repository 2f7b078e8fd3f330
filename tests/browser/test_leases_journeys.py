"""Browser journey of the lease's yearly life (axe-core on every page, tests/browser/conftest.py): a rental
manager opens « Vie des baux », applies the revision proposed at the lease's anniversary (the computation
shown, the rent changed), then decides the return of a departed household's deposit with a deduction, and
reads the IRL table."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from clef.leases.models import DepositReturn
from clef.organisations.models import Role
from clef.rental.enums import Account, EntryKind
from tests.browser.test_journeys import login
from tests.factories.leases import IrlIndexFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.rental import LeaseFactory, LedgerEntryFactory
from tests.factories.stays import StayFactory
from tests.transactional import REGISTER_APPS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)]


def test_rental_manager_revises_a_rent_and_returns_a_deposit(live_server, page, shot):
    today = timezone.localdate()
    operator = OrganisationFactory(name="Toit Partagé du Rhône")
    user = MembershipFactory(organisation=operator, role=Role.RENTAL_MANAGER).user
    IrlIndexFactory(year=2020, quarter=1, value=Decimal("143.46"))
    IrlIndexFactory(year=2021, quarter=1, value=Decimal("145.47"), is_sample=True)
    lease = LeaseFactory(
        stay=StayFactory(household__organisation=operator, entry_date=today - timedelta(days=355)),
        rent=Decimal("500.00"),
        irl_year=2020,
        irl_quarter=1,
    )
    left = LeaseFactory(
        stay=StayFactory(
            household__organisation=operator,
            exited=True,
            entry_date=today - timedelta(days=700),
            exit_date=today - timedelta(days=3),
        ),
        ends_on=None,
    )
    LedgerEntryFactory(
        lease=left, account=Account.DEPOT, kind=EntryKind.DEPOT_PAIEMENT, period=None, amount=Decimal("-600")
    )
    # The deductions pay what the household owes, never more (leases.rules.check_deductions): 150 € called.
    LedgerEntryFactory(lease=left, booked_on=today - timedelta(days=20), amount=Decimal("150"))

    login(page, live_server, user.email)
    page.goto(f"{live_server.url}/gestion-locative/baux/")
    revisions = page.get_by_test_id("revisions")
    assert "507,01" in revisions.inner_text() and "valeur d'exemple" in revisions.inner_text().lower()
    shot("1-vie-des-baux")
    revisions.get_by_role("link", name="Appliquer").first.click()
    assert "500,00 € × 145,47 ÷ 143,46" in page.get_by_test_id("calcul").inner_text().replace("\u00a0", " ")
    shot("2-revision")
    page.get_by_role("button", name="Appliquer le loyer révisé").click()
    page.get_by_text("La révision du loyer est appliquée.").wait_for()
    lease.refresh_from_db()
    assert lease.rent == Decimal("507.01")

    page.get_by_test_id("depots").get_by_role("link", name="Décider la restitution").click()
    page.locator("#id_deductions").fill("abc")
    page.get_by_role("button", name="Enregistrer la décision").click()
    assert page.locator("#id_deductions").input_value() == "abc"  # the typed value is kept
    page.locator("#id_deductions").fill("100,50")
    page.locator("#id_deduction_reason").fill("Remise en état de la cuisine")
    shot("3-depot")
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.get_by_text("La restitution du dépôt de garantie est enregistrée.").wait_for()
    assert DepositReturn.objects.get().returned_amount == Decimal("499.50")
    assert "499,50" in page.get_by_test_id("depots").inner_text()

    page.get_by_role("link", name="Indices de référence des loyers").click()
    assert "T1 2021" in page.get_by_test_id("indices").inner_text()
    shot("4-indices")
