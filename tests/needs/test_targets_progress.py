"""Targets and their progress: a hand-computed fixture for 2026, the services and the rules."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from clef.dwellings.enums import ManagementMode, Parc
from clef.journal.models import JournalEntry
from clef.needs import perms, rules
from clef.needs.models import CaptationTarget
from clef.needs.queries import targets_progress
from clef.needs.services import save_target
from clef.organisations.models import Role
from clef.organisations.perms import Oversight, oversight
from clef.utils.writes import StaleEditError
from tests.factories.accounts import UserFactory
from tests.factories.dwellings import DwellingFactory
from tests.factories.needs import CaptationTargetFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory

MANDAT, SOUS_LOCATION, GLISSANT = (
    ManagementMode.MANDAT_GESTION,
    ManagementMode.SOUS_LOCATION,
    ManagementMode.BAIL_GLISSANT,
)


@pytest.fixture
def operators(db):
    op_a = OrganisationFactory(name="A")
    op_b = OrganisationFactory(name="B")
    op_isere = OrganisationFactory(name="C", head_office_department_id="38")
    CaptationTargetFactory(organisation=op_a, new_dwellings=10)
    CaptationTargetFactory(organisation=op_a, year=2025, new_dwellings=99)
    CaptationTargetFactory(organisation=op_isere, new_dwellings=4)
    new = {"entry_date": date(2026, 3, 1)}
    DwellingFactory(organisation=op_a, management_mode=MANDAT, **new)
    DwellingFactory(organisation=op_a, management_mode=MANDAT, **new)
    DwellingFactory(organisation=op_a, management_mode=SOUS_LOCATION, parc=Parc.PUBLIC, **new)
    DwellingFactory(organisation=op_a, management_mode=GLISSANT, **new)
    DwellingFactory(  # new in 2026, out of the park at 31/12
        organisation=op_a, management_mode=MANDAT, exit_date=date(2026, 9, 1), exit_reason="autre", **new
    )
    DwellingFactory(organisation=op_a, entry_date=date(2025, 6, 1))  # in the park, not new
    DwellingFactory(organisation=op_b, **new)
    DwellingFactory(organisation=op_isere, management_mode=MANDAT, **new)
    return op_a, op_b, op_isere


def test_progress_of_each_operator_department_and_whole(operators):
    whole = targets_progress(Oversight("departement", "69"), 2026)
    (rhone,) = whole.operators
    a, b = rhone.operators
    assert (a.name, a.target_new, a.new, a.new_mandat, a.new_sous_location, a.new_prive, a.park) == (
        "A",
        10,
        5,
        3,
        2,
        4,
        5,
    )
    assert (a.achievement_pct, a.mandat_pct, a.sous_location_pct, a.prive_pct) == (50.0, 60.0, 40.0, 80.0)
    assert (a.mandate_target_percent, a.private_target_percent) == (50, 100)  # CLEF_CAPTATION_TARGETS
    assert (b.target, b.target_new, b.new, b.achievement_pct, b.mandat_pct) == (None, 0, 1, None, 0.0)
    assert (rhone.name, rhone.target_new, rhone.new, rhone.new_mandat, rhone.park) == (
        "69 – Rhône",
        10,
        6,
        3,
        6,
    )
    # B has no target: its new dwelling is not an achievement (5 of A's 10), as in the bilan
    assert (whole.target_new, whole.new, whole.achievement_pct) == (10, 6, 50.0)


def test_the_region_adds_the_isere(operators):
    whole = targets_progress(Oversight("region", "84"), 2026)
    assert [d.department_code for d in whole.operators] == ["38", "69"]
    assert (whole.target_new, whole.new, whole.new_mandat, whole.mandat_pct) == (14, 7, 4, 57.1)
    assert (whole.new_with_target, whole.achievement_pct) == (6, 42.9)  # A's 5 and C's 1 out of 14


def test_the_park_day_is_31_12_of_a_past_year_and_today_for_the_current_year():
    today = date(2026, 11, 27)
    assert rules.park_day(2025, today) == date(2025, 12, 31)
    assert rules.park_day(2026, today) == today
    assert rules.park_day(2027, today) == today  # a year to come: nothing is in its park yet
    assert rules.park_day(2026, date(2026, 12, 31)) == date(2026, 12, 31)


def test_the_park_of_the_current_year_leaves_out_the_contracts_starting_later(operators):
    DwellingFactory(organisation=operators[0], entry_date=date(2026, 12, 1))  # contract on 01/12
    today = targets_progress(Oversight("departement", "69"), 2026, today=date(2026, 11, 27))
    assert (today.park_on, today.park) == (date(2026, 11, 27), 6)
    year_end = targets_progress(Oversight("departement", "69"), 2026, today=date(2027, 1, 4))
    assert (year_end.park_on, year_end.park) == (date(2026, 12, 31), 7)


def test_progress_query_count(operators, django_assert_num_queries):
    with django_assert_num_queries(3):
        targets_progress(Oversight("region", "84"), 2026)


def test_a_new_target_takes_the_default_shares_and_is_journaled(operators, settings):
    settings.CLEF_CAPTATION_TARGETS = {"mandate_share_percent": 60, "private_share_percent": 90}
    user = UserFactory()
    target = save_target(organisation=operators[1], year=2026, new_dwellings=8, acting_user=user)
    assert (target.mandate_share_percent, target.private_share_percent, target.version) == (60, 90, 1)
    entry = JournalEntry.objects.get(object_id=target.pk, content_type__model="captationtarget")
    assert (entry.organisation_id, entry.action) == (operators[1].pk, "create")


def test_updating_a_target_from_a_stale_form_is_refused(operators):
    user = UserFactory()
    target = CaptationTarget.objects.get(organisation=operators[0], year=2026)
    save_target(organisation=operators[0], year=2026, new_dwellings=12, acting_user=user, expected_version=1)
    with pytest.raises(StaleEditError):
        save_target(
            organisation=operators[0], year=2026, new_dwellings=3, acting_user=user, expected_version=1
        )
    target.refresh_from_db()
    assert (target.new_dwellings, target.version) == (12, 2)
    assert JournalEntry.objects.filter(action="update", object_id=target.pk).count() == 1


@pytest.mark.parametrize(("value", "field"), [(10_001, "new_dwellings"), (-1, "new_dwellings")])
def test_a_target_out_of_bounds_is_refused_in_french(operators, value, field):
    with pytest.raises(ValidationError) as error:
        save_target(organisation=operators[1], year=2026, new_dwellings=value, acting_user=UserFactory())
    assert "doit être comprise entre 0 et 10" in str(error.value.message_dict[field])


def test_a_share_out_of_bounds_is_refused(operators):
    with pytest.raises(ValidationError) as error:
        save_target(
            organisation=operators[1],
            year=2026,
            new_dwellings=3,
            mandate_share_percent=101,
            acting_user=UserFactory(),
        )
    assert "mandate_share_percent" in error.value.message_dict


def test_a_target_is_for_an_operator_only(db):
    siao = OrganisationFactory(siao=True)
    with pytest.raises(ValidationError, match="structure agréée"):
        save_target(organisation=siao, year=2026, new_dwellings=3, acting_user=UserFactory())
    with pytest.raises(ValidationError):
        rules.check_target_operator(siao)


@pytest.mark.parametrize(
    ("traits", "role", "covers_rhone", "covers_isere"),
    [
        ({"ddets": True}, Role.STATE_COORDINATOR, True, False),
        ({"state": True}, Role.STATE_COORDINATOR, True, True),
        ({"ddets": True}, Role.READ_ONLY, False, False),  # reads, never sets
        ({}, Role.DIRECTOR, False, False),  # an operator never sets its own target
        ({"siao": True}, Role.SIAO_AGENT, False, False),
    ],
)
def test_who_sets_the_target_of_an_operator(operators, traits, role, covers_rhone, covers_isere):
    membership = MembershipFactory(organisation=OrganisationFactory(**traits), role=role)
    assert perms.may_set_target_of(membership, operators[0]) is covers_rhone
    assert perms.may_set_target_of(membership, operators[2]) is covers_isere


def test_achievement_percent_rule():
    assert rules.achievement_percent(7, 8) == 87.5
    assert rules.achievement_percent(1, 3) == 33.3
    assert rules.achievement_percent(2, 0) is None
    assert rules.achievement_percent(2, None) is None


def test_oversight_of_a_ddets_is_its_department(db):
    membership = MembershipFactory(organisation=OrganisationFactory(ddets=True), role=Role.STATE_COORDINATOR)
    assert oversight(membership) == Oversight("departement", "69")
