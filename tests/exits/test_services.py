"""The writes of the guided exit and of the solicitations after exit: one transaction each, journaled,
refused with a French message when a rule or a bound is broken."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clef.exits import rules, services
from clef.exits.enums import HouseholdChoice, Judgement, Perspective, RelayKind
from clef.exits.models import ExitAssessment, ExitPerspective, ExitReadiness, Solicitation
from clef.exits.services import ExitFacts, Outcome, PerspectiveInput
from clef.journal.models import JournalEntry
from clef.stays.enums import Destination
from clef.utils.writes import StaleEditError
from tests.factories.accounts import UserFactory
from tests.factories.exits import ExitAssessmentFactory, ExitPerspectiveFactory, ExitReadinessFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db

EXIT_DAY = date(2026, 10, 15)
FIVE = {
    Perspective.MENAGE: PerspectiveInput(["choisi", "adapte"], Judgement.POSITIVE, "Contente"),
    Perspective.TRAVAILLEUR_SOCIAL: PerspectiveInput(["pret", "relais"], Judgement.POSITIVE),
    Perspective.GESTIONNAIRE: PerspectiveInput(["obligations_locatives"], Judgement.MITIGEE),
    Perspective.STRUCTURE: PerspectiveInput(["delais_raisonnables"], Judgement.POSITIVE),
    Perspective.FINANCEUR: PerspectiveInput(["delai_respecte"], Judgement.POSITIVE),
}
READY = {"resources_stabilised": True, "relay_established": True, "knows_whom_to_call": True}


def _exit(stay, *, perspectives=FIVE, outcome=None, destination=Destination.PARC_SOCIAL, readiness=READY):
    return services.guided_exit(
        stay=stay,
        facts=ExitFacts(
            on=EXIT_DAY, destination=destination, loss_unpaid_rent=True, exit_debt=Decimal("120.50")
        ),
        outcome=outcome
        or Outcome(HouseholdChoice.CHOISI, RelayKind.PROFESSIONNEL_SANTE, "CMP de Vénissieux"),
        perspectives=perspectives,
        readiness=readiness,
        acting_user=UserFactory(),
    )


def test_the_guided_exit_ends_the_stay_and_records_the_five_perspectives():
    stay = StayFactory()
    assessment = _exit(stay)
    stay.refresh_from_db()
    assert (stay.exit_date, stay.destination, stay.loss_unpaid_rent, stay.exit_debt) == (
        EXIT_DAY,
        Destination.PARC_SOCIAL,
        True,
        Decimal("120.50"),
    )
    assert assessment.household_choice == HouseholdChoice.CHOISI
    assert assessment.relay_name == "CMP de Vénissieux"
    judgements = dict(assessment.perspectives.values_list("perspective", "judgement"))
    assert judgements == {p: FIVE[p].judgement for p in Perspective.values}
    assert ExitReadiness.objects.get(stay=stay).knows_whom_to_call
    entries = JournalEntry.objects.filter(household_id=stay.household_id)
    labels = sorted(entries.values_list("object_label", flat=True))
    assert labels == sorted(
        ["bilan de sortie", "point « prêt à sortir »", "séjour"] + ["point de vue sur la sortie"] * 5
    )
    menage = entries.get(
        object_id=assessment.perspectives.get(perspective="menage").pk,
        object_label="point de vue sur la sortie",
    )
    assert menage.changes["criteria"]["new"] == (
        "Quand le logement est choisi, et non subi. ; Quand le logement est adapté aux besoins et aux "
        "possibilités du ménage (actuels et futurs)."
    )


def test_a_refused_perspective_rolls_the_whole_exit_back():
    stay = StayFactory()
    wrong = {**FIVE, Perspective.MENAGE: PerspectiveInput(["choisi"], "")}
    with pytest.raises(ValidationError) as error:
        _exit(stay, perspectives=wrong)
    assert error.value.message_dict == {"judgement": [rules.JUDGEMENT_REQUIRED]}
    stay.refresh_from_db()
    assert stay.exit_date is None
    assert not ExitAssessment.objects.exists() and not ExitReadiness.objects.exists()
    assert not JournalEntry.objects.filter(household_id=stay.household_id).exists()


def test_a_missing_relay_refuses_the_exit_before_ending_the_stay():
    stay = StayFactory()
    with pytest.raises(ValidationError) as error:
        _exit(stay, outcome=Outcome(HouseholdChoice.SUBI, RelayKind.AUTRE, ""))
    assert error.value.message_dict == {"relay_name": [rules.RELAY_NAME_REQUIRED]}
    stay.refresh_from_db()
    assert stay.exit_date is None


def test_the_guided_exit_refuses_an_internal_move():
    stay = StayFactory()
    with pytest.raises(ValidationError) as error:
        _exit(stay, destination=Destination.MUTATION_INTERNE_IML)
    assert error.value.message_dict == {"destination": [rules.NOT_AN_EXIT]}


def test_the_guided_exit_refuses_a_future_date():
    stay = StayFactory()
    with pytest.raises(ValidationError) as error:
        services.guided_exit(
            stay=stay,
            facts=ExitFacts(on=timezone.localdate() + timedelta(days=1), destination=Destination.PARC_PRIVE),
            outcome=Outcome(HouseholdChoice.CHOISI, RelayKind.AUCUN),
            perspectives={},
            acting_user=UserFactory(),
        )
    assert error.value.message_dict == {"exit_date": ["La date de sortie ne peut pas être dans le futur."]}


def test_an_ended_stay_cannot_be_exited_again():
    stay = StayFactory(exited=True)
    with pytest.raises(ValidationError) as error:
        _exit(stay, readiness=None)
    assert "Ce séjour est déjà terminé." in error.value.messages


def test_perspectives_left_empty_are_not_written_and_can_be_completed_later():
    stay = StayFactory()
    four = {p: i for p, i in FIVE.items() if p != Perspective.FINANCEUR}
    assessment = _exit(stay, perspectives={**four, Perspective.FINANCEUR: PerspectiveInput()})
    assert assessment.perspectives.count() == 4
    updated = services.update_assessment(
        assessment=assessment,
        outcome=None,
        perspectives={Perspective.FINANCEUR: PerspectiveInput(["insertion_durable"], Judgement.NEGATIVE)},
        acting_user=UserFactory(),
        expected_version=1,
    )
    assert updated.version == 2
    assert updated.perspectives.get(perspective="financeur").judgement == Judgement.NEGATIVE
    assert updated.perspectives.count() == 5


def test_updating_with_a_stale_version_is_refused():
    assessment = ExitAssessmentFactory(version=3)
    with pytest.raises(StaleEditError):
        services.update_assessment(
            assessment=assessment,
            outcome=None,
            perspectives={},
            acting_user=UserFactory(),
            expected_version=2,
        )


def test_emptying_a_perspective_removes_it_and_journals_the_removal():
    perspective = ExitPerspectiveFactory()
    assessment = perspective.assessment
    services.update_assessment(
        assessment=assessment,
        outcome=Outcome(HouseholdChoice.SUBI, RelayKind.AUCUN),
        perspectives={Perspective.MENAGE: PerspectiveInput()},
        acting_user=UserFactory(),
        expected_version=1,
    )
    assert not ExitPerspective.objects.exists()
    assessment.refresh_from_db()
    assert (assessment.household_choice, assessment.relay_kind) == (HouseholdChoice.SUBI, RelayKind.AUCUN)
    actions = set(JournalEntry.objects.values_list("object_label", "action"))
    assert ("point de vue sur la sortie", JournalEntry.Action.DELETE) in actions
    assert ("bilan de sortie", JournalEntry.Action.UPDATE) in actions


def test_an_assessment_of_a_present_stay_is_refused():
    with pytest.raises(ValidationError) as error:
        services.assess_exit(
            stay=StayFactory(),
            outcome=Outcome(HouseholdChoice.CHOISI, RelayKind.AUCUN),
            perspectives={},
            on=EXIT_DAY,
            acting_user=UserFactory(),
        )
    assert error.value.messages == [rules.STAY_NOT_ENDED]


def test_a_stay_ended_by_the_quick_exit_can_be_assessed_afterwards():
    stay = StayFactory(exited=True)
    assessment = services.assess_exit(
        stay=stay,
        outcome=Outcome(HouseholdChoice.NE_SAIT_PAS, RelayKind.BAILLEUR_AGENCE, "Agence du Parc"),
        perspectives={Perspective.GESTIONNAIRE: PerspectiveInput(["sans_sinistre"], Judgement.POSITIVE)},
        on=EXIT_DAY,
        acting_user=UserFactory(),
    )
    assert assessment.perspectives.get().perspective == Perspective.GESTIONNAIRE


def test_the_readiness_is_saved_then_updated_with_its_version():
    stay = StayFactory()
    user = UserFactory()
    first = services.save_readiness(stay=stay, checked_on=date(2026, 9, 1), items=READY, acting_user=user)
    assert first.version == 1 and first.resources_stabilised and not first.debts_settled
    second = services.save_readiness(
        stay=stay,
        checked_on=date(2026, 10, 1),
        items={"debts_settled": True},
        acting_user=user,
        expected_version=1,
    )
    assert second.version == 2 and second.debts_settled and not second.resources_stabilised
    update = JournalEntry.objects.get(action=JournalEntry.Action.UPDATE)
    assert update.changes["debts_settled"] == {
        "label": "dettes soldées ou plan d'apurement",
        "old": "non",
        "new": "oui",
    }
    with pytest.raises(StaleEditError):
        services.save_readiness(
            stay=stay, checked_on=date(2026, 10, 1), items={}, acting_user=user, expected_version=1
        )


def test_the_readiness_of_an_ended_stay_is_refused():
    with pytest.raises(ValidationError) as error:
        services.save_readiness(
            stay=StayFactory(exited=True), checked_on=date(2023, 12, 1), items={}, acting_user=UserFactory()
        )
    assert error.value.messages == [rules.STAY_ENDED]


def test_the_readiness_date_cannot_be_in_the_future():
    with pytest.raises(ValidationError) as error:
        services.save_readiness(
            stay=StayFactory(),
            checked_on=timezone.localdate() + timedelta(days=2),
            items={},
            acting_user=UserFactory(),
        )
    assert error.value.message_dict == {"checked_on": ["La date du point ne peut pas être dans le futur."]}


def _solicit(household, **overrides):
    values = {
        "household": household,
        "organisation_id": household.organisation_id,
        "solicited_on": date(2024, 2, 1),
        "subject": "menace_impaye",
        "answered_by": UserFactory(),
        "minutes_spent": 45,
        "note": "Courrier de relance du bailleur",
        "acting_user": UserFactory(),
    }
    values.update(overrides)
    return services.record_solicitation(**values)


def test_a_solicitation_after_the_exit_is_recorded_and_journaled():
    household = StayFactory(exited=True).household
    solicitation = _solicit(household)
    assert solicitation.minutes_spent == 45
    entry = JournalEntry.objects.get(object_label="sollicitation après la sortie")
    assert entry.household_id == household.pk and entry.organisation_id == household.organisation_id


def test_a_solicitation_of_a_present_household_is_refused():
    household = StayFactory().household
    with pytest.raises(ValidationError) as error:
        _solicit(household)
    assert error.value.message_dict == {"solicited_on": [rules.STILL_HOUSED]}


def test_a_solicitation_before_the_exit_is_refused():
    household = StayFactory(exited=True).household  # exit on 31/12/2023
    with pytest.raises(ValidationError) as error:
        _solicit(household, solicited_on=date(2023, 6, 1))
    assert error.value.message_dict == {"solicited_on": [rules.STILL_HOUSED]}


def test_a_solicitation_after_an_internal_move_only_is_refused():
    stay = StayFactory(moved_out=True)
    with pytest.raises(ValidationError) as error:
        _solicit(stay.household)
    assert error.value.message_dict == {"solicited_on": [rules.NEVER_EXITED]}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"minutes_spent": 0},
            "minutes_spent",
            "La durée doit être comprise entre 1 et 600 minutes.",
        ),
        (
            {"minutes_spent": 601},
            "minutes_spent",
            "La durée doit être comprise entre 1 et 600 minutes.",
        ),
        (
            {"note": "x" * 501},
            "note",
            "Assurez-vous que cette valeur comporte au plus 500 caractères (actuellement 501).",
        ),
        ({"subject": "visite"}, "subject", "La valeur «\xa0'visite'\xa0» n’est pas un choix valide."),
    ],
)
def test_bad_solicitation_values_are_refused_in_french(overrides, field, message):
    household = StayFactory(exited=True).household
    with pytest.raises(ValidationError) as error:
        _solicit(household, **overrides)
    assert error.value.message_dict[field] == [message]
    assert not Solicitation.objects.exists()


def test_a_solicitation_in_the_future_is_refused():
    household = StayFactory(exited=True).household
    with pytest.raises(ValidationError) as error:
        _solicit(household, solicited_on=timezone.localdate() + timedelta(days=1))
    assert error.value.message_dict == {
        "solicited_on": ["La date de la sollicitation ne peut pas être dans le futur."]
    }


def test_the_database_refuses_minutes_out_of_bounds():
    from django.db import IntegrityError, transaction

    from tests.factories.exits import SolicitationFactory

    with pytest.raises(IntegrityError), transaction.atomic():
        SolicitationFactory(minutes_spent=0)


def test_the_database_refuses_a_relay_kind_with_nothing_named():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ExitAssessmentFactory(relay_kind=RelayKind.AUTRE, relay_name="")
    ExitReadinessFactory(ready=True)


def test_the_retention_purge_takes_the_exit_records_with_the_household():
    from datetime import UTC, datetime

    from clef.households.models import Household
    from clef.stays.management.commands.purge_households import purge_households
    from clef.stays.models import Stay
    from tests.factories.exits import SolicitationFactory

    stay = StayFactory(
        entry_date=date(2015, 1, 1), exit_date=date(2016, 1, 1), destination=Destination.PARC_PRIVE
    )
    ExitPerspectiveFactory(assessment=ExitAssessmentFactory(stay=stay))
    ExitReadinessFactory(stay=stay)
    SolicitationFactory(household=stay.household, organisation=stay.organisation)
    long_ago = datetime(2016, 1, 2, tzinfo=UTC)
    Stay.objects.filter(pk=stay.pk).update(updated_at=long_ago)
    Household.objects.filter(pk=stay.household_id).update(updated_at=long_ago)
    purge, _deleted = purge_households()
    assert purge.by_organisation == {stay.organisation_id: [stay.household_id]}
    assert not ExitAssessment.objects.exists() and not ExitPerspective.objects.exists()
    assert not ExitReadiness.objects.exists() and not Solicitation.objects.exists()


@pytest.mark.parametrize(
    ("perspective", "code"),
    [
        (Perspective.GESTIONNAIRE, "sans_sinistre"),
        (Perspective.STRUCTURE, "sans_sinistre"),
        (Perspective.FINANCEUR, "sans_sinistralite"),
    ],
)
def test_a_no_loss_criterion_is_refused_when_the_exit_recorded_an_unpaid_rent(perspective, code):
    """The trial: an unpaid rent and a debt recorded, « absence de sinistre … et d'impayés » ticked."""
    stay = StayFactory()
    with pytest.raises(ValidationError) as error:
        _exit(stay, perspectives={perspective: PerspectiveInput([code], Judgement.POSITIVE)})
    message = error.value.message_dict["criteria"][0]
    assert "ne peut pas être coché" in message and "un impayé" in message
    stay.refresh_from_db()
    assert stay.exit_date is None and not ExitAssessment.objects.exists()


def test_a_no_loss_criterion_is_refused_after_an_exit_with_damage_and_allowed_without_loss():
    damaged = StayFactory(exited=True, loss_damage=True)
    given = {Perspective.GESTIONNAIRE: PerspectiveInput(["sans_sinistre"], Judgement.POSITIVE)}
    outcome = Outcome(HouseholdChoice.CHOISI, RelayKind.AUCUN)
    with pytest.raises(ValidationError, match="une dégradation"):
        services.assess_exit(
            stay=damaged, outcome=outcome, perspectives=given, on=EXIT_DAY, acting_user=UserFactory()
        )
    clean = StayFactory(exited=True)
    assessment = services.assess_exit(
        stay=clean, outcome=outcome, perspectives=given, on=EXIT_DAY, acting_user=UserFactory()
    )
    assert assessment.perspectives.get().criteria == ["sans_sinistre"]


def test_a_guided_exit_dated_before_the_entry_is_refused_on_the_exit_date():
    stay = StayFactory(entry_date=date(2026, 11, 1))
    with pytest.raises(ValidationError) as error:
        _exit(stay, perspectives={})
    assert error.value.message_dict == {
        "exit_date": ["La date de sortie ne peut pas précéder l'entrée dans le logement (le 01/11/2026)."]
    }
