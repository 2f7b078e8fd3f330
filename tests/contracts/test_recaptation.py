"""Re-captation: a dwelling leaving the park for a lease slide, the owner taking it back, the end of its
convention or of its mandate — whoever writes the exit — ends its contract that day and opens ONE
re-captation lead for the managing operator with the contract's landlord. Any other reason opens none."""

from datetime import date

import pytest

from clef.captation.enums import Origin, Stage
from clef.captation.models import Lead
from clef.contracts import services
from clef.dwellings.enums import DwellingExitReason, ManagementMode
from clef.dwellings.services import save_dwelling
from clef.occupancy.services import slide_lease
from tests.factories.contracts import ContractFactory
from tests.factories.occupancy import LeaseSlideReviewFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db
EXIT = date(2026, 2, 1)


def leave(dwelling, reason, on=EXIT, user=None):
    dwelling.exit_date, dwelling.exit_reason = on, reason
    save_dwelling(dwelling=dwelling, acting_user=user)


def recaptations():
    return Lead.objects.filter(origin=Origin.RECAPTATION)


@pytest.mark.parametrize(
    "reason",
    [
        DwellingExitReason.GLISSEMENT_BAIL,
        DwellingExitReason.REPRISE_PROPRIETAIRE,
        DwellingExitReason.FIN_CONVENTION,
        DwellingExitReason.FIN_MANDAT,
    ],
)
def test_an_exit_that_calls_for_recaptation_ends_the_contract_and_opens_one_lead(user, reason):
    contract = ContractFactory()
    leave(contract.dwelling, reason, user=user)
    contract.refresh_from_db()
    assert (contract.ended_on, contract.end_reason) == (EXIT, reason)
    lead = recaptations().get()
    assert (lead.organisation_id, lead.managing_operator_id) == (
        contract.organisation_id,
        contract.organisation_id,
    )
    assert (lead.landlord, lead.source_dwelling, lead.source_reason) == (
        contract.landlord,
        contract.dwelling,
        reason,
    )
    assert (lead.stage, lead.stage_since) == (Stage.PROSPECT, EXIT)


def test_an_exit_for_another_reason_opens_no_lead_and_keeps_the_contract(user):
    contract = ContractFactory()
    leave(contract.dwelling, DwellingExitReason.AUTRE, user=user)
    contract.refresh_from_db()
    assert contract.ended_on is None
    assert not recaptations().exists()


def test_recaptation_is_idempotent(user):
    contract = ContractFactory()
    dwelling = contract.dwelling
    leave(dwelling, DwellingExitReason.REPRISE_PROPRIETAIRE, user=user)
    dwelling.address = "4 rue Neuve"
    save_dwelling(dwelling=dwelling, acting_user=user)  # saved again, exit unchanged
    leave(dwelling, DwellingExitReason.REPRISE_PROPRIETAIRE, on=date(2026, 2, 2), user=user)  # exit corrected
    assert recaptations().count() == 1


def test_any_writer_of_the_exit_opens_the_lead():
    contract = ContractFactory()
    dwelling = contract.dwelling
    dwelling.exit_date, dwelling.exit_reason = EXIT, DwellingExitReason.FIN_MANDAT
    dwelling.save()  # neither a form nor a service
    assert recaptations().get().source_dwelling == dwelling


def test_no_lead_without_a_contract():
    dwelling = ContractFactory(ended_on=date(2025, 1, 1), end_reason="autre").dwelling
    leave(dwelling, DwellingExitReason.REPRISE_PROPRIETAIRE)
    assert not recaptations().exists()


def test_no_lead_for_a_landlord_who_asked_not_to_be_contacted(user):
    contract = ContractFactory(landlord__not_to_contact=True)
    leave(contract.dwelling, DwellingExitReason.REPRISE_PROPRIETAIRE, user=user)
    contract.refresh_from_db()
    assert contract.ended_on == EXIT
    assert not recaptations().exists()


def test_ending_the_contract_with_the_dwelling_leaving_opens_the_lead(user):
    contract = ContractFactory()
    services.end_contract(
        contract=contract,
        ended_on=EXIT,
        end_reason=DwellingExitReason.FIN_MANDAT,
        dwelling_leaves=True,
        acting_user=user,
        expected_version=1,
    )
    contract.dwelling.refresh_from_db()
    assert (contract.dwelling.exit_date, contract.dwelling.exit_reason) == (
        EXIT,
        DwellingExitReason.FIN_MANDAT,
    )
    assert recaptations().get().landlord == contract.landlord


def test_a_lease_slide_opens_the_lead(user):
    contract = ContractFactory(dwelling__management_mode=ManagementMode.BAIL_GLISSANT, glissant=True)
    stay = StayFactory(
        dwelling=contract.dwelling, household__organisation=contract.organisation, entry_date=date(2021, 1, 1)
    )
    LeaseSlideReviewFactory(stay=stay, favourable=True)
    slide_lease(stay=stay, on=date(2022, 2, 1), acting_user=user)
    contract.refresh_from_db()
    assert (contract.ended_on, contract.end_reason) == (date(2022, 2, 1), DwellingExitReason.GLISSEMENT_BAIL)
    assert recaptations().get().source_reason == DwellingExitReason.GLISSEMENT_BAIL
