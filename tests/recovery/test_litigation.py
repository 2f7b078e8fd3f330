"""Litigation: opened only on a written decision, by a litigation officer or the direction; steps in order,
never back, dated after the previous one and not in the future, with the next deadline from the settings;
reviews; suspend/resume/close with a reason and the version; journaled."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clef.journal.models import JournalEntry
from clef.organisations.models import Role
from clef.recovery import services
from clef.recovery.enums import CaseStatus, StepKind
from tests.factories.organisations import MembershipFactory
from tests.factories.recovery import LitigationCaseFactory
from tests.factories.rental import LeaseFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 20)


def _member(organisation, role):
    return MembershipFactory(organisation=organisation, role=role).user


def test_a_case_opens_on_the_teams_decision_with_an_officer():
    lease = LeaseFactory()
    officer = _member(lease.organisation, Role.LITIGATION_OFFICER)
    worker = _member(lease.organisation, Role.SOCIAL_WORKER)
    case = services.open_case(
        lease=lease,
        opened_on=date(2026, 2, 1),
        decision="Réunion IML du 28/01 : plus aucun contact depuis quatre mois.",
        officer=officer,
        social_worker=worker,
        acting_user=officer,
    )
    assert (case.status, case.officer, case.social_worker) == (CaseStatus.OUVERTE, officer, worker)
    assert JournalEntry.objects.filter(object_id=case.pk, household_id=lease.stay.household_id).exists()


@pytest.mark.parametrize(
    ("officer_role", "worker_role", "errors"),
    [
        (Role.RENTAL_MANAGER, None, {"officer"}),
        (Role.DIRECTOR, Role.RENTAL_MANAGER, {"social_worker"}),
        (Role.SOCIAL_WORKER, None, {"officer"}),
    ],
)
def test_the_officer_and_the_social_worker_have_the_right_roles(officer_role, worker_role, errors):
    lease = LeaseFactory()
    officer = _member(lease.organisation, officer_role)
    worker = _member(lease.organisation, worker_role) if worker_role else None
    with pytest.raises(ValidationError) as caught:
        services.open_case(
            lease=lease,
            opened_on=date(2026, 2, 1),
            decision="Réunion IML du 28/01 : décision de la direction.",
            officer=officer,
            social_worker=worker,
            acting_user=officer,
        )
    assert set(caught.value.message_dict) == errors


def test_an_officer_of_another_operator_is_refused():
    lease = LeaseFactory()
    stranger = MembershipFactory(role=Role.LITIGATION_OFFICER).user
    with pytest.raises(ValidationError) as caught:
        services.open_case(
            lease=lease,
            opened_on=date(2026, 2, 1),
            decision="Réunion IML du 28/01 : décision de la direction.",
            officer=stranger,
            acting_user=stranger,
        )
    assert caught.value.message_dict == {
        "officer": [
            "Le chargé du dossier doit être le chargé de contentieux ou la direction de la structure."
        ]
    }


def test_no_decision_no_case_and_one_open_case_per_household():
    case = LitigationCaseFactory()
    with pytest.raises(ValidationError) as caught:
        services.open_case(
            lease=LeaseFactory(),
            opened_on=date(2026, 2, 1),
            decision="  ",
            officer=case.officer,
            acting_user=case.officer,
        )
    assert "decision" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.open_case(
            lease=case.lease,
            opened_on=date(2026, 2, 1),
            decision="Réunion IML du 28/01 : décision de la direction.",
            officer=case.officer,
            acting_user=case.officer,
        )
    assert caught.value.messages == ["Ce ménage a déjà une procédure contentieuse ouverte ou suspendue."]


def _step(case, kind, done_on, today=TODAY):
    return services.add_step(case=case, kind=kind, done_on=done_on, today=today, acting_user=case.officer)


def test_steps_in_order_with_their_deadlines(settings):
    case = LitigationCaseFactory()
    relance = _step(case, StepKind.RELANCE, date(2026, 2, 2))
    assert relance.next_deadline == date(2026, 2, 17)  # + 15 days (settings)
    commandement = _step(case, StepKind.COMMANDEMENT_DE_PAYER, date(2026, 2, 20))  # the formal notice skipped
    assert commandement.next_deadline == date(2026, 2, 20) + timedelta(
        days=settings.CLEF_RENTAL["litigation_next_step_days"]["commandement_de_payer"]
    )
    with pytest.raises(ValidationError) as caught:
        _step(case, StepKind.MISE_EN_DEMEURE, date(2026, 3, 1))
    assert caught.value.message_dict["kind"] == [
        "L'étape « Mise en demeure » ne peut pas suivre « Commandement de payer » : une procédure ne revient jamais "
        "en arrière."
    ]
    with pytest.raises(ValidationError) as caught:
        _step(case, StepKind.ASSIGNATION, date(2026, 2, 19))
    assert caught.value.message_dict["done_on"] == [
        "La date de l'étape ne peut pas précéder l'étape précédente (le 20/02/2026)."
    ]
    expulsion = _step(case, StepKind.EXPULSION, date(2026, 3, 20))
    assert expulsion.next_deadline is None
    assert (
        JournalEntry.objects.filter(
            content_type__model="litigationstep", household_id=case.lease.stay.household_id
        ).count()
        == 3
    )


def test_a_step_in_the_future_is_refused():
    case = LitigationCaseFactory()
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        _step(case, StepKind.RELANCE, tomorrow, today=timezone.localdate())
    assert caught.value.message_dict == {"done_on": ["La date de l'étape ne peut pas être dans le futur."]}


def test_a_suspended_case_takes_no_step_until_resumed():
    case = LitigationCaseFactory()
    with pytest.raises(ValidationError) as caught:
        services.set_case_status(
            case=case, status="suspendue", reason="", expected_version=1, acting_user=case.officer
        )
    assert caught.value.message_dict == {
        "closed_reason": ["Indiquez le motif de la suspension ou de la clôture."]
    }
    case = services.set_case_status(
        case=case,
        status="suspendue",
        reason="Plan d'apurement signé.",
        expected_version=1,
        acting_user=case.officer,
    )
    with pytest.raises(ValidationError) as caught:
        _step(case, StepKind.RELANCE, date(2026, 2, 2))
    assert caught.value.messages == [
        "La procédure n'est pas ouverte : reprenez-la avant d'ajouter une étape."
    ]
    with pytest.raises(ValidationError) as caught:
        services.set_case_status(
            case=case, status="ouverte", reason="", expected_version=1, acting_user=case.officer
        )
    assert caught.value.code == "stale"
    case = services.set_case_status(
        case=case, status="ouverte", reason="", expected_version=2, acting_user=case.officer
    )
    assert (case.status, case.closed_reason) == (CaseStatus.OUVERTE, "")
    _step(case, StepKind.RELANCE, date(2026, 2, 2))


def test_a_review_is_written_down():
    case = LitigationCaseFactory()
    review = services.add_review(
        case=case, on=date(2026, 2, 10), notes="Le ménage a repris contact.", acting_user=case.officer
    )
    assert review.by == case.officer
    with pytest.raises(ValidationError):
        services.add_review(case=case, on=date(2026, 2, 10), notes="  ", acting_user=case.officer)
