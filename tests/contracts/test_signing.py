"""Signing the engagement: one transaction that enters the dwelling into the managing operator's park
with its contract (and convention, bank details) and marks the lead signed — or writes nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clef.captation.enums import LandlordKind, Stage
from clef.captation.models import Lead
from clef.contracts import services
from clef.contracts.enums import ContractKind, ConventionStatus, ConventionWorks
from clef.contracts.models import AnahConvention, Contract, OwnerBankAccount
from clef.dwellings.enums import Conventionnement, ManagementMode, Parc, RentLevel, Typology
from clef.dwellings.models import Dwelling
from clef.journal.models import JournalEntry
from tests.factories.contracts import VALID_IBAN

pytestmark = pytest.mark.django_db


def dwelling() -> Dwelling:
    return Dwelling(
        commune_id="69383", address="3 rue des Bailleurs", typology=Typology.T2, surface_m2=45, places=2
    )


def contract(**fields) -> Contract:
    values = {
        "kind": ContractKind.BAIL_PRINCIPAL,
        "signed_on": date(2026, 3, 20),
        "starts_on": date(2026, 4, 1),
        "rent": Decimal("600.00"),
        "charges": Decimal("50.00"),
    }
    return Contract(**(values | fields))


def convention(**fields) -> AnahConvention:
    values = {
        "works": ConventionWorks.SANS_TRAVAUX,
        "level": RentLevel.LOC2,
        "requested_on": date(2026, 3, 25),
    }
    return AnahConvention(**(values | fields))


def nothing_written(lead: Lead, stage=Stage.VISITE) -> None:
    assert not Dwelling.objects.exists()
    assert not Contract.objects.exists()
    assert not AnahConvention.objects.exists()
    assert not OwnerBankAccount.objects.exists()
    lead.refresh_from_db()
    assert lead.stage == stage and lead.signed_on is None


def test_signing_a_main_lease_enters_the_dwelling_into_the_park(lead, operator, user):
    signed = services.sign_engagement(lead, dwelling=dwelling(), contract=contract(), acting_user=user)
    entered = signed.dwelling
    assert entered.organisation == operator
    assert (entered.parc, entered.management_mode) == (Parc.PRIVE, ManagementMode.SOUS_LOCATION)
    assert entered.entry_date == date(2026, 4, 1) and entered.is_in_park_on(date(2026, 4, 1))
    assert (entered.rent_hc, entered.charges) == (Decimal("600.00"), Decimal("50.00"))
    assert entered.conventionnement == Conventionnement.AUCUN
    assert (signed.organisation, signed.landlord, signed.lead) == (operator, lead.landlord, lead)
    lead.refresh_from_db()
    assert (lead.stage, lead.signed_on) == (Stage.ENGAGEMENT_SIGNE, date(2026, 3, 20))
    journaled = set(
        JournalEntry.objects.filter(dwelling_id=entered.pk).values_list("object_label", flat=True)
    )
    assert {"logement", "contrat avec le propriétaire"} <= journaled


def test_a_glissement_clause_makes_a_bail_glissant(lead, user):
    signed = services.sign_engagement(
        lead, dwelling=dwelling(), contract=contract(glissement_clause=True), acting_user=user
    )
    assert signed.dwelling.management_mode == ManagementMode.BAIL_GLISSANT


def test_a_mandate_with_the_card_valid_at_the_signature_date(lead, user):
    signed = services.sign_engagement(
        lead,
        dwelling=dwelling(),
        contract=contract(kind=ContractKind.MANDAT_GESTION, fee_percent=Decimal("7.00")),
        acting_user=user,
    )
    assert signed.dwelling.management_mode == ManagementMode.MANDAT_GESTION
    assert signed.fee_percent == Decimal("7.00")


@pytest.mark.parametrize(
    "card",
    [
        {"has_carte_professionnelle": False},
        {"carte_pro_issued_on": date(2026, 3, 21)},  # issued the day after the signature
        {"carte_pro_expiry": date(2026, 3, 19)},  # expired the day before
    ],
)
def test_a_mandate_without_a_valid_card_is_refused_and_nothing_is_written(lead, operator, user, card):
    for name, value in card.items():
        setattr(operator, name, value)
    operator.save()
    with pytest.raises(ValidationError) as caught:
        services.sign_engagement(
            lead,
            dwelling=dwelling(),
            contract=contract(kind=ContractKind.MANDAT_GESTION, fee_percent=Decimal("7")),
            bank_account=OwnerBankAccount(holder="Claire Bailleur", iban=VALID_IBAN),
            acting_user=user,
        )
    assert caught.value.messages == [
        "Toit Partagé (test) n'a pas de carte professionnelle valide au 20/03/2026 : un mandat de gestion ne "
        "peut pas être signé. Renseignez la carte professionnelle de la structure ou choisissez la location / "
        "sous-location."
    ]
    nothing_written(lead)


def test_a_signed_convention_conventions_the_dwelling(lead, user):
    signed = services.sign_engagement(
        lead,
        dwelling=dwelling(),
        contract=contract(),
        convention=convention(signed_on=date(2026, 3, 30), starts_on=date(2026, 4, 1)),
        acting_user=user,
    )
    written = AnahConvention.objects.get()
    assert (written.status, written.duration_years, written.ends_on) == (
        ConventionStatus.SIGNEE,
        6,
        date(2032, 4, 1),
    )
    assert (signed.dwelling.conventionnement, signed.dwelling.rent_level) == (
        Conventionnement.SANS_TRAVAUX,
        RentLevel.LOC2,
    )


def test_a_requested_convention_leaves_the_dwelling_unconventioned_until_signed(lead, user):
    signed = services.sign_engagement(
        lead,
        dwelling=dwelling(),
        contract=contract(),
        convention=convention(works=ConventionWorks.AVEC_TRAVAUX),
        acting_user=user,
    )
    written = AnahConvention.objects.get()
    assert (written.status, written.duration_years, written.ends_on) == (ConventionStatus.DEMANDEE, 9, None)
    assert signed.dwelling.conventionnement == Conventionnement.AUCUN


def test_a_social_landlord_dwelling_is_public_and_takes_no_convention(lead, user):
    lead.landlord.kind = LandlordKind.BAILLEUR_SOCIAL
    lead.landlord.save()
    with pytest.raises(ValidationError, match="ne concerne que le parc privé"):
        services.sign_engagement(
            lead, dwelling=dwelling(), contract=contract(), convention=convention(), acting_user=user
        )
    nothing_written(lead)
    signed = services.sign_engagement(lead, dwelling=dwelling(), contract=contract(), acting_user=user)
    assert signed.dwelling.parc == Parc.PUBLIC


def test_a_late_convention_request_is_refused_and_nothing_is_written(lead, user):
    late = convention(requested_on=date(2026, 6, 2), starts_on=date(2026, 4, 1))
    with pytest.raises(ValidationError, match="D. 321-24"):
        services.sign_engagement(
            lead, dwelling=dwelling(), contract=contract(), convention=late, acting_user=user
        )
    nothing_written(lead)


def test_bank_details_at_signing_are_kept_encrypted_and_journaled_masked(lead, user):
    account = OwnerBankAccount(
        holder="Claire Bailleur", iban="fr76 3000 6000 0112 3456 7890 189", bic="bnpafrpp"
    )
    signed = services.sign_engagement(
        lead, dwelling=dwelling(), contract=contract(), bank_account=account, acting_user=user
    )
    stored = OwnerBankAccount.objects.get()
    assert signed.bank_account == stored and stored.landlord == lead.landlord
    assert (stored.iban, stored.bic, stored.masked) == (VALID_IBAN, "BNPAFRPP", "FR76 •••• 0189")
    entries = JournalEntry.objects.filter(organisation=signed.organisation)
    assert all("3000600001123456789" not in str(entry.changes) for entry in entries)
    assert any("FR76 •••• 0189" in str(entry.changes) for entry in entries)


def test_a_bad_iban_is_refused_and_nothing_is_written(lead, user):
    with pytest.raises(ValidationError) as caught:
        services.sign_engagement(
            lead,
            dwelling=dwelling(),
            contract=contract(),
            bank_account=OwnerBankAccount(holder="Claire Bailleur", iban="FR7630006000011234567890188"),
            acting_user=user,
        )
    assert "iban" in caught.value.message_dict
    nothing_written(lead)


def test_an_incoherent_contract_is_refused_and_nothing_is_written(lead, user):
    with pytest.raises(ValidationError) as caught:
        services.sign_engagement(
            lead, dwelling=dwelling(), contract=contract(kind=ContractKind.MANDAT_GESTION), acting_user=user
        )
    assert "fee_percent" in caught.value.message_dict
    nothing_written(lead)


def test_a_lead_not_yet_visited_is_not_signed(lead, user):
    lead.stage = Stage.PREMIER_CONTACT
    lead.save()
    with pytest.raises(ValidationError, match="Visite"):
        services.sign_engagement(lead, dwelling=dwelling(), contract=contract(), acting_user=user)
    nothing_written(lead, stage=Stage.PREMIER_CONTACT)


def test_a_landlord_who_asked_not_to_be_contacted_is_not_signed(lead, user):
    lead.landlord.do_not_contact, lead.landlord.do_not_contact_since = True, date(2026, 3, 10)
    lead.landlord.consent_to_contact = False
    lead.landlord.save()
    with pytest.raises(ValidationError, match="ne pas être contacté"):
        services.sign_engagement(lead, dwelling=dwelling(), contract=contract(), acting_user=user)
    nothing_written(lead)
