"""Occupancy workflows (clef.occupancy.services): journaled writes, rules applied, the slide in one action."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clef.dwellings.enums import DwellingExitReason, ManagementMode
from clef.journal.models import JournalEntry
from clef.occupancy import rules, services
from clef.occupancy.enums import CommissionDecision, SlideOutcome, TermDecision
from clef.occupancy.models import LeaseSlide, OccupancyTerm, SocialHousingDemand
from clef.organisations.models import PracticeSettings
from clef.stays.enums import Destination
from clef.utils.dates import add_months
from clef.utils.writes import StaleEditError
from tests.factories.accounts import UserFactory
from tests.factories.dwellings import DwellingFactory
from tests.factories.occupancy import LeaseSlideReviewFactory, OccupancyTermFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory()


def _entries(model_name: str):
    return JournalEntry.objects.filter(content_type__model=model_name)


def test_first_term_of_a_sublet_stay_uses_the_operator_term_length(user):
    stay = StayFactory(entry_date=date(2025, 1, 15))
    PracticeSettings.objects.create(organisation=stay.organisation, occupancy_term_months=3)
    term = services.open_first_term(stay=stay, acting_user=user)
    assert (term.number, term.starts_on, term.ends_on, term.decision) == (
        1,
        date(2025, 1, 15),
        date(2025, 4, 14),
        TermDecision.PENDING,
    )
    entry = _entries("occupancyterm").get()
    assert (entry.action, entry.household_id, entry.actor) == ("create", stay.household_id, user)


def test_first_term_defaults_to_six_months(user):
    stay = StayFactory(entry_date=date(2025, 1, 1))
    assert services.open_first_term(stay=stay, acting_user=user).ends_on == date(2025, 6, 30)


def test_no_term_for_a_mandat_de_gestion(user):
    dwelling = DwellingFactory(management_mode=ManagementMode.MANDAT_GESTION)
    stay = StayFactory(dwelling=dwelling, household__organisation=dwelling.organisation)
    assert services.open_first_term(stay=stay, acting_user=user) is None
    assert not OccupancyTerm.objects.exists()
    assert not _entries("occupancyterm").exists()


def test_first_term_is_opened_once(user):
    stay = StayFactory()
    services.open_first_term(stay=stay, acting_user=user)
    assert services.open_first_term(stay=stay, acting_user=user) is None
    assert stay.occupancy_terms.count() == 1


def test_renewal_chains_the_next_term(user):
    term = OccupancyTermFactory(ends_on=date(2021, 6, 30))
    following = services.renew_term(term=term, acting_user=user)
    term.refresh_from_db()
    assert (term.decision, term.decided_on, term.decided_by) == (
        TermDecision.RENEWED,
        timezone.localdate(),
        user,
    )
    assert (following.number, following.starts_on, following.ends_on) == (
        2,
        date(2021, 7, 1),
        date(2021, 12, 31),
    )
    assert _entries("occupancyterm").filter(action="update").count() == 1
    assert _entries("occupancyterm").filter(action="create").count() == 1


def test_a_third_renewal_needs_a_reason_and_is_stored_with_it(user):
    stay = StayFactory()
    OccupancyTermFactory(stay=stay, number=1, renewed=True)
    OccupancyTermFactory(
        stay=stay, number=2, starts_on=date(2021, 7, 1), ends_on=date(2021, 12, 31), renewed=True
    )
    third = OccupancyTermFactory(stay=stay, number=3, starts_on=date(2022, 1, 1), ends_on=date(2022, 6, 30))
    with pytest.raises(ValidationError) as caught:
        services.renew_term(term=third, reason="", acting_user=user)
    assert "reason" in caught.value.message_dict
    assert stay.occupancy_terms.count() == 3
    fourth = services.renew_term(term=third, reason="Attribution prévue en septembre", acting_user=user)
    third.refresh_from_db()
    assert third.reason == "Attribution prévue en septembre"
    assert fourth.number == 4


def test_the_recommended_number_comes_from_the_practice_settings(user):
    term = OccupancyTermFactory()
    PracticeSettings.objects.create(organisation=term.organisation, occupancy_max_renewals=0)
    with pytest.raises(ValidationError):
        services.renew_term(term=term, acting_user=user)


def test_a_decided_term_is_not_decided_again(user):
    term = OccupancyTermFactory(renewed=True)
    OccupancyTermFactory(stay=term.stay, number=2, starts_on=date(2021, 7, 1), ends_on=date(2021, 12, 31))
    with pytest.raises(ValidationError, match="déjà été décidée"):
        services.end_term(term=term, acting_user=user)


def test_a_stale_decision_is_refused(user):
    term = OccupancyTermFactory()
    with pytest.raises(StaleEditError):
        services.end_term(term=term, acting_user=user, expected_version=term.version + 1)


def test_no_renewal_after_the_exit(user):
    term = OccupancyTermFactory(stay__exited=True)
    with pytest.raises(ValidationError, match="terminé"):
        services.renew_term(term=term, acting_user=user)


def test_end_term_records_the_decision_without_ending_the_stay(user):
    term = OccupancyTermFactory()
    services.end_term(term=term, reason="Relogement trouvé", acting_user=user)
    term.refresh_from_db()
    term.stay.refresh_from_db()
    assert (term.decision, term.reason, term.stay.exit_date) == (
        TermDecision.ENDED,
        "Relogement trouvé",
        None,
    )


def _demand(**overrides):
    values = {"number": "069 012-100 00001", "first_demand_on": date(2025, 1, 10)}
    return services.DemandData(**{**values, **overrides})


def test_save_demand_sets_the_renewal_date_and_the_v1_fields(user):
    household = StayFactory().household
    first = timezone.localdate() - timedelta(days=10)
    demand = services.save_demand(household=household, data=_demand(first_demand_on=first), acting_user=user)
    household.refresh_from_db()
    assert (demand.number, demand.renewal_due_on) == ("06901210000001", add_months(first, 12))
    assert (household.social_housing_demand, household.social_housing_demand_number) == (
        True,
        "06901210000001",
    )
    assert _entries("socialhousingdemand").filter(action="create", household_id=household.pk).exists()
    assert _entries("household").filter(action="update", household_id=household.pk).exists()


def test_save_demand_keeps_v1_fields_off_when_the_demand_expired(user):
    stay = StayFactory()
    household = stay.household
    services.save_demand(
        household=household,
        data=_demand(first_demand_on=date(2020, 1, 1), renewal_due_on=date(2021, 1, 1)),
        acting_user=user,
    )
    household.refresh_from_db()
    assert (household.social_housing_demand, household.social_housing_demand_number) == (False, "")


def test_save_demand_current_v1_fields_on(user):
    household = StayFactory().household
    today = timezone.localdate()
    services.save_demand(
        household=household,
        data=_demand(first_demand_on=today - timedelta(days=10), renewal_due_on=today + timedelta(days=300)),
        acting_user=user,
    )
    household.refresh_from_db()
    assert (household.social_housing_demand, household.social_housing_demand_number) == (
        True,
        "06901210000001",
    )


def test_save_demand_updates_with_version_check(user):
    household = StayFactory().household
    demand = services.save_demand(household=household, data=_demand(), acting_user=user)
    services.save_demand(
        household=household, data=_demand(number="AB12"), acting_user=user, expected_version=1
    )
    demand.refresh_from_db()
    assert (demand.number, demand.version) == ("AB12", 2)
    with pytest.raises(StaleEditError):
        services.save_demand(household=household, data=_demand(), acting_user=user, expected_version=1)
    assert SocialHousingDemand.objects.count() == 1


def test_save_demand_refuses_a_bad_number_and_writes_nothing(user):
    household = StayFactory().household
    with pytest.raises(ValidationError) as caught:
        services.save_demand(household=household, data=_demand(number="069/012"), acting_user=user)
    assert "number" in caught.value.message_dict
    assert not SocialHousingDemand.objects.exists()
    assert not _entries("household").exists()


def test_save_demand_refuses_a_future_dalo_date(user):
    household = StayFactory().household
    with pytest.raises(ValidationError) as caught:
        services.save_demand(
            household=household,
            data=_demand(dalo_recognised_on=timezone.localdate() + timedelta(days=1)),
            acting_user=user,
        )
    assert "dalo_recognised_on" in caught.value.message_dict


def _review(**overrides):
    values = {
        "reviewed_on": date(2025, 1, 10),
        "outcome": SlideOutcome.PAS_ENCORE,
        "next_review_on": date(2025, 7, 10),
    }
    return services.ReviewData(**{**values, **overrides})


def test_record_slide_review_is_journaled(user):
    stay = StayFactory()
    review = services.record_slide_review(stay=stay, data=_review(), acting_user=user)
    assert review.recorded_by == user
    assert (
        _entries("leaseslidereview")
        .filter(household_id=stay.household_id, dwelling_id=stay.dwelling_id)
        .exists()
    )


def test_no_slide_review_for_a_mandat_de_gestion(user):
    dwelling = DwellingFactory(management_mode=ManagementMode.MANDAT_GESTION)
    stay = StayFactory(dwelling=dwelling, household__organisation=dwelling.organisation)
    with pytest.raises(ValidationError, match="mandat de gestion"):
        services.record_slide_review(stay=stay, data=_review(), acting_user=user)


def _slid_stay():
    dwelling = DwellingFactory(management_mode=ManagementMode.BAIL_GLISSANT)
    stay = StayFactory(
        dwelling=dwelling, household__organisation=dwelling.organisation, entry_date=date(2024, 1, 1)
    )
    OccupancyTermFactory(stay=stay, starts_on=date(2024, 1, 1), ends_on=date(2024, 6, 30))
    LeaseSlideReviewFactory(
        stay=stay, favourable=True, reviewed_on=date(2024, 5, 1), commission_on=date(2024, 5, 20)
    )
    return stay


def test_the_slide_ends_the_stay_takes_the_dwelling_out_and_documents_it(user):
    stay = _slid_stay()
    on = date(2024, 6, 1)
    slide = services.slide_lease(stay=stay, on=on, acting_user=user)
    stay.refresh_from_db()
    dwelling = stay.dwelling
    dwelling.refresh_from_db()
    assert (stay.exit_date, stay.destination) == (on, Destination.MAINTIEN_GLISSEMENT_BAIL)
    assert (dwelling.exit_date, dwelling.exit_reason) == (on, DwellingExitReason.GLISSEMENT_BAIL)
    assert (slide.stay, slide.dwelling, slide.household, slide.slid_on) == (
        stay,
        dwelling,
        stay.household,
        on,
    )
    assert stay.occupancy_terms.get().decision == TermDecision.SLID
    models = set(
        JournalEntry.objects.filter(household_id=stay.household_id).values_list(
            "content_type__model", flat=True
        )
    )
    assert {"stay", "leaseslide", "occupancyterm"} <= models
    assert JournalEntry.objects.filter(
        content_type__model="dwelling", dwelling_id=dwelling.pk, action="update"
    ).exists()


def test_the_slide_needs_a_favourable_last_review(user):
    stay = _slid_stay()
    LeaseSlideReviewFactory(
        stay=stay,
        reviewed_on=date(2024, 5, 25),
        next_review_on=None,
        commission_decision=CommissionDecision.DEFAVORABLE,
        commission_on=date(2024, 5, 25),
    )
    with pytest.raises(ValidationError, match="favorable"):
        services.slide_lease(stay=stay, on=date(2024, 6, 1), acting_user=user)
    stay.refresh_from_db()
    assert stay.exit_date is None
    assert not LeaseSlide.objects.exists()


def test_the_slide_is_never_dated_before_its_commission_or_review(user):
    """Regression: a lease slid on 10/05/2024 after the favourable commission of 20/05/2024."""
    stay = _slid_stay()  # review 01/05/2024, commission 20/05/2024
    for on, message in (
        (date(2024, 5, 10), "commission favorable du 20/05/2024"),
        (date(2024, 4, 30), "20/05"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.slide_lease(stay=stay, on=on, acting_user=user)
    assert not LeaseSlide.objects.exists()
    assert services.slide_lease(stay=stay, on=date(2024, 5, 20), acting_user=user).slid_on == date(
        2024, 5, 20
    )


def test_the_slide_date_rule_checks_the_review_date_too():
    rules.check_slide_date(on=date(2024, 5, 1), reviewed_on=date(2024, 5, 1), commission_on=None)
    with pytest.raises(ValidationError, match="point sur le glissement du 02/05/2024"):
        rules.check_slide_date(on=date(2024, 5, 1), reviewed_on=date(2024, 5, 2), commission_on=None)


def test_the_slide_writes_nothing_when_the_dwelling_refuses(user):
    """A step failing late (here the dwelling's own rule: exit before its park entry) rolls the whole
    action back: the stay is still open, the term still pending."""
    stay = _slid_stay()
    with pytest.raises(ValidationError):
        services.slide_lease(stay=stay, on=date(2023, 12, 1), acting_user=user)
    stay.refresh_from_db()
    assert stay.exit_date is None
    assert stay.occupancy_terms.get().decision == TermDecision.PENDING


def test_a_slid_stay_does_not_slide_again(user):
    stay = _slid_stay()
    services.slide_lease(stay=stay, on=date(2024, 6, 1), acting_user=user)
    with pytest.raises(ValidationError, match="présent"):
        services.slide_lease(stay=stay, on=date(2024, 6, 1), acting_user=user)


def test_a_concurrent_second_demand_or_slide_gets_a_french_message():
    """What two users racing past the checks would hit: the database's uniqueness, in French (both
    databases name the constraint differently)."""
    from clef.utils.writes import register_write
    from tests.factories.occupancy import LeaseSlideFactory, SocialHousingDemandFactory

    demand = SocialHousingDemandFactory()
    slide = LeaseSlideFactory()

    @register_write
    def duplicate_demand():
        SocialHousingDemandFactory(household=demand.household)

    @register_write
    def duplicate_slide():
        LeaseSlideFactory(stay=slide.stay)

    with pytest.raises(ValidationError, match="vient d'être enregistrée par un collègue"):
        duplicate_demand()
    with pytest.raises(ValidationError, match="vient de glisser"):
        duplicate_slide()
