"""Contracts and conventions of the park after signing: edit, renew, end; request, sign, end a convention;
new bank details; the carte professionnelle. Each write is journaled; stale versions are refused."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clef.contracts import rules, services
from clef.contracts.enums import ContractKind, ConventionStatus, ConventionWorks
from clef.contracts.models import AnahConvention, Contract
from clef.dwellings.enums import Conventionnement, ManagementMode, Parc, RentLevel
from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.utils.writes import StaleEditError
from tests.factories.contracts import VALID_IBAN, AnahConventionFactory, ContractFactory
from tests.factories.dwellings import DwellingFactory

pytestmark = pytest.mark.django_db


def journaled(instance) -> list[str]:
    return list(
        JournalEntry.objects.filter(object_id=instance.pk, object_label=instance._meta.verbose_name)
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_save_contract_creates_a_contract_and_the_dwelling_mode_follows(operator, user):
    dwelling = DwellingFactory(organisation=operator, management_mode=ManagementMode.SOUS_LOCATION)
    landlord = ContractFactory.build().landlord
    landlord.organisation = operator
    landlord.save()
    contract = Contract(
        dwelling=dwelling,
        landlord=landlord,
        kind=ContractKind.MANDAT_GESTION,
        fee_percent=Decimal("6.5"),
        signed_on=date(2026, 2, 1),
        starts_on=date(2026, 2, 1),
        rent=Decimal("500"),
    )
    saved = services.save_contract(contract=contract, acting_user=user)
    assert saved.organisation == operator and saved.created_by == user
    dwelling.refresh_from_db()
    assert dwelling.management_mode == ManagementMode.MANDAT_GESTION
    assert journaled(saved) == [JournalEntry.Action.CREATE]


def test_save_contract_refuses_a_mandate_signed_without_a_valid_card(user):
    contract = ContractFactory(dwelling__organisation__name="Sans carte")
    contract.kind, contract.fee_percent = ContractKind.MANDAT_GESTION, Decimal("7")
    with pytest.raises(
        ValidationError, match="Sans carte n'a pas de carte professionnelle valide au 01/01/2020"
    ):
        services.save_contract(contract=contract, acting_user=user, expected_version=1)
    assert Contract.objects.get().kind == ContractKind.BAIL_PRINCIPAL


def test_a_second_contract_in_force_is_refused_with_a_french_message(user):
    contract = ContractFactory()
    second = Contract(
        dwelling=contract.dwelling,
        landlord=contract.landlord,
        kind=ContractKind.BAIL_PRINCIPAL,
        signed_on=date(2026, 1, 1),
        starts_on=date(2026, 1, 1),
        rent=Decimal("500"),
    )
    with pytest.raises(ValidationError, match="a déjà un contrat en cours"):
        services.save_contract(contract=second, acting_user=user)


def test_a_stale_contract_edit_is_refused(user):
    contract = ContractFactory()
    contract.rent = Decimal("610")
    services.save_contract(contract=contract, acting_user=user, expected_version=1)
    contract.rent = Decimal("620")
    with pytest.raises(StaleEditError):
        services.save_contract(contract=contract, acting_user=user, expected_version=1)
    assert Contract.objects.get().rent == Decimal("610.00")


def test_renew_contract_moves_its_dates_and_rent(user):
    contract = ContractFactory(renewal_on=date(2026, 12, 31), ends_on=date(2026, 12, 31))
    renewed = services.renew_contract(
        contract=contract,
        renewal_on=date(2029, 12, 31),
        ends_on=None,
        rent=Decimal("615"),
        acting_user=user,
        expected_version=1,
    )
    assert (renewed.renewal_on, renewed.ends_on, renewed.rent, renewed.version) == (
        date(2029, 12, 31),
        None,
        Decimal("615"),
        2,
    )
    assert journaled(renewed) == [JournalEntry.Action.UPDATE]
    with pytest.raises(ValidationError, match="prochaine échéance"):
        services.renew_contract(contract=renewed, renewal_on=None, ends_on=None, acting_user=user)


def test_end_contract_without_the_dwelling_leaving(user):
    contract = ContractFactory()
    ended = services.end_contract(
        contract=contract,
        ended_on=date(2026, 3, 1),
        end_reason="autre",
        dwelling_leaves=False,
        acting_user=user,
        expected_version=1,
    )
    assert (ended.ended_on, ended.end_reason) == (date(2026, 3, 1), "autre")
    contract.dwelling.refresh_from_db()
    assert contract.dwelling.exit_date is None
    with pytest.raises(ValidationError, match="déjà terminé"):
        services.end_contract(
            contract=ended,
            ended_on=date(2026, 3, 2),
            end_reason="autre",
            dwelling_leaves=False,
            acting_user=user,
        )


def test_end_contract_needs_a_reason_and_a_date_after_its_start(user):
    contract = ContractFactory()
    with pytest.raises(ValidationError) as caught:
        services.end_contract(
            contract=contract,
            ended_on=date(2019, 1, 1),
            end_reason="",
            dwelling_leaves=False,
            acting_user=user,
        )
    assert set(caught.value.message_dict) == {"ended_on", "end_reason"}


def test_request_sign_and_end_a_convention(operator, user):
    dwelling = DwellingFactory(organisation=operator)
    landlord = ContractFactory(dwelling=dwelling).landlord
    requested = services.request_convention(
        convention=AnahConvention(
            dwelling=dwelling,
            landlord=landlord,
            works=ConventionWorks.AVEC_TRAVAUX,
            level=RentLevel.LOC3,
            requested_on=date(2026, 2, 1),
        ),
        acting_user=user,
    )
    assert (requested.status, requested.duration_years, requested.organisation) == (
        ConventionStatus.DEMANDEE,
        9,
        operator,
    )
    signed = services.sign_convention(
        convention=requested,
        signed_on=date(2026, 3, 1),
        starts_on=date(2026, 3, 15),
        acting_user=user,
        expected_version=1,
    )
    assert (signed.status, signed.ends_on) == (ConventionStatus.SIGNEE, date(2035, 3, 15))
    dwelling.refresh_from_db()
    assert (dwelling.conventionnement, dwelling.rent_level) == (Conventionnement.AVEC_TRAVAUX, RentLevel.LOC3)
    ended = services.end_convention(convention=signed, ended_on=date(2035, 3, 15), acting_user=user)
    assert ended.status == ConventionStatus.TERMINEE
    dwelling.refresh_from_db()
    assert (dwelling.conventionnement, dwelling.rent_level) == (Conventionnement.AUCUN, "")
    assert journaled(ended) == [
        JournalEntry.Action.CREATE,
        JournalEntry.Action.UPDATE,
        JournalEntry.Action.UPDATE,
    ]


def test_a_convention_in_the_public_park_is_refused(user):
    dwelling = DwellingFactory(parc=Parc.PUBLIC)
    landlord = ContractFactory(dwelling=dwelling).landlord
    with pytest.raises(ValidationError, match="ne concerne que le parc privé"):
        services.request_convention(
            convention=AnahConvention(
                dwelling=dwelling,
                landlord=landlord,
                works=ConventionWorks.SANS_TRAVAUX,
                level=RentLevel.LOC1,
                requested_on=date(2026, 2, 1),
            ),
            acting_user=user,
        )
    assert not AnahConvention.objects.exists()


def test_a_convention_is_signed_once(user):
    convention = AnahConventionFactory(signed=True)
    with pytest.raises(ValidationError, match="Seule une convention demandée"):
        services.sign_convention(
            convention=convention, signed_on=date(2026, 1, 1), starts_on=None, acting_user=user
        )


def test_withdrawing_a_requested_convention_leaves_the_dwelling_as_it_was(user):
    convention = AnahConventionFactory(dwelling__conventionne=True)
    services.end_convention(convention=convention, ended_on=date(2020, 1, 1), acting_user=user)
    convention.dwelling.refresh_from_db()
    assert convention.dwelling.conventionnement == Conventionnement.SANS_TRAVAUX


def test_new_bank_details_for_a_contract(user):
    contract = ContractFactory()
    account = services.OwnerBankAccount(holder=" Claire Bailleur ", iban=VALID_IBAN, bic="")
    updated = services.save_bank_account_for(contract=contract, account=account, acting_user=user)
    assert updated.bank_account.holder == "Claire Bailleur"
    assert updated.bank_account.landlord == contract.landlord
    assert updated.bank_account.organisation_id == contract.organisation_id


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"iban": "FR76 3000 6000 0112 3456 7890 188"}, "iban"),
        ({"bic": "BNPA"}, "bic"),
        ({"holder": "  "}, "holder"),
    ],
)
def test_bad_bank_details_are_refused(user, fields, key):
    contract = ContractFactory()
    values = {"holder": "Claire Bailleur", "iban": VALID_IBAN, "bic": ""} | fields
    with pytest.raises(ValidationError) as caught:
        services.save_bank_account_for(
            contract=contract, account=services.OwnerBankAccount(**values), acting_user=user
        )
    assert key in caught.value.message_dict
    contract.refresh_from_db()
    assert contract.bank_account is None


def test_the_carte_professionnelle_is_journaled(operator, user):
    operator.carte_pro_expiry = date(2030, 12, 31)
    services.save_carte_pro(organisation=operator, acting_user=user)
    entry = JournalEntry.objects.get(object_label="carte professionnelle")
    assert entry.organisation == operator
    assert "31/12/2030" in str(entry.changes)


@pytest.mark.parametrize(
    ("fields", "key"), [({"holder": "x" * 141}, "holder"), ({"holder": "Claire\u202eBailleur"}, "holder")]
)
def test_bank_details_are_bounded(user, fields, key):
    contract = ContractFactory()
    values = {"holder": "Claire Bailleur", "iban": VALID_IBAN, "bic": ""} | fields
    with pytest.raises(ValidationError) as caught:
        services.save_bank_account_for(
            contract=contract, account=services.OwnerBankAccount(**values), acting_user=user
        )
    assert key in caught.value.message_dict


@pytest.mark.parametrize(
    ("issued_on", "expiry", "key"),
    [
        (date(1, 1, 1), None, "carte_pro_issued_on"),
        (None, date(9999, 12, 31), "carte_pro_expiry"),
        (date(2030, 1, 1), date(2027, 1, 1), "carte_pro_expiry"),  # issued after its expiry
    ],
)
def test_the_service_refuses_carte_dates_out_of_bounds_or_reversed(operator, user, issued_on, expiry, key):
    operator.has_carte_professionnelle = True
    operator.carte_pro_issued_on, operator.carte_pro_expiry = issued_on, expiry
    with pytest.raises(ValidationError) as caught:
        services.save_carte_pro(organisation=operator, acting_user=user)
    assert key in caught.value.message_dict
    assert not JournalEntry.objects.filter(object_label="carte professionnelle").exists()


def test_a_carte_changed_since_the_form_was_built_is_refused(operator, user):
    seen = rules.carte_pro_seen(operator)
    type(operator).objects.filter(pk=operator.pk).update(carte_pro_number="CPI 1")
    operator.carte_pro_number = "CPI 2"
    with pytest.raises(ValidationError) as caught:
        services.save_carte_pro(organisation=operator, acting_user=user, seen=seen)
    assert caught.value.code == "stale"


def test_the_management_fee_reads_as_a_percentage_in_the_history(user):
    contract = ContractFactory(mandate=True)
    assert journal.snapshot(contract, ["fee_percent"])["fee_percent"]["value"] == "7,00\u00a0%"
