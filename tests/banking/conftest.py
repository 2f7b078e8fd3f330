from decimal import Decimal

import pytest

from tests.factories.accounts import UserFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.rental import LeaseFactory


def make_lease(organisation, last_name: str, **fields):
    return LeaseFactory(
        stay__household__organisation=organisation, stay__household__reference__last_name=last_name, **fields
    )


@pytest.fixture
def operator(db):
    return OrganisationFactory()


@pytest.fixture
def worked_example(operator):
    """Five leases of one operator (2021 → today), the worked example of docs/spec/releve-bancaire.md:
    Martin 650 €/month (paid by reference), Petit with an APL of 300 € paid by the CAF (net 350 €), Durand
    650 €/month (paid by name and amount), two Bernard households owing 350 €/month each (ambiguous)."""
    return {
        "martin": make_lease(operator, "Martin"),
        "petit": make_lease(operator, "Petit", tiers_payant=True),
        "durand": make_lease(operator, "Durand"),
        "bernard1": make_lease(operator, "Bernard", rent=Decimal("300.00")),
        "bernard2": make_lease(operator, "Bernard", rent=Decimal("300.00")),
    }


@pytest.fixture
def manager(db):
    return UserFactory()


def statement_csv(leases) -> bytes:
    return (
        "Date;Libellé;Montant;Contrepartie;Référence\n"
        f"05/03/2026;VIR LOYER MARS {leases['martin'].payment_reference};650,00;M. MARTIN PAUL;\n"
        "06/03/2026;VIR CAF APL MARS;300,00;CAF DE L'ISERE;\n"
        "07/03/2026;VIREMENT LOYER;650,00;MME DURAND ANNE;\n"
        "07/03/2026;VIREMENT;350,00;MME BERNARD;\n"
        "08/03/2026;PRLV ASSURANCE;-45,10;ASSUREUR;\n"
    ).encode()
