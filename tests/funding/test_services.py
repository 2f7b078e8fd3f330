"""Saving a subsidy: journaled, bounded, optimistic lock, operators only."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clef.funding.services import save_subsidy
from clef.journal.models import JournalEntry
from clef.utils.writes import StaleEditError
from tests.factories.accounts import UserFactory
from tests.factories.funding import SubsidyFactory
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db

AMOUNTS = {"captation_amount": Decimal("1000"), "gla_amount": Decimal("2000"), "support_amount": Decimal("3")}


def test_a_subsidy_is_created_then_changed_and_journaled():
    operator, user = OrganisationFactory(), UserFactory()
    subsidy = save_subsidy(organisation=operator, year=2026, **AMOUNTS, acting_user=user)
    assert subsidy.total == Decimal("3003")
    changed = save_subsidy(
        organisation=operator,
        year=2026,
        **{**AMOUNTS, "gla_amount": Decimal("2500.50")},
        acting_user=user,
        expected_version=1,
    )
    assert (changed.pk, changed.version, changed.gla_amount) == (subsidy.pk, 2, Decimal("2500.50"))
    actions = list(JournalEntry.objects.filter(organisation=operator).values_list("action", flat=True))
    assert sorted(actions) == sorted([JournalEntry.Action.CREATE, JournalEntry.Action.UPDATE])


def test_a_stale_or_blind_edit_is_refused():
    subsidy = SubsidyFactory()
    kwargs = {
        "organisation": subsidy.organisation,
        "year": subsidy.year,
        **AMOUNTS,
        "acting_user": UserFactory(),
    }
    with pytest.raises(StaleEditError):
        save_subsidy(**kwargs, expected_version=7)
    with pytest.raises(ValidationError, match="déjà enregistrée"):
        save_subsidy(**kwargs)
    subsidy.refresh_from_db()
    assert subsidy.captation_amount == Decimal("30000.00")


def test_an_amount_out_of_bounds_and_a_non_operator_are_refused():
    with pytest.raises(ValidationError, match="part de subvention doit être comprise"):
        save_subsidy(
            organisation=OrganisationFactory(),
            year=2026,
            **{**AMOUNTS, "support_amount": Decimal("-1")},
            acting_user=UserFactory(),
        )
    with pytest.raises(ValidationError, match="structure agréée"):
        save_subsidy(
            organisation=OrganisationFactory(siao=True), year=2026, **AMOUNTS, acting_user=UserFactory()
        )
