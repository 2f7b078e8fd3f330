"""Writes of the support: each one journaled in its transaction, never with the text of a note, an
objective or a review, nor the relay a household was oriented to."""

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clef.journal.models import JournalEntry
from clef.organisations.models import Role
from clef.support import rules, services
from clef.support.enums import AppointmentKind, Domain, Intensity, ObjectiveStatus, RelayOutcome
from clef.support.models import RelayResource, SupportAgreement
from clef.support.rules import ObjectiveData
from clef.utils.writes import StaleEditError
from tests.factories.accounts import UserFactory
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.support import (
    HomeVisitConsentFactory,
    RelayOrientationFactory,
    SupportAgreementFactory,
)

pytestmark = pytest.mark.django_db

SECRET = "Confidence : addiction, suivi au CSAPA"


def _journal_text(household) -> str:
    return json.dumps(
        list(JournalEntry.objects.filter(household_id=household.pk).values("changes", "object_label"))
    )


def _objective(text=SECRET, **kwargs):
    return ObjectiveData(
        domain=kwargs.pop("domain", Domain.SANTE), text=text, status=ObjectiveStatus.EN_COURS, **kwargs
    )


def _new_agreement(household, signed_on=date(2024, 1, 15), **kwargs):
    return SupportAgreement(
        household=household,
        organisation=household.organisation,
        support_organisation=household.organisation,
        signed_on=signed_on,
        intensity=kwargs.pop("intensity", Intensity.MODEREE),
        **kwargs,
    )


def test_saving_an_agreement_writes_its_objectives_and_journals_them_without_their_text():
    household, user = HouseholdFactory(), UserFactory()
    agreement = services.save_agreement(
        agreement=_new_agreement(household), objectives=[_objective()], acting_user=user
    )
    assert agreement.objectives.get().text == SECRET
    entry = JournalEntry.objects.get(household_id=household.pk, action=JournalEntry.Action.CREATE)
    # Regression: the domain (« Santé ») showed in the managing operator's journal of a delegated support.
    assert entry.changes["objectives"]["new"] == "1 objectif (1 en cours)"
    assert "CSAPA" not in _journal_text(household) and "Santé" not in _journal_text(household)


def test_an_objective_is_updated_and_removed_by_its_line():
    agreement = services.save_agreement(
        agreement=_new_agreement(HouseholdFactory()), objectives=[_objective("a")], acting_user=UserFactory()
    )
    objective = agreement.objectives.get()
    edited = ObjectiveData(domain=Domain.BUDGET, text="b", status=ObjectiveStatus.ATTEINT, pk=objective.pk)
    services.save_agreement(
        agreement=agreement,
        objectives=[edited, _objective("c")],
        acting_user=UserFactory(),
        expected_version=1,
    )
    assert sorted(agreement.objectives.values_list("domain", "text", "status")) == [
        ("budget", "b", "atteint"),
        ("sante", "c", "en_cours"),
    ]
    services.save_agreement(
        agreement=agreement,
        objectives=[ObjectiveData(domain="budget", text="", status="atteint", pk=objective.pk, delete=True)],
        acting_user=UserFactory(),
        expected_version=2,
    )
    assert list(agreement.objectives.values_list("text", flat=True)) == ["c"]


def test_an_agreement_saved_from_a_stale_form_is_refused():
    agreement = SupportAgreementFactory()
    agreement.intensity = Intensity.RENFORCEE
    services.save_agreement(agreement=agreement, objectives=[], acting_user=UserFactory(), expected_version=1)
    with pytest.raises(StaleEditError):
        services.save_agreement(
            agreement=agreement, objectives=[], acting_user=UserFactory(), expected_version=1
        )


def test_a_second_agreement_in_force_is_refused_by_the_service():
    existing = SupportAgreementFactory()
    with pytest.raises(ValidationError, match="Un autre contrat"):
        services.save_agreement(
            agreement=_new_agreement(existing.household, date(2024, 6, 1)),
            objectives=[],
            acting_user=UserFactory(),
        )
    assert SupportAgreement.objects.count() == 1


def test_a_signature_in_the_future_is_refused():
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="ne peut pas être dans le futur"):
        services.save_agreement(
            agreement=_new_agreement(HouseholdFactory(), tomorrow), objectives=[], acting_user=UserFactory()
        )


def test_a_review_is_journaled_with_its_date_not_its_summary():
    agreement = SupportAgreementFactory()
    services.add_review(
        agreement=agreement, reviewed_on=date(2024, 7, 1), summary=SECRET, acting_user=UserFactory()
    )
    assert agreement.reviews.get().summary == SECRET
    assert "CSAPA" not in _journal_text(agreement.household)
    with pytest.raises(ValidationError, match="précéder la signature"):
        services.add_review(
            agreement=agreement, reviewed_on=date(2024, 1, 1), summary="x", acting_user=UserFactory()
        )


def test_consent_is_given_then_withdrawn_and_a_second_open_one_is_refused():
    household, user = HouseholdFactory(), UserFactory()
    consent = services.give_consent(
        household=household,
        organisation_id=household.organisation_id,
        given_on=date(2024, 2, 1),
        acting_user=user,
    )
    with pytest.raises(ValidationError, match="déjà enregistré"):
        services.give_consent(
            household=household,
            organisation_id=household.organisation_id,
            given_on=date(2024, 3, 1),
            acting_user=user,
        )
    services.withdraw_consent(consent=consent, withdrawn_on=date(2024, 5, 1), acting_user=user)
    consent.refresh_from_db()
    assert consent.withdrawn_on == date(2024, 5, 1)
    with pytest.raises(ValidationError, match="déjà été retiré"):
        services.withdraw_consent(consent=consent, withdrawn_on=date(2024, 6, 1), acting_user=user)
    assert JournalEntry.objects.filter(household_id=household.pk).count() == 2


def test_a_withdrawal_before_the_consent_is_refused_by_the_service():
    consent = HomeVisitConsentFactory(given_on=date(2024, 2, 1))
    with pytest.raises(ValidationError, match="ne peut pas précéder"):
        services.withdraw_consent(consent=consent, withdrawn_on=date(2024, 1, 1), acting_user=UserFactory())


def _appointment(household, **kwargs):
    defaults = {
        "household": household,
        "organisation_id": household.organisation_id,
        "held_on": date(2024, 3, 1),
        "kind": AppointmentKind.ENTRETIEN,
        "attendees": [],
        "other_attendees": "Mme Martin",
        "note": "",
        "acting_user": UserFactory(),
    }
    return services.record_appointment(**(defaults | kwargs))


def test_an_appointment_is_journaled_without_its_note():
    household = HouseholdFactory()
    worker = UserFactory()
    appointment = _appointment(household, note=SECRET, attendees=[worker])
    assert appointment.note == SECRET and list(appointment.attendees.all()) == [worker]
    entry = JournalEntry.objects.get(household_id=household.pk)
    assert entry.changes["note"]["new"] == "rédigée"
    assert entry.changes["kind"]["new"] == "Entretien"
    assert "CSAPA" not in _journal_text(household)


def test_a_home_visit_without_consent_is_refused_by_the_service_and_writes_nothing():
    household = HouseholdFactory()
    with pytest.raises(ValidationError, match="n'a pas donné son accord"):
        _appointment(household, kind=AppointmentKind.VISITE_DOMICILE)
    assert not household.appointments.exists()
    HomeVisitConsentFactory(household=household, given_on=date(2024, 2, 1), withdrawn_on=date(2024, 4, 1))
    pair = _joint_visit_pair(household)
    _appointment(household, kind=AppointmentKind.VISITE_CONJOINTE, attendees=pair)
    with pytest.raises(ValidationError, match="n'a pas donné son accord"):
        _appointment(
            household, kind=AppointmentKind.VISITE_CONJOINTE, held_on=date(2024, 4, 2), attendees=pair
        )


def _joint_visit_pair(household, organisation=None):
    """A rental manager and a social worker of the household's operator (or of `organisation`)."""
    organisation = organisation or household.organisation
    return [
        MembershipFactory(organisation=organisation, role=role).user
        for role in (Role.RENTAL_MANAGER, Role.SOCIAL_WORKER)
    ]


def test_an_appointment_with_nobody_present_is_refused_and_writes_nothing():
    """The trial: an empty form saved an « Entretien » with nobody present."""
    household = HouseholdFactory()
    with pytest.raises(ValidationError) as error:
        _appointment(household, other_attendees="  ")
    assert error.value.message_dict == {"attendees": [rules.NO_ATTENDEE]}
    assert not household.appointments.exists()
    _appointment(household, other_attendees="", attendees=[UserFactory()])  # a professional is enough
    _appointment(household, other_attendees="Mme Martin")  # the household alone is enough too
    assert household.appointments.count() == 2


def test_a_joint_visit_needs_a_rental_manager_and_a_social_worker_among_the_attendees():
    """The trial: a « visite conjointe » with only the social worker ticked reset the semester cadence."""
    household = HouseholdFactory()
    HomeVisitConsentFactory(household=household, given_on=date(2024, 1, 1))
    manager, worker = _joint_visit_pair(household)
    outsider = MembershipFactory(role=Role.RENTAL_MANAGER).user  # a rental manager of another operator
    visit = {"kind": AppointmentKind.VISITE_CONJOINTE}
    for attendees, missing in (
        ([worker], "un gestionnaire locatif."),
        ([manager], "un travailleur social."),
        ([worker, outsider], "un gestionnaire locatif."),
        ([], "un gestionnaire locatif et un travailleur social."),
    ):
        with pytest.raises(ValidationError) as error:
            _appointment(household, attendees=attendees, **visit)
        (message,) = error.value.message_dict["attendees"]
        assert message.startswith(
            "Une visite conjointe réunit un gestionnaire locatif et un travailleur social"
        )
        assert message.endswith(missing)
    assert not household.appointments.exists()
    _appointment(household, attendees=[manager, worker], **visit)
    partner = OrganisationFactory()  # the social worker of the organisation doing the support counts
    partner_worker = MembershipFactory(organisation=partner, role=Role.SOCIAL_WORKER).user
    _appointment(household, organisation_id=partner.pk, attendees=[manager, partner_worker], **visit)
    assert household.appointments.count() == 2


def test_a_note_is_journaled_as_written_never_with_its_text():
    household = HouseholdFactory()
    note = services.write_note(
        household=household,
        organisation_id=household.organisation_id,
        text=f"  {SECRET}\n",
        acting_user=UserFactory(),
    )
    assert note.text == SECRET
    entry = JournalEntry.objects.get(household_id=household.pk)
    assert entry.object_label == "note d'accompagnement" and entry.changes == {}


def test_an_empty_note_or_one_with_a_control_character_is_refused():
    household = HouseholdFactory()
    for text, message in (("   ", "La note est vide"), ("a\x00b", "caractère de contrôle")):
        with pytest.raises(ValidationError, match=message):
            services.write_note(
                household=household,
                organisation_id=household.organisation_id,
                text=text,
                acting_user=UserFactory(),
            )


def test_a_note_over_five_thousand_characters_is_refused():
    household = HouseholdFactory()
    with pytest.raises(ValidationError):
        services.write_note(
            household=household,
            organisation_id=household.organisation_id,
            text="a" * 5001,
            acting_user=UserFactory(),
        )


def test_a_relay_orientation_is_journaled_without_the_resource_nor_the_reason():
    household = HouseholdFactory()
    resource = RelayResource.objects.get(code="3114")
    services.orient_to_relay(
        household=household,
        organisation_id=household.organisation_id,
        resource=resource,
        oriented_on=date(2024, 3, 1),
        reason=SECRET,
        acting_user=UserFactory(),
    )
    text = _journal_text(household)
    assert "3114" not in text and "CSAPA" not in text and "01/03/2024" in text


def test_a_relay_outcome_is_dated_on_or_after_the_orientation_and_pending_has_no_date():
    orientation = RelayOrientationFactory(oriented_on=date(2024, 2, 1))
    user = UserFactory()
    with pytest.raises(ValidationError, match="Indiquez la date"):
        services.record_relay_outcome(
            orientation=orientation, outcome=RelayOutcome.EFFECTIVE, outcome_on=None, acting_user=user
        )
    with pytest.raises(ValidationError, match="ne peut pas précéder"):
        services.record_relay_outcome(
            orientation=orientation,
            outcome=RelayOutcome.EFFECTIVE,
            outcome_on=date(2024, 1, 1),
            acting_user=user,
        )
    done = services.record_relay_outcome(
        orientation=orientation,
        outcome=RelayOutcome.EFFECTIVE,
        outcome_on=date(2024, 3, 1),
        acting_user=user,
        expected_version=1,
    )
    assert (done.outcome, done.outcome_on, done.version) == ("effective", date(2024, 3, 1), 2)
    back = services.record_relay_outcome(
        orientation=done, outcome=RelayOutcome.EN_ATTENTE, outcome_on=date(2024, 3, 1), acting_user=user
    )
    assert back.outcome_on is None
    with pytest.raises(StaleEditError):
        services.record_relay_outcome(
            orientation=done,
            outcome=RelayOutcome.SANS_SUITE,
            outcome_on=date(2024, 3, 1),
            acting_user=user,
            expected_version=1,
        )
