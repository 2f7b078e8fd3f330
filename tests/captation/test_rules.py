"""The rules of captation: do-not-contact (one message), stage transitions, signing."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from clef.captation import rules
from clef.captation.enums import ActivityKind, Stage
from clef.captation.models import Landlord
from tests.factories.captation import LeadFactory

REFUSAL = "Ce propriétaire a demandé à ne pas être contacté (depuis le 15/01/2026)."


def blocked() -> Landlord:
    return Landlord(name="Martin", do_not_contact=True, do_not_contact_since=date(2026, 1, 15))


def test_may_contact_follows_the_landlords_request():
    assert rules.may_contact(Landlord(name="Martin"))
    assert not rules.may_contact(blocked())


def test_a_lead_without_landlord_may_be_worked_on():
    assert rules.may_contact(None)


def test_the_refusal_names_the_date_of_the_request():
    with pytest.raises(ValidationError) as refused:
        rules.check_may_contact(blocked())
    assert refused.value.messages == [REFUSAL]


def test_the_refusal_goes_on_the_field_asked():
    with pytest.raises(ValidationError) as refused:
        rules.check_may_contact(blocked(), "next_action")
    assert refused.value.message_dict == {"next_action": [REFUSAL]}


@pytest.mark.parametrize("kind", ["appel", "email", "courrier", "visite", "rendez_vous"])
def test_contact_activities_are_refused(kind):
    with pytest.raises(ValidationError, match="ne pas être contacté"):
        rules.check_activity(blocked(), kind)


@pytest.mark.parametrize("kind", [ActivityKind.NOTE, ActivityKind.DOCUMENT])
def test_notes_and_documents_are_not_contacts(kind):
    rules.check_activity(blocked(), kind)


@pytest.mark.parametrize(
    ("from_stage", "to_stage"),
    [
        (Stage.PROSPECT, Stage.PREMIER_CONTACT),
        (Stage.PROSPECT, Stage.PROPOSITION),
        (Stage.VISITE, Stage.PROPOSITION),
        (Stage.PROSPECT, Stage.ABANDONNE),
        (Stage.PROPOSITION, Stage.REFUSE),
    ],
)
def test_forward_moves_and_closing_are_allowed(from_stage, to_stage):
    rules.check_transition(from_stage, to_stage)


@pytest.mark.parametrize(
    ("from_stage", "to_stage", "words"),
    [
        (Stage.VISITE, Stage.PREMIER_CONTACT, "ne revient pas en arrière"),
        (Stage.VISITE, Stage.VISITE, "déjà à l'étape « Visite »"),
        (Stage.PROPOSITION, Stage.ENGAGEMENT_SIGNE, "se signe avec le contrat"),
        (Stage.ABANDONNE, Stage.VISITE, "Ce dossier est clos (« Abandonné »)"),
        (Stage.ENGAGEMENT_SIGNE, Stage.ABANDONNE, "Ce dossier est clos (« Engagement signé »)"),
        (Stage.PROSPECT, "gagne", "Choisissez une étape"),
    ],
)
def test_other_moves_are_refused(from_stage, to_stage, words):
    with pytest.raises(ValidationError, match=re.escape(words)):
        rules.check_transition(from_stage, to_stage)


def test_closing_needs_a_reason():
    with pytest.raises(ValidationError, match="motif de clôture"):
        rules.check_close(Stage.REFUSE, "")
    rules.check_close(Stage.REFUSE, "loyer")
    rules.check_close(Stage.VISITE, "")


def test_stage_order():
    assert rules.next_stage(Stage.PROSPECT) == Stage.PREMIER_CONTACT
    assert rules.next_stage(Stage.PROPOSITION) is None  # the signature is not reached by hand
    assert rules.next_stage(Stage.REFUSE) is None
    assert rules.allowed_moves(Stage.VISITE) == [Stage.PROPOSITION, Stage.ABANDONNE, Stage.REFUSE]
    assert rules.allowed_moves(Stage.ENGAGEMENT_SIGNE) == []
    assert rules.rank(Stage.PROSPECT) < rules.rank(Stage.VISITE) < rules.rank(Stage.ENGAGEMENT_SIGNE)


@pytest.mark.django_db
@pytest.mark.parametrize("stage", [Stage.VISITE, Stage.PROPOSITION])
def test_a_lead_at_visit_or_proposal_may_be_signed(stage):
    rules.check_signable(LeadFactory(stage=stage))


@pytest.mark.django_db
def test_a_prospect_is_not_signed():
    with pytest.raises(ValidationError, match="étape « Visite » ou « Proposition »"):
        rules.check_signable(LeadFactory(stage=Stage.PROSPECT))


@pytest.mark.django_db
def test_a_landlord_who_asked_not_to_be_contacted_does_not_sign():
    lead = LeadFactory(stage=Stage.PROPOSITION, landlord__not_to_contact=True)
    with pytest.raises(ValidationError, match="ne pas être contacté"):
        rules.check_signable(lead)
