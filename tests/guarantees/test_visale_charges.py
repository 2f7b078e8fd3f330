"""Visale (visale.fr FAQ « La gestion des impayés de loyer », domain_rules § 4): the first claim cannot be for
charges only. The rule `rules.check_claim_charges`, called by the claim form and by the service."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from clef.guarantees import rules, services
from clef.guarantees.enums import VisaleClaimKind, VisaleClaimStatus
from clef.guarantees.models import VisaleClaim
from clef.www.guarantees.forms import VisaleClaimForm
from tests.factories.accounts import UserFactory
from tests.factories.guarantees import VisaleClaimFactory, VisaleGuaranteeFactory
from tests.factories.rental import LedgerEntryFactory

FIRST = "Le premier sinistre Visale ne peut pas porter sur les seules charges"


def _check(**kwargs):
    values = {
        "kind": VisaleClaimKind.IMPAYES,
        "amount": D("700"),
        "charges_amount": D("0"),
        "months_already_claimed": 0,
    }
    rules.check_claim_charges(**values | kwargs)


def test_a_first_claim_with_some_rent_is_accepted():
    _check(charges_amount=D("699.99"))
    _check(charges_amount=D("0"))


def test_a_first_claim_for_charges_only_is_refused():
    with pytest.raises(ValidationError) as caught:
        _check(charges_amount=D("700"))
    assert caught.value.message_dict["charges_amount"][0].startswith(FIRST)


def test_a_later_claim_may_be_for_charges_only():
    _check(charges_amount=D("700"), months_already_claimed=2)


def test_the_charges_are_within_the_amount_and_absent_from_a_damage_claim():
    with pytest.raises(ValidationError, match="ne peut dépasser le montant déclaré"):
        _check(charges_amount=D("700.01"), months_already_claimed=2)
    with pytest.raises(ValidationError, match="n'a pas de part de charges"):
        _check(kind=VisaleClaimKind.DEGRADATIONS, charges_amount=D("10"))
    _check(kind=VisaleClaimKind.DEGRADATIONS, charges_amount=D("0"))


def test_check_claim_names_the_first_claim_rule():
    values = {
        "kind": VisaleClaimKind.IMPAYES, "months": 2, "amount": D("1300"), "unpaid": D("1300"),
        "monthly_due": D("650"), "net_monthly_due": D("650"), "months_already_claimed": 0,
        "guarantee_in_force": True,
    }  # fmt: skip
    rules.check_claim(**values, charges_amount=D("100"))
    with pytest.raises(ValidationError) as caught:
        rules.check_claim(**values, charges_amount=D("1300"))
    assert list(caught.value.message_dict) == ["charges_amount"]


@pytest.fixture
def guarantee(db):
    """A mandate of 600 + 50: two calls unpaid, 1 300 owed by the household on 10/02/2025."""
    guarantee = VisaleGuaranteeFactory(valid_from=date(2024, 1, 1))
    for day in (date(2025, 1, 5), date(2025, 2, 5)):
        LedgerEntryFactory(lease=guarantee.lease, booked_on=day, period=day.replace(day=1), amount=D("650"))
    return guarantee


def _claim(guarantee, charges: str) -> VisaleClaim:
    return VisaleClaim(
        guarantee=guarantee, kind="impayes", declared_on=date(2025, 2, 10), months=1, amount=D("650"),
        charges_amount=D(charges),
    )  # fmt: skip


def test_the_service_refuses_a_first_claim_for_charges_only_and_accepts_the_next(guarantee):
    with pytest.raises(ValidationError) as caught:
        services.declare_visale_claim(claim=_claim(guarantee, "650"), acting_user=UserFactory())
    assert caught.value.message_dict["charges_amount"][0].startswith(FIRST)
    assert not VisaleClaim.objects.exists()
    services.declare_visale_claim(claim=_claim(guarantee, "50"), acting_user=UserFactory())
    second = _claim(guarantee, "650")
    services.declare_visale_claim(claim=second, acting_user=UserFactory())
    assert second.pk and second.charges_amount == D("650")


def test_a_refused_first_claim_leaves_the_next_one_first(guarantee):
    VisaleClaimFactory(guarantee=guarantee, status=VisaleClaimStatus.REFUSEE, months=1, amount=D("650"))
    with pytest.raises(ValidationError, match=FIRST):
        services.declare_visale_claim(claim=_claim(guarantee, "650"), acting_user=UserFactory())


def _form(guarantee, **data):
    values = {"kind": "impayes", "declared_on": "2025-02-10", "months": "1", "amount": "650,00"}
    return VisaleClaimForm(values | data, instance=VisaleClaim(guarantee=guarantee))


def test_the_form_refuses_a_first_claim_for_charges_only_in_french(guarantee):
    form = _form(guarantee, charges_amount="650,00")
    assert not form.is_valid()
    assert form.errors["charges_amount"][0].startswith(FIRST)
    assert _form(guarantee, charges_amount="50,00").is_valid()
    empty = _form(guarantee)
    assert empty.is_valid() and empty.cleaned_data["charges_amount"] == D("0.00")
    assert not _form(guarantee, charges_amount="-1").is_valid()
    assert not _form(guarantee, charges_amount="abc").is_valid()


def test_the_database_keeps_the_charges_within_the_amount(guarantee):
    with pytest.raises(IntegrityError), transaction.atomic():
        VisaleClaimFactory(guarantee=guarantee, amount=D("100"), charges_amount=D("100.01"))
    with pytest.raises(IntegrityError), transaction.atomic():
        VisaleClaimFactory(guarantee=guarantee, kind=VisaleClaimKind.DEGRADATIONS, charges_amount=D("1"))
