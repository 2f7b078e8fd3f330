"""The rules of conventions and contracts, each with the case that passes and the cases that fail."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clef.contracts import rules
from clef.contracts.enums import ContractKind, ConventionWorks
from clef.dwellings.enums import ManagementMode, Parc, RentLevel
from clef.organisations.models import Organisation

SIGNED_ON = date(2026, 3, 1)


def operator(**card) -> Organisation:
    return Organisation(name="Toit Partagé", **card)


@pytest.mark.parametrize(
    "card",
    [
        {},  # no card
        {"has_carte_professionnelle": True, "carte_pro_issued_on": date(2026, 3, 2)},  # issued the day after
        {"has_carte_professionnelle": True, "carte_pro_expiry": date(2026, 2, 28)},  # expired the day before
        {"has_carte_professionnelle": False, "carte_pro_expiry": date(2030, 1, 1)},  # an expiry is not a card
    ],
)
def test_mandate_without_a_valid_card_at_the_signature_date_is_refused(card):
    with pytest.raises(ValidationError) as caught:
        rules.check_mandate(operator(**card), SIGNED_ON)
    assert caught.value.messages == [
        "Toit Partagé n'a pas de carte professionnelle valide au 01/03/2026 : un mandat de gestion ne peut "
        "pas être signé. Renseignez la carte professionnelle de la structure ou choisissez la location / "
        "sous-location."
    ]


@pytest.mark.parametrize(
    "card",
    [
        {"has_carte_professionnelle": True},
        {"has_carte_professionnelle": True, "carte_pro_issued_on": SIGNED_ON, "carte_pro_expiry": SIGNED_ON},
    ],
)
def test_mandate_with_a_card_valid_on_the_signature_date_passes(card):
    rules.check_mandate(operator(**card), SIGNED_ON)


def test_the_card_is_judged_at_the_signature_date_not_today():
    expired_since = operator(has_carte_professionnelle=True, carte_pro_expiry=date(2020, 12, 31))
    rules.check_mandate(expired_since, date(2020, 6, 1))  # signed while it was valid
    with pytest.raises(ValidationError, match="au 01/01/2021"):
        rules.check_mandate(expired_since, date(2021, 1, 1))


@pytest.mark.parametrize(
    ("works", "years"), [(ConventionWorks.SANS_TRAVAUX, 6), (ConventionWorks.AVEC_TRAVAUX, 9)]
)
def test_default_convention_duration(works, years):
    assert rules.default_duration_years(works) == years


def test_convention_with_works_lasts_at_least_nine_years():
    rules.check_convention_duration(ConventionWorks.AVEC_TRAVAUX, 9)
    rules.check_convention_duration(ConventionWorks.SANS_TRAVAUX, 6)
    with pytest.raises(ValidationError, match="avec travaux dure au moins 9 ans"):
        rules.check_convention_duration(ConventionWorks.AVEC_TRAVAUX, 8)
    with pytest.raises(ValidationError, match="sans travaux dure au moins 6 ans"):
        rules.check_convention_duration(ConventionWorks.SANS_TRAVAUX, 5)


def test_convention_ends_its_duration_after_it_takes_effect():
    assert rules.convention_ends_on(date(2026, 3, 1), 6) == date(2032, 3, 1)
    assert rules.convention_ends_on(date(2024, 2, 29), 9) == date(2033, 2, 28)
    assert rules.convention_ends_on(None, 6) is None


def test_request_within_two_months_of_a_first_lease_signed_before_it():
    rules.check_convention_request(requested_on=date(2026, 3, 1), first_lease_on=date(2026, 1, 1))
    rules.check_convention_request(requested_on=date(2026, 3, 1), first_lease_on=None)
    rules.check_convention_request(requested_on=date(2026, 3, 1), first_lease_on=date(2026, 6, 1))  # after
    with pytest.raises(ValidationError) as caught:
        rules.check_convention_request(requested_on=date(2026, 3, 2), first_lease_on=date(2026, 1, 1))
    assert caught.value.message_dict["requested_on"] == [
        "Le premier bail a été signé le 01/01/2026 : la demande de convention devait être faite dans les deux "
        "mois, au plus tard le 01/03/2026 (article D. 321-24 du code de la construction et de l'habitation)."
    ]


def test_convention_only_in_the_private_park():
    rules.check_convention_park(Parc.PRIVE, ConventionWorks.SANS_TRAVAUX, RentLevel.LOC1)
    with pytest.raises(ValidationError, match="ne concerne que le parc privé"):
        rules.check_convention_park(Parc.PUBLIC, ConventionWorks.SANS_TRAVAUX, RentLevel.LOC1)


@pytest.mark.parametrize(
    ("kind", "clause", "mode"),
    [
        (ContractKind.MANDAT_GESTION, False, ManagementMode.MANDAT_GESTION),
        (ContractKind.BAIL_PRINCIPAL, False, ManagementMode.SOUS_LOCATION),
        (ContractKind.BAIL_PRINCIPAL, True, ManagementMode.BAIL_GLISSANT),
    ],
)
def test_management_mode_follows_the_contract(kind, clause, mode):
    assert rules.management_mode(kind, clause) == mode


@pytest.mark.parametrize(
    ("kind", "parc"),
    [
        ("particulier", Parc.PRIVE),
        ("societe", Parc.PRIVE),
        ("sci", Parc.PRIVE),
        ("bailleur_social", Parc.PUBLIC),
    ],
)
def test_parc_follows_the_landlord(kind, parc):
    assert rules.parc_for_landlord(kind) == parc


def contract(**fields) -> dict:
    base = {
        "kind": ContractKind.BAIL_PRINCIPAL,
        "glissement_clause": False,
        "fee_percent": None,
        "signed_on": date(2026, 3, 1),
        "starts_on": date(2026, 4, 1),
        "ends_on": None,
        "renewal_on": None,
    }
    return base | fields


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"fee_percent": Decimal("7")}, "fee_percent"),
        ({"kind": ContractKind.MANDAT_GESTION}, "fee_percent"),
        (
            {"kind": ContractKind.MANDAT_GESTION, "fee_percent": 7, "glissement_clause": True},
            "glissement_clause",
        ),
        ({"starts_on": date(2026, 2, 28)}, "starts_on"),
        ({"ends_on": date(2026, 4, 1)}, "ends_on"),
        ({"renewal_on": date(2026, 3, 31)}, "renewal_on"),
    ],
)
def test_incoherent_contract_is_refused(fields, field):
    with pytest.raises(ValidationError) as caught:
        rules.check_contract(**contract(**fields))
    assert field in caught.value.message_dict


def test_coherent_contracts_pass():
    rules.check_contract(
        **contract(glissement_clause=True, ends_on=date(2029, 3, 31), renewal_on=date(2029, 4, 1))
    )
    rules.check_contract(**contract(kind=ContractKind.MANDAT_GESTION, fee_percent=Decimal("7")))


def test_contract_end():
    rules.check_contract_end(starts_on=date(2026, 4, 1), ended_on=date(2026, 4, 1), end_reason="fin_mandat")
    with pytest.raises(ValidationError) as caught:
        rules.check_contract_end(starts_on=date(2026, 4, 1), ended_on=date(2026, 3, 31), end_reason="")
    assert set(caught.value.message_dict) == {"ended_on", "end_reason"}


def test_the_carte_refusal_asks_the_direction_for_a_member_who_may_not_edit_it():
    message = rules.mandate_refused(operator(), SIGNED_ON, may_edit_card=False)
    assert "Demandez à la direction de renseigner la carte professionnelle de la structure, ou" in message


@pytest.mark.parametrize(
    ("typology", "places"), [("T1", 2), ("T2", 3), ("T3", 4), ("T4", 5), ("T5+", 6), ("", None), (None, None)]
)
def test_default_places_follow_the_typology(typology, places):
    assert rules.default_places(typology) == places


@pytest.mark.parametrize(
    ("issued_on", "expiry"), [(date(2026, 1, 1), date(2026, 1, 1)), (None, None), (date(1900, 1, 1), None)]
)
def test_sound_carte_dates_pass(issued_on, expiry):
    rules.check_carte_pro_dates(issued_on, expiry)
