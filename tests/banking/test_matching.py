"""THE matching rule, rule by rule (match_line), with leases of the database."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from clef.banking.enums import MatchRule, PaymentKind
from clef.banking.matching import candidate_leases, in_force_around, match_line
from clef.rental.enums import BenefitPayer, BenefitStatus
from tests.banking.conftest import make_lease
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db


def line(amount="650.00", label="", counterparty="", reference="", booked_on=date(2026, 3, 5)):
    return SimpleNamespace(
        amount=Decimal(amount),
        label=label,
        counterparty=counterparty,
        reference=reference,
        booked_on=booked_on,
    )


def leases_of(organisation):
    return list(candidate_leases(organisation.pk))


def test_reference_in_the_label_matches_whatever_the_amount(operator, worked_example):
    martin = worked_example["martin"]
    found = match_line(line("12.00", label=f"VIR {martin.payment_reference} MARS"), leases_of(operator))
    assert (found.lease, found.kind, found.rule) == (martin, PaymentKind.PAIEMENT, MatchRule.REFERENCE)


@pytest.mark.parametrize("written", ["clef {pk}", "CLEF_{pk}", "Clef-000{pk}", "CLEF{pk}"])
def test_reference_variants_in_the_reference_column(operator, worked_example, written):
    martin = worked_example["martin"]
    found = match_line(line(reference=written.format(pk=martin.pk)), leases_of(operator))
    assert found.lease == martin


def test_reference_of_another_organisations_lease_matches_nothing(operator, worked_example):
    other = make_lease(OrganisationFactory(), "Martin")
    found = match_line(line(label=f"VIR {other.payment_reference}"), leases_of(operator))
    assert found.lease is None
    assert (
        found.reason == f"la référence {other.payment_reference} ne correspond à aucun titre de la structure"
    )


def test_two_references_are_ambiguous(operator, worked_example):
    a, b = worked_example["martin"], worked_example["durand"]
    found = match_line(line(label=f"{a.payment_reference} {b.payment_reference}"), leases_of(operator))
    assert found.lease is None and found.ambiguous


def test_caf_payment_of_the_benefit_amount(operator, worked_example):
    found = match_line(line("300.00", counterparty="CAF DE L'ISERE"), leases_of(operator))
    assert (found.lease, found.kind, found.rule) == (
        worked_example["petit"],
        PaymentKind.AIDE_LOGEMENT,
        "aide",
    )


def test_msa_payment_does_not_match_a_benefit_paid_by_the_caf(operator, worked_example):
    found = match_line(line("300.00", counterparty="MSA ALPES DU NORD"), leases_of(operator))
    assert found.lease is None


def test_a_suspended_benefit_is_not_matched_by_amount(operator, worked_example):
    petit = worked_example["petit"]
    petit.benefit_status = BenefitStatus.SUSPENDUE
    petit.save()
    assert match_line(line("300.00", counterparty="CAF"), leases_of(operator)).lease is None


def test_two_benefits_of_the_same_amount_are_ambiguous(operator, worked_example):
    make_lease(operator, "Roux", tiers_payant=True, benefit_payer=BenefitPayer.CAF)
    found = match_line(line("300.00", label="CAF APL"), leases_of(operator))
    assert found.lease is None and found.ambiguous
    assert found.reason == "2 titres ont une aide de ce montant versée par ce payeur"


def test_caf_payment_with_a_reference_is_the_benefit_of_that_lease(operator, worked_example):
    petit = worked_example["petit"]
    found = match_line(
        line("280.00", counterparty="CAF", reference=petit.payment_reference), leases_of(operator)
    )
    assert (found.lease, found.kind, found.rule) == (petit, PaymentKind.AIDE_LOGEMENT, MatchRule.REFERENCE)


def test_name_and_net_monthly_due(operator, worked_example):
    found = match_line(line("650.00", counterparty="MME DURAND ANNE"), leases_of(operator))
    assert (found.lease, found.rule) == (worked_example["durand"], MatchRule.NAME_AMOUNT)
    # Petit owes 650 € less its APL of 300 €: the net due
    petit = match_line(line("350.00", counterparty="PETIT JEAN"), leases_of(operator))
    assert petit.lease == worked_example["petit"]


def test_name_with_accents_and_case(operator):
    lease = make_lease(operator, "Lefèvre-Élie")
    assert match_line(line(counterparty="m lefevre elie"), leases_of(operator)).lease == lease


def test_name_without_the_amount_stays_in_the_queue_with_the_reason(operator, worked_example):
    found = match_line(line("100.00", counterparty="MME DURAND"), leases_of(operator))
    assert found.lease is None
    assert found.reason == "le nom correspond, pas le montant dû chaque mois"


def test_name_inside_another_word_does_not_match(operator, worked_example):
    assert match_line(line(counterparty="DURANDEAU"), leases_of(operator)).lease is None


def test_same_name_and_same_due_is_ambiguous(operator, worked_example):
    found = match_line(line("350.00", counterparty="MME BERNARD"), leases_of(operator))
    assert found.lease is None and found.ambiguous
    assert found.reason == "2 ménages de ce nom doivent ce montant chaque mois"


def test_nothing_found(operator, worked_example):
    found = match_line(line("12.34", counterparty="INCONNU"), leases_of(operator))
    assert found.reason == "aucun titre trouvé (ni référence, ni aide, ni nom et montant)"


def test_a_debit_is_never_matched(operator, worked_example):
    martin = worked_example["martin"]
    assert match_line(line("-650.00", label=martin.payment_reference), leases_of(operator)).lease is None


def test_leases_ended_long_ago_are_matched_by_reference_only(operator):
    ended = make_lease(operator, "Moreau", ends_on=date(2025, 12, 31))
    march = date(2026, 3, 5)
    assert not in_force_around(ended, march)
    assert in_force_around(ended, date(2026, 1, 20))  # a last payment the month after the exit
    assert match_line(line(counterparty="MOREAU"), leases_of(operator)).lease is None
    assert match_line(line(label=ended.payment_reference), leases_of(operator)).lease == ended


def test_candidate_leases_cost_two_queries(operator, worked_example, django_assert_num_queries):
    with django_assert_num_queries(2):
        leases = list(candidate_leases(operator.pk))
        names = [p.last_name for lease in leases for p in lease.stay.household.members.all()]
    assert sorted(names) == ["Bernard", "Bernard", "Durand", "Martin", "Petit"]
