from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from clef.guarantees import services
from clef.guarantees.models import FundClaim, FundContribution, VisaleClaim
from clef.journal.models import JournalEntry
from clef.utils.writes import StaleEditError
from tests.factories.accounts import UserFactory
from tests.factories.guarantees import (
    FundClaimFactory,
    FundContributionFactory,
    FundContributorFactory,
    SecurityFundFactory,
    VisaleGuaranteeFactory,
)
from tests.factories.rental import LedgerEntryFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db


def _pdf(name="devis.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")


def test_declaring_a_claim_with_a_document_is_journaled_in_the_operators_organisation():
    fund, stay, user = SecurityFundFactory(), StayFactory(), UserFactory()
    claim = FundClaim(
        fund=fund,
        operator=stay.organisation,
        stay=stay,
        kind="impayes",
        loss_amount=D("8000"),
        amount_claimed=D("6000"),
        declared_on=date(2025, 4, 1),
    )
    services.declare_fund_claim(claim=claim, documents=[(_pdf(), "Devis")], acting_user=user)
    assert claim.documents.get().caption == "Devis"
    assert claim.documents.get().file.name.startswith(f"fonds/{fund.pk}/{stay.organisation_id}/")
    entries = JournalEntry.objects.filter(object_id=claim.pk, organisation_id=stay.organisation_id)
    assert entries.count() == 2 and set(entries.values_list("household_id", flat=True)) == {stay.household_id}


def test_a_claim_on_another_operators_stay_or_above_its_loss_is_refused():
    fund, stay = SecurityFundFactory(), StayFactory()
    base = {"fund": fund, "kind": "impayes", "loss_amount": D("100"), "declared_on": date(2025, 4, 1)}
    with pytest.raises(ValidationError, match="n'appartient pas"):
        services.declare_fund_claim(
            claim=FundClaim(operator=FundClaimFactory().operator, stay=stay, amount_claimed=D("10"), **base),
            acting_user=UserFactory(),
        )
    with pytest.raises(ValidationError, match="montant du sinistre"):
        services.declare_fund_claim(
            claim=FundClaim(operator=stay.organisation, amount_claimed=D("100.01"), **base),
            acting_user=UserFactory(),
        )
    assert not FundClaim.objects.filter(fund=fund).exists()


def test_a_claim_is_decided_then_paid_with_its_version_journaled_on_both_sides():
    claim = FundClaimFactory()
    FundContributionFactory(contributor__fund=claim.fund, received_on=date(2025, 1, 2), amount=D("5000"))
    user = UserFactory()
    decided = services.decide_fund_claim(
        claim=claim,
        expected_version=1,
        status="acceptee",
        decided_on=date(2025, 5, 1),
        amount_granted=D("5000"),
        decision_note="Sinistre important",
        acting_user=user,
    )
    assert (decided.status, decided.version, decided.decided_by) == ("acceptee", 2, user)
    with pytest.raises(StaleEditError):
        services.pay_fund_claim(
            claim=claim, expected_version=1, paid_on=date(2025, 6, 1), paid_amount=D("5000"), acting_user=user
        )
    paid = services.pay_fund_claim(
        claim=claim, expected_version=2, paid_on=date(2025, 6, 1), paid_amount=D("5000"), acting_user=user
    )
    assert (paid.status, paid.paid_amount, paid.version) == ("versee", D("5000"), 3)
    organisations = set(
        JournalEntry.objects.filter(object_id=claim.pk).values_list("organisation_id", flat=True)
    )
    assert organisations == {claim.operator_id, claim.fund.manager_id}
    assert not JournalEntry.objects.filter(
        organisation_id=claim.fund.manager_id, household_id__isnull=False
    ).exists()


def test_a_contribution_comes_from_one_of_the_funds_contributors():
    contributor = FundContributorFactory()
    contribution = FundContribution(
        fund=SecurityFundFactory(),
        contributor=contributor,
        year=2025,
        amount=D("1"),
        received_on=date(2025, 1, 1),
    )
    with pytest.raises(ValidationError, match="pas un contributeur de ce fonds"):
        services.record_contribution(contribution=contribution, acting_user=UserFactory())
    contribution.fund = contributor.fund
    contribution.kind = "cotisation"
    services.record_contribution(contribution=contribution, acting_user=UserFactory())
    assert JournalEntry.objects.get(object_id=contribution.pk).organisation_id == contributor.fund.manager_id


def test_a_visale_claim_is_checked_against_the_ledger_on_its_day():
    guarantee = VisaleGuaranteeFactory(valid_from=date(2024, 1, 1))
    LedgerEntryFactory(lease=guarantee.lease, booked_on=date(2025, 1, 5), amount=D("650"))
    claim = VisaleClaim(
        guarantee=guarantee, kind="impayes", declared_on=date(2025, 1, 10), months=1, amount=D("650")
    )
    with pytest.raises(ValidationError, match="au-delà de 650,00"):
        services.declare_visale_claim(claim=claim, acting_user=UserFactory())
    LedgerEntryFactory(lease=guarantee.lease, booked_on=date(2025, 2, 5), amount=D("650"))
    claim.declared_on = date(2025, 2, 10)
    services.declare_visale_claim(claim=claim, acting_user=UserFactory())
    entry = JournalEntry.objects.get(object_id=claim.pk, content_type__model="visaleclaim")
    assert entry.household_id == guarantee.lease.stay.household_id
    paid = services.update_visale_claim(
        claim=claim,
        expected_version=1,
        status="indemnisee",
        paid_on=date(2025, 4, 1),
        paid_amount=D("650"),
        acting_user=UserFactory(),
    )
    assert paid.version == 2 and paid.paid_amount == D("650")
