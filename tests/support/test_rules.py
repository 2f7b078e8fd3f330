"""The support's rules: one agreement in force, objectives by domain, consent to home visits, appointment
dates, cadences."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clef.support import rules
from clef.support.enums import AppointmentKind, Domain, ObjectiveStatus
from clef.support.rules import ObjectiveData
from tests.factories.households import HouseholdFactory
from tests.factories.support import HomeVisitConsentFactory, SupportAgreementFactory

pytestmark = pytest.mark.django_db


def _check(household, signed_on, ends_on=None, exclude_pk=None):
    rules.check_one_agreement_in_force(
        household_id=household.pk, signed_on=signed_on, ends_on=ends_on, exclude_pk=exclude_pk
    )


def test_a_second_agreement_overlapping_the_one_in_force_is_refused():
    agreement = SupportAgreementFactory(signed_on=date(2024, 1, 15))
    with pytest.raises(ValidationError, match="Un autre contrat d'accompagnement est en vigueur"):
        _check(agreement.household, date(2025, 1, 1))
    with pytest.raises(ValidationError):  # even one that ended before: an open agreement runs on
        _check(agreement.household, date(2023, 1, 1), date(2024, 1, 15))


def test_an_agreement_after_the_previous_ended_is_accepted():
    agreement = SupportAgreementFactory(signed_on=date(2024, 1, 15), ends_on=date(2024, 12, 31))
    _check(agreement.household, date(2025, 1, 1))
    _check(agreement.household, date(2023, 1, 1), date(2024, 1, 14))
    with pytest.raises(ValidationError):
        _check(agreement.household, date(2024, 12, 31))


def test_the_agreement_itself_is_not_its_own_overlap():
    agreement = SupportAgreementFactory()
    _check(agreement.household, date(2024, 2, 1), exclude_pk=agreement.pk)


def test_another_households_agreement_does_not_count():
    SupportAgreementFactory(signed_on=date(2024, 1, 15))
    _check(HouseholdFactory(), date(2024, 2, 1))


def test_an_agreement_ending_before_its_signature_is_refused():
    with pytest.raises(ValidationError, match="ne peut pas précéder sa signature"):
        rules.check_agreement_dates(date(2024, 5, 1), date(2024, 4, 30))
    rules.check_agreement_dates(date(2024, 5, 1), date(2024, 5, 1))


def test_objectives_need_a_domain_of_the_list_and_a_text():
    ok = ObjectiveData(
        domain=Domain.SANTE, text="Trouver un médecin traitant", status=ObjectiveStatus.EN_COURS
    )
    rules.check_objectives([ok])
    with pytest.raises(ValidationError, match="domaine"):
        rules.check_objectives([ObjectiveData(domain="cuisine", text="x", status=ObjectiveStatus.EN_COURS)])
    with pytest.raises(ValidationError, match="Écrivez chaque objectif"):
        rules.check_objectives(
            [ObjectiveData(domain=Domain.SANTE, text="  ", status=ObjectiveStatus.EN_COURS)]
        )
    deleted = ObjectiveData(domain=Domain.SANTE, text="", status=ObjectiveStatus.EN_COURS, delete=True)
    rules.check_objectives([deleted])  # a line being removed is not checked


def test_at_most_thirty_objectives():
    objective = ObjectiveData(domain=Domain.EMPLOI, text="x", status=ObjectiveStatus.EN_COURS)
    rules.check_objectives([objective] * rules.MAX_OBJECTIVES)
    with pytest.raises(ValidationError, match="au plus 30"):
        rules.check_objectives([objective] * (rules.MAX_OBJECTIVES + 1))


def test_objectives_are_grouped_in_the_order_of_the_domains():
    a = ObjectiveData(domain=Domain.SANTE, text="a", status="en_cours")
    b = ObjectiveData(domain=Domain.LOGEMENT, text="b", status="en_cours")
    c = ObjectiveData(domain=Domain.SANTE, text="c", status="en_cours")
    assert rules.objectives_by_domain([a, b, c]) == [("Logement", [b]), ("Santé", [a, c])]


def test_home_visits_need_the_consent_in_force_that_day():
    consent = HomeVisitConsentFactory(given_on=date(2024, 2, 1), withdrawn_on=date(2024, 6, 1))
    household = consent.household
    assert not rules.home_visits_allowed(household, date(2024, 1, 31))
    assert rules.home_visits_allowed(household, date(2024, 2, 1))
    assert rules.home_visits_allowed(household, date(2024, 5, 31))
    assert not rules.home_visits_allowed(household, date(2024, 6, 1))  # withdrawn that day


@pytest.mark.parametrize("kind", [AppointmentKind.VISITE_DOMICILE, AppointmentKind.VISITE_CONJOINTE])
def test_a_home_or_joint_visit_without_consent_is_refused(kind):
    household = HouseholdFactory()
    with pytest.raises(ValidationError, match="n'a pas donné son accord"):
        rules.check_home_visit_allowed(household, kind, date(2024, 3, 1))
    HomeVisitConsentFactory(household=household, given_on=date(2024, 2, 1))
    rules.check_home_visit_allowed(household, kind, date(2024, 3, 1))


def test_an_interview_needs_no_consent():
    rules.check_home_visit_allowed(HouseholdFactory(), AppointmentKind.ENTRETIEN, date(2024, 3, 1))


def test_a_withdrawal_before_the_consent_is_refused():
    with pytest.raises(ValidationError, match="ne peut pas précéder"):
        rules.check_consent_dates(date(2024, 2, 1), date(2024, 1, 31))
    rules.check_consent_dates(date(2024, 2, 1), date(2024, 2, 1))


def test_an_appointment_is_planned_at_most_a_year_ahead():
    today = date(2025, 1, 10)
    rules.check_appointment(
        held_on=today + timedelta(days=rules.APPOINTMENT_MAX_DAYS_AHEAD), note="", today=today
    )
    with pytest.raises(ValidationError, match="au plus 366 jours"):
        rules.check_appointment(
            held_on=today + timedelta(days=rules.APPOINTMENT_MAX_DAYS_AHEAD + 1), note="", today=today
        )


def test_a_note_is_written_only_once_the_appointment_took_place():
    today = timezone.localdate()
    rules.check_appointment(held_on=today, note="Vu ce jour", today=today)
    with pytest.raises(ValidationError, match="n'a pas encore eu lieu"):
        rules.check_appointment(held_on=today + timedelta(days=1), note="Vu", today=today)


def test_the_cadence_is_overdue_after_the_practice_months():
    assert rules.due_on(date(2024, 1, 31), 1) == date(2024, 2, 29)
    on = date(2024, 7, 1)
    assert not rules.is_overdue(date(2024, 6, 1), 1, on)
    assert rules.is_overdue(date(2024, 5, 31), 1, on)
    assert not rules.is_overdue(date(2024, 1, 1), 6, on)
    assert rules.is_overdue(date(2023, 12, 31), 6, on)
    assert not rules.is_overdue(None, 1, on)
