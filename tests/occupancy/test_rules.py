"""The occupancy rules, one by one (clef.occupancy.rules)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clef.dwellings.enums import ManagementMode
from clef.occupancy import rules
from clef.occupancy.enums import CommissionDecision, TermDecision


def test_first_term_lasts_the_term_length_from_entry():
    assert rules.first_term_dates(date(2025, 1, 15), 6) == (date(2025, 1, 15), date(2025, 7, 14))


def test_next_term_starts_the_day_after_the_previous_ends():
    assert rules.next_term_dates(date(2025, 7, 14), 6) == (date(2025, 7, 15), date(2026, 1, 14))


def test_term_end_is_clamped_at_month_end():
    assert rules.first_term_dates(date(2025, 8, 31), 6) == (date(2025, 8, 31), date(2026, 2, 27))


def test_recommended_length_is_term_times_one_plus_renewals():
    assert rules.recommended_months(6, 2) == 18
    assert rules.recommended_months(4, 3) == 16
    assert rules.recommended_end(date(2025, 1, 1), 6, 2) == date(2026, 6, 30)


def test_mandat_de_gestion_has_no_terms():
    assert not rules.has_terms(ManagementMode.MANDAT_GESTION)
    assert rules.has_terms(ManagementMode.SOUS_LOCATION)
    assert rules.has_terms(ManagementMode.BAIL_GLISSANT)


@pytest.mark.parametrize("term_number", [1, 2])
def test_renewals_within_the_recommended_number_need_no_reason(term_number):
    rules.check_renewal(term_number=term_number, max_renewals=2, term_months=6, reason="")


def test_a_renewal_beyond_the_recommended_number_needs_a_reason():
    with pytest.raises(ValidationError) as caught:
        rules.check_renewal(term_number=3, max_renewals=2, term_months=6, reason="  ")
    assert "18 mois" in caught.value.message_dict["reason"][0]
    rules.check_renewal(term_number=3, max_renewals=2, term_months=6, reason="Attente d'une attribution")


def test_only_the_pending_last_term_of_an_open_stay_is_decided():
    rules.check_term_decidable(decision=TermDecision.PENDING, stay_open=True, is_last=True)
    for kwargs in (
        {"decision": TermDecision.RENEWED, "stay_open": True, "is_last": True},
        {"decision": TermDecision.PENDING, "stay_open": False, "is_last": True},
        {"decision": TermDecision.PENDING, "stay_open": True, "is_last": False},
    ):
        with pytest.raises(ValidationError):
            rules.check_term_decidable(**kwargs)


def test_term_alert_starts_alert_days_before_the_end_and_only_while_pending():
    end = date(2025, 6, 30)
    assert not rules.term_alert(
        ends_on=end, decision=TermDecision.PENDING, on=date(2025, 5, 29), alert_days=31
    )
    assert rules.term_alert(ends_on=end, decision=TermDecision.PENDING, on=date(2025, 5, 30), alert_days=31)
    assert rules.term_alert(ends_on=end, decision=TermDecision.PENDING, on=date(2025, 7, 5), alert_days=31)
    assert not rules.term_alert(
        ends_on=end, decision=TermDecision.RENEWED, on=date(2025, 6, 20), alert_days=31
    )


@pytest.mark.parametrize("value", ["", "0690121000012", "A1B2C3", "1" * 18])
def test_demand_number_accepts_letters_and_digits_up_to_18(value):
    rules.check_demand_number(value)


@pytest.mark.parametrize("value", ["1" * 19, "069/012", "06901é", "069 012"])
def test_demand_number_refuses_other_characters_or_length(value):
    with pytest.raises(ValidationError) as caught:
        rules.check_demand_number(value)
    assert "lettres et de chiffres" in caught.value.message_dict["number"][0]


def test_demand_number_is_normalised_before_the_check():
    assert rules.normalise_demand_number(" 069-012 100 ab ") == "069012100AB"


def test_default_renewal_is_first_date_plus_validity():
    assert rules.default_renewal_due(date(2025, 3, 31), 12) == date(2026, 3, 31)
    assert rules.default_renewal_due(date(2024, 2, 29), 12) == date(2025, 2, 28)


def _dates(**overrides):
    values = {
        "first_demand_on": date(2025, 1, 1),
        "renewal_due_on": date(2026, 1, 1),
        "syplo_labelled": False,
        "syplo_labelled_on": None,
        "dalo_recognised_on": None,
    }
    return {**values, **overrides}


def test_renewal_must_follow_first_demand():
    with pytest.raises(ValidationError) as caught:
        rules.check_demand_dates(**_dates(renewal_due_on=date(2025, 1, 1)))
    assert "renewal_due_on" in caught.value.message_dict


def test_dalo_date_cannot_be_in_the_future():
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        rules.check_demand_dates(**_dates(dalo_recognised_on=tomorrow))
    assert caught.value.message_dict["dalo_recognised_on"] == [
        "La date de reconnaissance DALO ne peut pas être dans le futur."
    ]
    rules.check_demand_dates(**_dates(dalo_recognised_on=timezone.localdate()))


def test_syplo_date_needs_the_label():
    with pytest.raises(ValidationError) as caught:
        rules.check_demand_dates(**_dates(syplo_labelled_on=date(2025, 2, 1)))
    assert "syplo_labelled_on" in caught.value.message_dict


def test_demand_is_active_until_its_renewal_date_included():
    class Demand:
        renewal_due_on = date(2025, 6, 30)

    class Household:
        social_housing_demand_record = Demand()

    assert rules.has_active_demand(Household(), date(2025, 6, 30))
    assert not rules.has_active_demand(Household(), date(2025, 7, 1))
    assert not rules.has_active_demand(object(), date(2025, 1, 1))


def _slide(**overrides):
    values = {
        "stay_open": True,
        "entry_date": date(2024, 1, 1),
        "on": date(2025, 1, 1),
        "management_mode": ManagementMode.BAIL_GLISSANT,
        "last_commission": CommissionDecision.FAVORABLE,
    }
    return {**values, **overrides}


def test_slide_allowed_for_a_present_household_after_a_favourable_commission():
    rules.check_slide(**_slide())
    rules.check_slide(**_slide(management_mode=ManagementMode.SOUS_LOCATION))


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"stay_open": False}, "présent"),
        ({"entry_date": date(2025, 2, 1)}, "présent"),
        ({"management_mode": ManagementMode.MANDAT_GESTION}, "bail glissant"),
        ({"last_commission": None}, "favorable"),
        ({"last_commission": CommissionDecision.DEFAVORABLE}, "favorable"),
        ({"last_commission": CommissionDecision.AUCUNE}, "favorable"),
    ],
)
def test_slide_refused(overrides, words):
    with pytest.raises(ValidationError) as caught:
        rules.check_slide(**_slide(**overrides))
    assert words in caught.value.messages[0]


def test_review_dates_and_commission():
    rules.check_review(
        reviewed_on=date(2025, 1, 1),
        next_review_on=date(2025, 7, 1),
        commission_decision="aucune",
        commission_on=None,
    )
    with pytest.raises(ValidationError) as caught:
        rules.check_review(
            reviewed_on=date(2025, 1, 1),
            next_review_on=date(2025, 1, 1),
            commission_decision="favorable",
            commission_on=None,
        )
    assert set(caught.value.message_dict) == {"next_review_on", "commission_on"}
    with pytest.raises(ValidationError) as caught:
        rules.check_review(
            reviewed_on=date(2025, 1, 1),
            next_review_on=None,
            commission_decision="aucune",
            commission_on=date(2025, 1, 2),
        )
    assert set(caught.value.message_dict) == {"commission_decision"}


@pytest.mark.parametrize("on", [date(2026, 6, 30), date(2026, 3, 1), date(2026, 2, 28), date(2025, 8, 31)])
def test_beyond_cutoff_is_the_query_form_of_the_recommended_end(on):
    cutoff = rules.beyond_recommended_cutoff(on, 6, 2)
    for offset in range(-5, 6):
        entry = cutoff + timedelta(days=offset)
        assert (entry <= cutoff) is (rules.recommended_end(entry, 6, 2) < on)


def test_cadence_in_days_counts_months_as_clef_does():
    assert rules.cadence_days(6) == 183
    assert rules.cadence_days(1) == 30


def test_a_term_has_one_name():
    from clef.occupancy.models import term_name

    assert [term_name(n) for n in (1, 2, 6)] == [
        "Période n° 1 (initiale)",
        "Période n° 2 (renouvellement n° 1)",
        "Période n° 6 (renouvellement n° 5)",
    ]


@pytest.mark.parametrize(
    ("renewals", "text"), [(0, "Au-delà de la première période"), (1, "Au-delà d'un renouvellement")]
)
def test_the_reason_message_says_the_renewals_in_french(renewals, text):
    with pytest.raises(ValidationError, match=text):
        rules.check_renewal(term_number=renewals + 1, max_renewals=renewals, term_months=6, reason="")
