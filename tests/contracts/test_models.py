"""The invariants of conventions and contracts are in the database (every writer), and bank details are
encrypted at rest."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from clef.contracts.enums import ContractKind, ConventionStatus
from clef.contracts.models import OwnerBankAccount
from tests.factories.contracts import (
    VALID_IBAN,
    AnahConventionFactory,
    ContractFactory,
    OwnerBankAccountFactory,
)

pytestmark = pytest.mark.django_db


def refused(factory, constraint: str, **fields) -> None:
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        factory(**fields)


def test_one_contract_in_force_per_dwelling():
    contract = ContractFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ContractFactory(dwelling=contract.dwelling)
    ContractFactory(
        dwelling=contract.dwelling, ended_on=date(2021, 1, 1), end_reason="fin_mandat"
    )  # an ended one may sit beside it


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"kind": ContractKind.BAIL_PRINCIPAL, "fee_percent": Decimal("7")}, "contract_fee_only_on_mandate"),
        (
            {"kind": ContractKind.MANDAT_GESTION, "glissement_clause": True},
            "contract_glissement_only_on_main_lease",
        ),
        ({"rent": Decimal("10000.01")}, "contract_rent_bounds"),
        ({"charges": Decimal("-1")}, "contract_charges_bounds"),
        ({"mandate": True, "fee_percent": Decimal("100.01")}, "contract_fee_bounds"),
        ({"signed_on": date(2020, 2, 1)}, "contract_starts_after_signature"),
        ({"ends_on": date(2020, 1, 1)}, "contract_ends_after_start"),
        ({"renewal_on": date(2019, 12, 31)}, "contract_renewal_after_start"),
        ({"ended_on": date(2021, 1, 1)}, "contract_ended_with_reason"),
        ({"end_reason": "fin_mandat"}, "contract_ended_with_reason"),
        ({"ended_on": date(2019, 1, 1), "end_reason": "autre"}, "contract_ended_with_reason"),
    ],
)
def test_contract_constraints(fields, constraint):
    refused(ContractFactory, constraint, **fields)


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"duration_years": 5}, "convention_duration_bounds"),
        ({"duration_years": 16}, "convention_duration_bounds"),
        ({"signed": True, "signed_on": date(2019, 11, 30)}, "convention_signed_after_request"),
        ({"status": ConventionStatus.SIGNEE}, "convention_signed_on_iff_signed"),
        ({"signed_on": date(2019, 12, 15)}, "convention_signed_on_iff_signed"),
        ({"signed": True, "signed_on": None}, "convention_signed_on_iff_signed"),
        ({"signed": True, "ends_on": None}, "convention_ends_after_start"),
        ({"signed": True, "ends_on": date(2019, 12, 31)}, "convention_ends_after_start"),
        ({"signed": True, "status": ConventionStatus.TERMINEE}, "convention_ended_on_iff_terminated"),
        ({"ended_on": date(2020, 1, 1)}, "convention_ended_on_iff_terminated"),
    ],
)
def test_convention_constraints(fields, constraint):
    refused(AnahConventionFactory, constraint, **fields)


def test_one_open_convention_per_dwelling():
    convention = AnahConventionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AnahConventionFactory(dwelling=convention.dwelling)


def test_bank_details_are_encrypted_at_rest_and_read_back_in_clear():
    account = OwnerBankAccountFactory()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT holder, iban, bic, iban_last4 FROM contracts_ownerbankaccount WHERE id = %s", [account.pk]
        )
        holder, iban, bic, last4 = cursor.fetchone()
    assert VALID_IBAN not in iban and "0189" not in iban
    assert "Claire" not in holder and "BNPA" not in bic
    assert last4 == "0189"
    stored = OwnerBankAccount.objects.get(pk=account.pk)
    assert (stored.iban, stored.holder, stored.bic) == (VALID_IBAN, "Claire Bailleur", "BNPAFRPPXXX")
    assert stored.masked == "FR76 •••• 0189"
