"""Rent revisions by the IRL: proposed at each anniversary (the household's rent and the owner's rent of a
main lease), with the missing index named; applied through the rental and contracts services (journaled,
versioned, a sublet's rent checked), or dismissed with a reason."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clef.journal.models import JournalEntry
from clef.leases import queries, services
from clef.leases.models import RentRevision, RevisionStatus
from clef.utils.writes import StaleEditError
from tests.factories.contracts import ContractFactory
from tests.factories.leases import IrlIndexFactory
from tests.factories.rental import LeaseFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db
ON = date(2026, 3, 15)


@pytest.fixture
def indices():
    return (
        IrlIndexFactory(year=2024, quarter=1, value=Decimal("143.46")),
        IrlIndexFactory(year=2025, quarter=1, value=Decimal("145.47")),
    )


@pytest.fixture
def lease(indices):
    """A sublet from 01/04/2025 at 500 €, reference IRL T1 2024, under a main lease of 600 € since 2020."""
    stay = StayFactory(entry_date=date(2025, 4, 1))
    return LeaseFactory(stay=stay, rent=Decimal("500.00"), irl_year=2024, irl_quarter=1)


def lease_proposals(organisation_id, on=ON):
    return [p for p in queries.revisions_due(organisation_id, on) if p.lease is not None]


def test_the_anniversary_revision_is_proposed_with_its_indices_new_rent_and_deadline(
    lease, django_assert_num_queries
):
    with django_assert_num_queries(5):  # indices, decisions, leases, members, contracts
        proposals = queries.revisions_due(lease.organisation_id, ON)
    proposal = next(p for p in proposals if p.lease == lease)
    assert proposal.due_on == date(2026, 4, 1)
    assert (proposal.old_rent, proposal.new_rent) == (Decimal("500.00"), Decimal("507.01"))
    assert proposal.quarters == "T1 2024 → T1 2025"
    assert proposal.deadline == date(2027, 3, 31)
    assert not proposal.problem and not proposal.is_sample


def test_query_count_does_not_grow_with_the_leases(lease, django_assert_num_queries):
    for _ in range(3):
        LeaseFactory(
            stay=StayFactory(household__organisation=lease.organisation, entry_date=date(2024, 6, 1))
        )
    with django_assert_num_queries(5):
        assert len(queries.revisions_due(lease.organisation_id, ON)) == 4 + 4  # leases and their main leases


def test_no_proposal_outside_the_window_or_before_the_first_anniversary(lease):
    assert lease_proposals(lease.organisation_id, date(2026, 2, 28)) == []  # more than 30 days ahead
    assert lease_proposals(lease.organisation_id, date(2025, 4, 15)) == []  # the start is not an anniversary
    assert [p.due_on for p in lease_proposals(lease.organisation_id, date(2027, 3, 31))] == [date(2026, 4, 1)]
    assert [p.due_on for p in lease_proposals(lease.organisation_id, date(2027, 4, 1))] == [date(2027, 4, 1)]


def test_a_missing_index_is_named_and_the_revision_cannot_be_applied(lease):
    proposal = lease_proposals(lease.organisation_id, date(2027, 4, 5))[0]
    assert proposal.due_on == date(2027, 4, 1)
    assert proposal.problem == "Indice du T1 2026 pas encore chargé."
    assert proposal.new_rent is None
    with pytest.raises(ValidationError, match="T1 2026 pas encore chargé"):
        services.apply_revision(
            organisation_id=lease.organisation_id,
            lease=lease,
            due_on=date(2027, 4, 1),
            on=date(2027, 4, 5),
            acting_user=None,
        )


def test_a_revision_claimed_more_than_a_year_after_its_anniversary_is_refused(lease, user):
    with pytest.raises(ValidationError, match="ne peut plus être demandée"):
        services.apply_revision(
            organisation_id=lease.organisation_id,
            lease=lease,
            due_on=date(2026, 4, 1),
            on=date(2027, 4, 1),
            acting_user=user,
        )


def test_a_sample_index_is_flagged(lease, indices):
    indices[1].is_sample = True
    indices[1].save()
    assert lease_proposals(lease.organisation_id)[0].is_sample


def test_a_lease_without_reference_quarter_uses_the_last_published_at_its_start(indices):
    stay = StayFactory(entry_date=date(2024, 4, 20))  # T1 2024 published mid-April 2024
    lease = LeaseFactory(stay=stay, rent=Decimal("500.00"))
    proposal = lease_proposals(lease.organisation_id, date(2025, 4, 1))[0]
    assert (proposal.due_on, proposal.quarters, proposal.new_rent) == (
        date(2025, 4, 20),
        "T1 2024 → T1 2025",
        Decimal("507.01"),
    )


def test_a_household_that_left_before_the_anniversary_has_no_proposal(indices):
    stay = StayFactory(exited=True, entry_date=date(2025, 4, 1), exit_date=date(2026, 3, 31))
    lease = LeaseFactory(stay=stay, ends_on=None, irl_year=2024, irl_quarter=1)
    assert lease_proposals(lease.organisation_id) == []


def test_applying_updates_the_lease_rent_and_journals_both(lease, user):
    revision = services.apply_revision(
        organisation_id=lease.organisation_id,
        lease=lease,
        due_on=date(2026, 4, 1),
        on=ON,
        acting_user=user,
        expected_version=lease.version,
    )
    lease.refresh_from_db()
    assert lease.rent == Decimal("507.01") and lease.version == 2
    assert (revision.status, revision.old_rent, revision.new_rent) == (
        RevisionStatus.APPLIQUEE,
        Decimal("500.00"),
        Decimal("507.01"),
    )
    assert (revision.irl_old.label, revision.irl_new.label, revision.decided_by) == (
        "T1 2024",
        "T1 2025",
        user,
    )
    entries = JournalEntry.objects.filter(household_id=lease.stay.household_id)
    assert {e.object_label for e in entries} >= {"révision de loyer", "titre d'occupation du ménage"}
    assert lease_proposals(lease.organisation_id) == []  # decided: no longer proposed


def test_applying_from_a_stale_page_is_refused_and_writes_nothing(lease, user):
    with pytest.raises(StaleEditError):
        services.apply_revision(
            organisation_id=lease.organisation_id,
            lease=lease,
            due_on=date(2026, 4, 1),
            on=ON,
            acting_user=user,
            expected_version=lease.version + 1,
        )
    assert not RentRevision.objects.exists()


def test_a_sublet_rent_above_the_main_rent_is_refused(indices, user):
    stay = StayFactory(entry_date=date(2025, 4, 1))
    lease = LeaseFactory(stay=stay, rent=Decimal("600.00"), irl_year=2024, irl_quarter=1)  # = main rent
    with pytest.raises(ValidationError, match="ne peut pas dépasser celui du bail principal"):
        services.apply_revision(
            organisation_id=lease.organisation_id,
            lease=lease,
            due_on=date(2026, 4, 1),
            on=ON,
            acting_user=user,
        )
    lease.refresh_from_db()
    assert lease.rent == Decimal("600.00") and not RentRevision.objects.exists()


def test_a_date_that_is_not_an_anniversary_or_of_another_organisation_is_refused(lease, user, other_operator):
    with pytest.raises(ValidationError, match="Aucune révision"):
        services.apply_revision(
            organisation_id=lease.organisation_id,
            lease=lease,
            due_on=date(2026, 4, 2),
            on=ON,
            acting_user=user,
        )
    with pytest.raises(ValidationError, match="Aucune révision"):
        services.apply_revision(
            organisation_id=other_operator.pk, lease=lease, due_on=date(2026, 4, 1), on=ON, acting_user=user
        )


def test_dismissing_keeps_the_rent_and_the_reason_and_a_second_decision_is_refused(lease, user):
    with pytest.raises(ValidationError):
        services.dismiss_revision(
            organisation_id=lease.organisation_id,
            lease=lease,
            due_on=date(2026, 4, 1),
            on=ON,
            reason=" ",
            acting_user=user,
        )
    revision = services.dismiss_revision(
        organisation_id=lease.organisation_id,
        lease=lease,
        due_on=date(2026, 4, 1),
        on=ON,
        reason="Ménage en difficulté passagère",
        acting_user=user,
    )
    lease.refresh_from_db()
    assert lease.rent == Decimal("500.00")
    assert (revision.status, revision.reason) == (RevisionStatus.ECARTEE, "Ménage en difficulté passagère")
    with pytest.raises(ValidationError, match="déjà été décidée"):
        services.dismiss_revision(
            organisation_id=lease.organisation_id,
            lease=lease,
            due_on=date(2026, 4, 1),
            on=ON,
            reason="encore",
            acting_user=user,
        )


def test_the_owner_rent_of_a_main_lease_is_proposed_and_applied_through_the_contracts_service(indices, user):
    contract = ContractFactory(
        starts_on=date(2024, 4, 20), signed_on=date(2024, 4, 1), rent=Decimal("600.00")
    )
    proposal = next(
        p for p in queries.revisions_due(contract.organisation_id, date(2025, 4, 1)) if p.contract
    )
    assert (proposal.due_on, proposal.new_rent) == (date(2025, 4, 20), Decimal("608.41"))
    services.apply_revision(
        organisation_id=contract.organisation_id,
        contract=contract,
        due_on=date(2025, 4, 20),
        on=date(2025, 4, 1),
        acting_user=user,
        expected_version=contract.version,
    )
    contract.refresh_from_db()
    assert contract.rent == Decimal("608.41")
    assert RentRevision.objects.get().contract == contract
    assert queries.revisions_due(contract.organisation_id, date(2025, 4, 1), with_contracts=False) == []


def test_a_mandate_has_no_owner_rent_to_revise(indices):
    contract = ContractFactory(mandate=True, starts_on=date(2024, 4, 20), signed_on=date(2024, 4, 1))
    assert queries.revisions_due(contract.organisation_id, date(2025, 4, 1)) == []
