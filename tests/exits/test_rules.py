"""Every rule of the guided exit and of the contact after exit, with its French message."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from clef.exits import rules
from clef.exits.enums import CRITERIA, Perspective
from clef.stays.enums import Destination

REFERENCE = "/work/shared/reference/journee-regionale-iml-aura-2025.txt"


def test_each_perspective_has_the_reference_texts_number_of_criteria():
    counts = {p: len(c) for p, c in CRITERIA.items()}
    assert counts == {"menage": 3, "travailleur_social": 3, "gestionnaire": 4, "structure": 7, "financeur": 5}


def test_criteria_are_the_reference_texts_words():
    try:
        with open(REFERENCE, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:  # pragma: no cover (the reference text is outside the repository)
        pytest.skip("reference text not available")
    for criteria in CRITERIA.values():
        for _code, label in criteria:
            # footnote markers (⁵ ⁶ ⁷) are left out of the labels
            words = label.replace("IML MG", "IML MG⁵").replace("HU ou HI", "HU⁶ ou HI⁷")
            # the one correction: the agreement of « de la personnes » (clef.exits.enums)
            words = words.replace("de la personne).", "de la personnes).")
            assert words in text, label


def test_codes_are_unique_within_a_perspective():
    for criteria in CRITERIA.values():
        codes = [code for code, _ in criteria]
        assert len(codes) == len(set(codes))


def test_a_criterion_of_another_perspective_is_refused():
    with pytest.raises(ValidationError) as error:
        rules.check_criteria(Perspective.MENAGE, ["equilibre_financier"])
    assert "Critère inconnu pour ce point de vue : equilibre_financier." in error.value.messages


def test_a_repeated_criterion_is_refused():
    with pytest.raises(ValidationError):
        rules.check_criteria(Perspective.MENAGE, ["choisi", "choisi"])


def test_the_criteria_of_the_perspective_are_accepted():
    rules.check_criteria(Perspective.STRUCTURE, ["sans_sinistre", "sortie_anticipee"])


def test_a_filled_perspective_without_judgement_is_refused():
    with pytest.raises(ValidationError) as error:
        rules.check_perspective(perspective="menage", criteria=["choisi"], judgement="", comment="")
    assert error.value.message_dict == {"judgement": [rules.JUDGEMENT_REQUIRED]}


def test_a_perspective_with_only_a_comment_is_filled():
    assert rules.is_filled(criteria=[], judgement="", comment="À revoir")
    assert not rules.is_filled(criteria=[], judgement="", comment="   ")


def test_an_internal_move_is_not_an_exit():
    with pytest.raises(ValidationError) as error:
        rules.check_destination(Destination.MUTATION_INTERNE_IML)
    assert error.value.message_dict == {"destination": [rules.NOT_AN_EXIT]}
    rules.check_destination(Destination.PARC_SOCIAL)


def test_an_assessment_needs_an_ended_stay():
    with pytest.raises(ValidationError) as error:
        rules.check_assessable(exit_date=None, destination="")
    assert error.value.messages == [rules.STAY_NOT_ENDED]
    with pytest.raises(ValidationError):
        rules.check_assessable(exit_date=date(2024, 1, 1), destination=Destination.MUTATION_INTERNE_IML)
    rules.check_assessable(exit_date=date(2024, 1, 1), destination=Destination.PARC_PRIVE)


def test_readiness_only_before_the_exit_and_after_the_entry():
    with pytest.raises(ValidationError) as error:
        rules.check_readiness(
            stay_exit_date=date(2024, 1, 1), entry_date=date(2023, 1, 1), checked_on=date(2023, 6, 1)
        )
    assert error.value.messages == [rules.STAY_ENDED]
    with pytest.raises(ValidationError) as error:
        rules.check_readiness(stay_exit_date=None, entry_date=date(2023, 1, 1), checked_on=date(2022, 6, 1))
    assert error.value.message_dict == {"checked_on": [rules.CHECK_BEFORE_ENTRY]}
    rules.check_readiness(stay_exit_date=None, entry_date=date(2023, 1, 1), checked_on=date(2023, 1, 1))


@pytest.mark.parametrize("choice", ["", "impose"])
def test_the_household_choice_is_required(choice):
    with pytest.raises(ValidationError) as error:
        rules.check_household_choice(choice)
    assert error.value.message_dict == {"household_choice": [rules.CHOICE_REQUIRED]}


@pytest.mark.parametrize("choice", ["choisi", "subi", "ne_sait_pas"])
def test_the_three_household_answers_are_accepted(choice):
    rules.check_household_choice(choice)


def test_a_relay_is_named_or_none():
    with pytest.raises(ValidationError) as error:
        rules.check_relay(kind="", name="", resource_id=None)
    assert error.value.message_dict == {"relay_kind": [rules.RELAY_KIND_REQUIRED]}
    with pytest.raises(ValidationError) as error:
        rules.check_relay(kind="professionnel_sante", name=" ", resource_id=None)
    assert error.value.message_dict == {"relay_name": [rules.RELAY_NAME_REQUIRED]}
    with pytest.raises(ValidationError) as error:
        rules.check_relay(kind="aucun", name="CMP", resource_id=None)
    assert error.value.message_dict == {"relay_name": [rules.NO_RELAY_NAMED]}
    with pytest.raises(ValidationError):
        rules.check_relay(kind="aucun", name="", resource_id=3)
    rules.check_relay(kind="professionnel_sante", name="", resource_id=3)
    rules.check_relay(kind="autre", name="Épicerie solidaire", resource_id=None)
    rules.check_relay(kind="aucun", name="", resource_id=None)


def test_a_solicitation_needs_an_ended_pathway():
    with pytest.raises(ValidationError) as error:
        rules.check_pathway_ended(housed_that_day=True, exited_before=True)
    assert error.value.message_dict == {"solicited_on": [rules.STILL_HOUSED]}
    with pytest.raises(ValidationError) as error:
        rules.check_pathway_ended(housed_that_day=False, exited_before=False)
    assert error.value.message_dict == {"solicited_on": [rules.NEVER_EXITED]}
    rules.check_pathway_ended(housed_that_day=False, exited_before=True)
