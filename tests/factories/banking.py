"""Bank statements: a CSV statement imported by a user of an operator, and its lines (a credit of 650 €
booked on 05/03/2026, queued by default). Traits: `debit` (an ignored debit of −45,10 €), `ignored` (a
credit set aside with a reason). The factories write rows only: import through
`clef.banking.services.import_statement` when the matching, the ledger or the journal matters."""

from datetime import date
from decimal import Decimal

import factory

from clef.banking.enums import DEBIT_REASON, LineStatus, StatementFormat
from clef.banking.models import BankLine, BankStatement
from tests.factories.accounts import UserFactory
from tests.factories.organisations import OrganisationFactory


class BankStatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BankStatement

    organisation = factory.SubFactory(OrganisationFactory)
    file_name = factory.Sequence(lambda n: f"releve-{n}.csv")
    file_sha256 = factory.Sequence(lambda n: f"{n:064x}")
    format = StatementFormat.CSV
    imported_by = factory.SubFactory(UserFactory)
    lines_count = 1


class BankLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BankLine

    statement = factory.SubFactory(BankStatementFactory)
    organisation = factory.SelfAttribute("statement.organisation")
    line_number = factory.Sequence(lambda n: n + 2)
    booked_on = date(2026, 3, 5)
    amount = Decimal("650.00")
    label = "VIREMENT LOYER"
    counterparty = "M. DUPONT"
    status = LineStatus.A_TRAITER
    queue_reason = "aucun titre trouvé (ni référence, ni aide, ni nom et montant)"

    class Params:
        debit = factory.Trait(
            amount=Decimal("-45.10"),
            label="PRLV ASSURANCE",
            status=LineStatus.IGNOREE,
            ignored_reason=DEBIT_REASON,
        )
        ignored = factory.Trait(status=LineStatus.IGNOREE, ignored_reason="Virement entre nos comptes")
