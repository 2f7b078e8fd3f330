"""Every agenda section of issue 10 (rental management) with a row seeded (one each; the reminders and the
rent revisions also list the other running leases that owe or have an anniversary): the monthly meeting
prepared on that day shows each meeting section's rows, the « À faire » page and the dashboard show each
section the director sees; the pages keep an exact number of queries, the same with every section filled."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from clef.agenda import sections as registry
from clef.agenda.models import Meeting
from clef.rental.enums import Account, BenefitKind, BenefitPayer, BenefitStatus, EntryKind
from tests.factories.guarantees import FundClaimFactory, VisaleGuaranteeFactory
from tests.factories.households import HouseholdFactory
from tests.factories.leases import IrlIndexFactory
from tests.factories.recovery import LitigationCaseFactory, LitigationStepFactory, RepaymentPlanFactory
from tests.factories.rental import LeaseFactory, LedgerEntryFactory
from tests.factories.stays import StayFactory
from tests.www.queries import page_queries

ON = date(2026, 3, 20)
D = Decimal

# The sections of issue 10 (the registry is asserted to hold exactly these, so a new one must be seeded here).
ISSUE_10 = {
    "rental_caf_reports": True,  # code: part of the monthly meeting
    "rental_benefits_late": True,
    "recovery_reminders": False,
    "recovery_instalments": False,
    "recovery_slides": True,
    "recovery_litigation": True,
    "visale_claims_due": True,
    "fund_claims_waiting": True,
    "rent_revisions": False,
    "deposits_to_return": False,
}
ISSUE_10_APPS = ("clef.rental.", "clef.recovery.", "clef.guarantees.", "clef.leases.")

# session, user, membership, header's memberships; the director's sections: nine pathway ones (one query each),
# the practice settings (read once), captation next actions and re-captation, contracts and conventions, the
# desk's requests; households' names, access log; then issue 10 with every section filled: CAF/MSA reports (2:
# the leases' figures, the crossings), benefits (1), reminders (1), instalments (1), slides (1), litigation (1),
# Visale (5: guarantees, members, the leases' figures, crossings, months claimed), fund claims (1), revisions
# (4: indices, decisions, leases, main leases), deposits (2)
A_FAIRE_PAGE_QUERIES = 4 + (9 + 1 + 2 + 2 + 1) + 2 + (2 + 1 + 1 + 1 + 1 + 1 + 5 + 1 + 4 + 2)
# the same and the dashboard's figures: park totals, stay totals, vacant dwellings, households
DASHBOARD_QUERIES = A_FAIRE_PAGE_QUERIES + 4
# session, user, membership, header's memberships, the meeting, its items, households' names, access log
MEETING_QUERIES = 8


def _post(lease, kind, on, amount, account=Account.MENAGE):
    period = on.replace(day=1) if account == Account.MENAGE else None
    return LedgerEntryFactory(
        lease=lease, account=account, kind=kind, booked_on=on, period=period, amount=D(amount), label=kind
    )


def _owing(operator, months: int, **lease):
    """A running lease (600 € + 50 €, due on the 5th, entered 01/01/2021) whose last `months` calls are
    unpaid on ON."""
    stay = StayFactory(household=HouseholdFactory(organisation=operator), entry_date=date(2021, 1, 1))
    lease = LeaseFactory(stay=stay, **lease)
    for back in range(months):  # March 2026 and the months before
        year, month = divmod(2026 * 12 + 2 - back, 12)
        _post(lease, EntryKind.APPEL_LOYER, date(year, month + 1, 1), "650.00")
    return lease


@pytest.fixture
def seeded(operator):
    """One row for each section of issue 10 in `operator`, due on ON."""
    reminded = _owing(operator, 2)  # owes 1 300 € since the 5th: a reminder is due (and a revision)
    _owing(  # CAF/MSA report: four calls unpaid, the benefit paid to the household
        operator,
        4,
        benefit_kind=BenefitKind.APL,
        benefit_payer=BenefitPayer.CAF,
        benefit_amount=D("300.00"),
    )
    late = _owing(operator, 0, tiers_payant=True)
    late.benefit_status, late.benefit_status_since = BenefitStatus.EN_RETARD, date(2026, 2, 1)
    late.save()
    guarantee = VisaleGuaranteeFactory(lease=_owing(operator, 0, mandate=True), valid_from=date(2024, 1, 1))
    for day in (date(2026, 2, 5), date(2026, 3, 5)):  # 1 300 € over the 650 € threshold since 05/03
        _post(guarantee.lease, EntryKind.APPEL_LOYER, day, "650.00")
    RepaymentPlanFactory(lease=reminded, agreed_on=date(2026, 2, 20), first_due_on=date(2026, 3, 25))
    RepaymentPlanFactory(  # three instalments from 05/11/2025, respected: the lease may slide
        lease=_owing(operator, 0),
        agreed_on=date(2025, 10, 1),
        debt_amount=D("450.00"),
        instalments_count=3,
        first_due_on=date(2025, 11, 5),
        respected_months=3,
        slide_flagged_on=ON,
    )
    LitigationStepFactory(
        case=LitigationCaseFactory(lease=reminded, opened_on=date(2026, 3, 1)),
        done_on=date(2026, 3, 2),
        next_deadline=date(2026, 3, 30),
    )
    FundClaimFactory(operator=operator, declared_on=date(2026, 3, 2))
    IrlIndexFactory(year=2020, quarter=4, value=D("130.52"))
    IrlIndexFactory(year=2025, quarter=4, value=D("145.78"))
    exited = StayFactory(
        household=HouseholdFactory(organisation=operator),
        exited=True,
        entry_date=date(2024, 1, 1),
        exit_date=ON - timedelta(days=10),
    )
    deposit = LeaseFactory(stay=exited, ends_on=None)
    _post(deposit, EntryKind.DEPOT_PAIEMENT, date(2024, 1, 1), "-600", account=Account.DEPOT)
    return {code: registry.get_section(code).items(operator.pk, ON) for code in ISSUE_10}


def _labels(items) -> list[str]:
    return [escape(item.label) for item in items]


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: ON)
    return ON


def test_the_registry_holds_the_ten_sections_of_issue_10():
    codes = {
        section.code: section.meeting
        for section in registry.all_sections()
        if section.provider.__module__.startswith(ISSUE_10_APPS)
    }
    assert codes == ISSUE_10


@pytest.mark.django_db
def test_every_section_of_issue_10_has_its_seeded_row(seeded):
    assert {code: len(items) >= 1 for code, items in seeded.items()} == dict.fromkeys(ISSUE_10, True)
    assert "seuil Visale depuis le 05/03/2026" in seeded["visale_claims_due"][0].label
    assert [item.due_on for item in seeded["recovery_instalments"]] == [date(2026, 3, 25)]
    assert seeded["recovery_slides"][0].due_on == ON


@pytest.mark.django_db
def test_the_meeting_shows_a_row_of_every_meeting_section(
    director_client, operator, seeded, today, django_assert_num_queries
):
    response = director_client.post(reverse("www:meeting_list"), {"held_on": ON.isoformat()})
    meeting = Meeting.objects.get(organisation=operator, held_on=ON)
    assert response.status_code == 302
    in_meeting = {code for code, meeting_section in ISSUE_10.items() if meeting_section}
    codes = set(meeting.items.values_list("section", flat=True))
    assert in_meeting <= codes and not (set(ISSUE_10) - in_meeting) & codes
    url = meeting.get_absolute_url()
    page = page_queries(director_client, url, django_assert_num_queries, MEETING_QUERIES).content.decode()
    expected = [label for code in in_meeting for label in _labels(seeded[code])]
    assert [label for label in expected if label not in page] == []


@pytest.mark.django_db
def test_the_todo_page_and_the_dashboard_show_a_row_of_every_section(
    director_client, operator, seeded, today, django_assert_num_queries
):
    response = page_queries(
        director_client, reverse("www:todo"), django_assert_num_queries, A_FAIRE_PAGE_QUERIES
    )
    page = response.content.decode()
    expected = [label for items in seeded.values() for label in _labels(items)]
    assert [label for label in expected if label not in page] == []
    assert set(ISSUE_10) <= {entry.section.code for entry in response.context["entries"]}
    total = len(response.context["entries"])
    response = page_queries(
        director_client, reverse("www:home"), django_assert_num_queries, DASHBOARD_QUERIES
    )
    block, page = response.context["todo"], response.content.decode()
    assert block["total"] == total and block["more"]
    assert [entry for entry in block["entries"] if escape(entry.item.label) not in page] == []
