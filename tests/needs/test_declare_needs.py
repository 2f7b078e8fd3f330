"""The SIAO's grid of needs: recorded, replaced, journaled, bounded; who may declare."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from clef.journal.models import JournalEntry
from clef.needs import perms
from clef.needs.models import NeedDeclaration
from clef.needs.services import Cell, declare_needs
from clef.organisations.models import Role
from tests.factories.accounts import UserFactory
from tests.factories.needs import METROPOLE_DE_LYON
from tests.factories.organisations import MembershipFactory, OrganisationFactory

AS_OF = date(2026, 3, 1)


@pytest.fixture
def siao(db):
    return OrganisationFactory(siao=True)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("clef.needs.services.timezone.localdate", lambda: date(2026, 3, 15))


def test_a_grid_is_recorded_for_the_siao_department_and_journaled(siao):
    user = UserFactory()
    cells = [Cell(METROPOLE_DE_LYON, "T2", 12), Cell(None, "T1", 3)]
    declare_needs(siao=siao, as_of=AS_OF, cells=cells, acting_user=user)
    rows = NeedDeclaration.objects.order_by("typology")
    assert [(r.department_id, r.epci_id, r.typology, r.households_waiting) for r in rows] == [
        ("69", None, "T1", 3),
        ("69", METROPOLE_DE_LYON, "T2", 12),
    ]
    entry = JournalEntry.objects.get(organisation=siao)
    assert entry.action == "create" and "15 (2 cases)" in str(entry.changes)


def test_a_grid_of_the_same_date_replaces_the_previous_one(siao):
    declare_needs(
        siao=siao, as_of=AS_OF, cells=[Cell(METROPOLE_DE_LYON, "T2", 12)], acting_user=UserFactory()
    )
    declare_needs(siao=siao, as_of=AS_OF, cells=[Cell(METROPOLE_DE_LYON, "T3", 2)], acting_user=UserFactory())
    assert list(NeedDeclaration.objects.values_list("typology", "households_waiting")) == [("T3", 2)]
    assert JournalEntry.objects.filter(organisation=siao, action="update").count() == 1


def test_an_epci_of_another_department_is_refused(siao):
    with pytest.raises(ValidationError, match="pas dans le département du SIAO : 200069110"):
        declare_needs(siao=siao, as_of=AS_OF, cells=[Cell("200069110", "T2", 1)], acting_user=UserFactory())
    assert not NeedDeclaration.objects.exists()


@pytest.mark.parametrize(
    ("as_of", "message"), [(date(2026, 3, 16), "dans le futur"), (date(2025, 3, 1), "plus d'un an")]
)
def test_a_date_in_the_future_or_too_old_is_refused(siao, as_of, message):
    with pytest.raises(ValidationError, match=message):
        declare_needs(siao=siao, as_of=as_of, cells=[Cell(None, "T2", 1)], acting_user=UserFactory())


def test_a_count_out_of_bounds_is_refused_in_french(siao):
    with pytest.raises(ValidationError, match="entre 0 et 100"):
        declare_needs(siao=siao, as_of=AS_OF, cells=[Cell(None, "T2", 100_001)], acting_user=UserFactory())
    assert not JournalEntry.objects.exists()


def test_only_a_siao_with_a_department_declares(db):
    with pytest.raises(ValidationError, match="Seul un SIAO"):
        declare_needs(
            siao=OrganisationFactory(), as_of=AS_OF, cells=[Cell(None, "T2", 1)], acting_user=UserFactory()
        )


@pytest.mark.parametrize(
    ("traits", "role", "expected"),
    [
        ({"siao": True}, Role.SIAO_AGENT, True),
        ({"siao": True}, Role.READ_ONLY, False),
        ({"siao": True, "head_office_department_id": None}, Role.SIAO_AGENT, False),
        ({}, Role.DIRECTOR, False),
        ({"ddets": True}, Role.STATE_COORDINATOR, False),
    ],
)
def test_who_declares_needs(db, traits, role, expected):
    membership = MembershipFactory(organisation=OrganisationFactory(**traits), role=role)
    assert perms.can_declare_needs(membership) is expected
