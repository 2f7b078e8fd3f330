"""The exit of a stay closes its rent account in the same transaction (review H1, M4): the lease ends, the
calls booked after the exit are counter-passed, the exit month is prorated by the calls' rule, and the loss
flags and the debt are taken from the accounts at the exit day."""

from datetime import date
from decimal import Decimal as D

import pytest

from clef.exits.losses import losses_at_exit
from clef.journal.models import JournalEntry
from clef.rental import calls, queries, services
from clef.rental.enums import EntryKind, EntrySource
from clef.rental.models import LedgerEntry
from clef.stays.enums import Destination
from clef.stays.services import end_stay
from tests.factories.accounts import UserFactory
from tests.factories.rental import LeaseFactory, LedgerEntryFactory

pytestmark = pytest.mark.django_db

NOVEMBER, DECEMBER = date(2026, 11, 1), date(2026, 12, 1)


@pytest.fixture
def today(monkeypatch):
    """Calls may be generated a month ahead of today: today is 27/11/2026."""
    monkeypatch.setattr(
        calls, "date", type("FakeDate", (date,), {"today": classmethod(lambda c: date(2026, 11, 27))})
    )


def _exit(lease, on, user, destination=Destination.PARC_SOCIAL):
    return end_stay(
        stay=lease.stay,
        on=on,
        destination=destination,
        loss_unpaid_rent=True,
        loss_damage=True,
        exit_debt=D("999.00"),
        acting_user=user,
    )


def _calls(lease, period, kind=EntryKind.APPEL_LOYER):
    return list(
        LedgerEntry.objects.filter(
            lease=lease, period=period, kind=kind, reversed_by__isnull=True
        ).values_list("amount", flat=True)
    )


def test_exit_mid_month_prorates_the_month_and_cancels_the_next_call(today):
    """Rent 600 + charges 50, November and December called on 27/11, November paid 650, exit on 10/11:
    November becomes 200,00 + 16,67 = 216,67 (650 × 10/30 per item), December's calls are counter-passed,
    the household has a credit of 650 − 216,67 = 433,33 (to refund): no unpaid rent."""
    user = UserFactory()
    lease = LeaseFactory(stay__entry_date=date(2021, 1, 1))
    calls.generate_calls(lease.organisation, NOVEMBER, user)
    calls.generate_calls(lease.organisation, DECEMBER, user)
    services.record_payment(lease, D("650.00"), date(2026, 11, 5), acting_user=user)
    # the exit form's preview at the typed exit day: December excluded, November prorated
    assert queries.debt_at_exit(lease.stay, date(2026, 11, 10)) == D("0.00")

    stay = _exit(lease, date(2026, 11, 10), user)

    lease.refresh_from_db()
    assert lease.ends_on == date(2026, 11, 10)
    assert _calls(lease, NOVEMBER) == [D("200.00")]
    assert _calls(lease, NOVEMBER, EntryKind.APPEL_CHARGES) == [D("16.67")]
    assert _calls(lease, DECEMBER) == [] and _calls(lease, DECEMBER, EntryKind.APPEL_CHARGES) == []
    assert queries.balance(lease) == D("-433.33")
    assert queries.debt_at_exit(stay) == D("0.00")
    stay.refresh_from_db()
    assert (stay.loss_unpaid_rent, stay.loss_damage, stay.exit_debt) == (False, False, D("0.00"))
    reposted = LedgerEntry.objects.get(lease=lease, kind=EntryKind.APPEL_LOYER, source=EntrySource.SORTIE)
    assert (reposted.booked_on, reposted.label) == (
        date(2026, 11, 10),
        "Loyer de novembre 2026 (sortie le 10/11/2026)",
    )
    december = LedgerEntry.objects.get(
        lease=lease, period=DECEMBER, kind=EntryKind.APPEL_LOYER, reverses=None
    )
    assert december.reversed_by.booked_on == DECEMBER  # counter-passed on its own day: no balance without it
    assert JournalEntry.objects.filter(
        object_label="Compte du ménage arrêté à la sortie du 10/11/2026"
    ).exists()
    # a later run of the calls does not call the months again
    assert calls.generate_calls(lease.organisation, DECEMBER, user).created == 0
    assert queries.balance(lease) == D("-433.33")


def test_exit_with_unpaid_rent_keeps_the_prorated_debt(today):
    """November not paid, exit on 15/11: debt 300,00 + 25,00 = 325,00 (15/30), unpaid rent at exit."""
    user = UserFactory()
    lease = LeaseFactory(stay__entry_date=date(2021, 1, 1))
    calls.generate_calls(lease.organisation, NOVEMBER, user)
    assert queries.debt_at_exit(lease.stay, date(2026, 11, 15)) == D("325.00")
    stay = _exit(lease, date(2026, 11, 15), user)
    assert (stay.loss_unpaid_rent, stay.loss_damage, stay.exit_debt) == (True, False, D("325.00"))
    assert queries.balance(lease) == D("325.00")


def test_exit_on_the_last_day_changes_no_call(today):
    user = UserFactory()
    lease = LeaseFactory(stay__entry_date=date(2021, 1, 1))
    calls.generate_calls(lease.organisation, date(2026, 10, 1), user)
    _exit(lease, date(2026, 10, 31), user)
    assert not LedgerEntry.objects.filter(lease=lease, kind=EntryKind.CONTRE_PASSATION).exists()
    assert queries.balance(lease) == D("650.00")


def test_internal_move_closes_the_account_without_loss(today):
    user = UserFactory()
    lease = LeaseFactory(stay__entry_date=date(2021, 1, 1))
    calls.generate_calls(lease.organisation, NOVEMBER, user)
    stay = end_stay(
        stay=lease.stay,
        on=date(2026, 11, 15),
        destination=Destination.MUTATION_INTERNE_IML,
        loss_unpaid_rent=False,
        loss_damage=False,
        acting_user=user,
    )
    assert queries.balance(lease) == D("325.00")
    assert (stay.loss_unpaid_rent, stay.exit_debt) == (False, None)


def test_benefit_still_expected_is_not_unpaid_rent():
    """M4: the CAF/MSA's 300 still expected on January's call is not the household's debt; the household
    paid its own 350."""
    lease = LeaseFactory(stay__entry_date=date(2021, 1, 1), tiers_payant=True)
    LedgerEntryFactory(lease=lease, amount=D("650.00"), benefit_expected=D("300.00"))
    LedgerEntryFactory(lease=lease, kind=EntryKind.PAIEMENT, amount=D("-350.00"), booked_on=date(2026, 1, 5))
    assert queries.balance(lease, date(2026, 1, 31)) == D("300.00")
    assert queries.debt_at_exit(lease.stay, date(2026, 1, 31)) == D("0.00")
    assert losses_at_exit(lease.stay, date(2026, 1, 31)).unpaid is False


def test_damage_charged_to_the_account_is_one_loss_not_two():
    """M4: damage charged on the account sets the damage flag (its claim) but is not unpaid rent."""
    lease = LeaseFactory(stay__entry_date=date(2021, 1, 1))
    LedgerEntryFactory(lease=lease, amount=D("650.00"))
    LedgerEntryFactory(lease=lease, kind=EntryKind.PAIEMENT, amount=D("-650.00"), booked_on=date(2026, 1, 5))
    LedgerEntryFactory(
        lease=lease, kind=EntryKind.DEGRADATIONS, amount=D("400.00"), booked_on=date(2026, 1, 20)
    )
    assert queries.balance(lease, date(2026, 1, 31)) == D("400.00")
    assert queries.debt_at_exit(lease.stay, date(2026, 1, 31)) == D("0.00")


def test_a_damage_claim_found_after_the_exit_sets_the_stays_damage_flag_journaled(today):
    """User trial W7: the household left on 10/11 with no claim (no damage at exit); on 20/11 a claim of
    450 € is opened for the stay → its damage flag is set (the bilan's losses read it), with a journal
    entry; abandoning the claim clears it again. The unpaid-rent flag is left as the accounts gave it."""
    from clef.damages.enums import ClaimStatus
    from clef.damages.models import DamageClaim
    from clef.damages.services import save_claim

    user = UserFactory()
    lease = LeaseFactory(stay__entry_date=date(2021, 1, 1))
    _exit(lease, date(2026, 11, 10), user)
    stay = lease.stay
    stay.refresh_from_db()
    assert stay.loss_damage is False
    journaled = JournalEntry.objects.filter(object_id=stay.pk).count()
    claim = save_claim(
        claim=DamageClaim(stay=stay, assessed_on=date(2026, 11, 20), amount=D("450.00")), acting_user=user
    )
    stay.refresh_from_db()
    assert stay.loss_damage is True and losses_at_exit(stay).damage is True
    latest = JournalEntry.objects.filter(object_id=stay.pk).order_by("-pk").first()
    assert JournalEntry.objects.filter(object_id=stay.pk).count() > journaled
    assert latest.changes["loss_damage"] == {
        "label": "dégradation constatée à la sortie",
        "old": "non",
        "new": "oui",
    }
    claim.status = ClaimStatus.ABANDONNE
    save_claim(claim=claim, acting_user=user, expected_version=claim.version)
    stay.refresh_from_db()
    assert stay.loss_damage is False


def test_a_damage_claim_of_a_stay_without_a_rent_account_keeps_the_typed_flag():
    from clef.damages.models import DamageClaim
    from clef.damages.services import save_claim
    from tests.factories.stays import StayFactory

    user = UserFactory()
    stay = StayFactory(exited=True)
    assert stay.loss_damage is False
    save_claim(claim=DamageClaim(stay=stay, assessed_on=stay.exit_date, amount=D("450.00")), acting_user=user)
    stay.refresh_from_db()
    assert stay.loss_damage is False  # typed at the exit: the operator keeps its accounts elsewhere
