"""The guided exit through its pages: the checklist, the exit with the five perspectives, the assessment
completed after the exit, the solicitations; journal, access log and French errors."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clef.exits.enums import Judgement, Perspective
from clef.exits.models import ExitAssessment, ExitReadiness, Solicitation
from clef.journal.models import AccessLogEntry, JournalEntry
from clef.organisations.models import Role
from tests.conftest import member_client
from tests.factories.exits import ExitAssessmentFactory, ExitPerspectiveFactory

pytestmark = pytest.mark.django_db

EXIT_DAY = date(2026, 10, 15)


def guided_exit_data(perspectives=tuple(Perspective.values), **overrides) -> dict:
    data = {
        "pret-resources_stabilised": "on",
        "pret-knows_whom_to_call": "on",
        "sortie-exit_date": EXIT_DAY.isoformat(),
        "sortie-destination": "parc_social",
        "sortie-loss_unpaid_rent": "non",
        "sortie-loss_damage": "non",
        "sortie-exit_debt": "",
        "parole-household_choice": "choisi",
        "parole-relay_kind": "travailleur_social_secteur",
        "parole-relay_name": "MDS de Villeurbanne",
    }
    criteria = {
        "menage": ["choisi", "adapte"],
        "travailleur_social": ["relais"],
        "gestionnaire": ["sans_sinistre"],
        "structure": ["delais_raisonnables", "sortie_anticipee"],
        "financeur": ["delai_respecte"],
    }
    for code in perspectives:
        data[f"pdv-{code}-criteria"] = criteria[code]
        data[f"pdv-{code}-judgement"] = "negative" if code == "gestionnaire" else "positive"
    data.update(overrides)
    return data


def test_the_director_records_a_guided_exit_with_the_five_perspectives(director_client, stay):
    url = reverse("www:guided_exit", args=[stay.household_id])
    page = director_client.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert "Une sortie positive vue par le financeur" in content
    assert "Quand la sortie est anticipée par la structure" in content
    response = director_client.post(url, guided_exit_data())
    assert response.status_code == 302
    stay.refresh_from_db()
    assert (stay.exit_date, stay.destination) == (EXIT_DAY, "parc_social")
    assessment = ExitAssessment.objects.get(stay=stay)
    assert assessment.perspectives.count() == 5
    assert assessment.perspectives.get(perspective="structure").criteria == [
        "delais_raisonnables",
        "sortie_anticipee",
    ]
    assert ExitReadiness.objects.get(stay=stay).knows_whom_to_call
    assert JournalEntry.objects.filter(household_id=stay.household_id).count() == 8
    log = AccessLogEntry.objects.filter(context=AccessLogEntry.Context.SORTIE_ACCOMPAGNEE)
    assert list(log.values_list("household_id", "subject_type", "subject_id")) == [
        (stay.household_id, "stays.stay", stay.pk)
    ]
    detail = director_client.get(reverse("www:household_detail", args=[stay.household_id])).content.decode()
    assert "Les points de vue divergent sur cette sortie." in detail
    assert "MDS de Villeurbanne" in detail


def test_a_social_worker_fills_four_perspectives_and_the_director_the_funders_later(client, operator, stay):
    worker = member_client(client, operator, Role.SOCIAL_WORKER)
    url = reverse("www:guided_exit", args=[stay.household_id])
    assert "vue par le financeur" not in worker.get(url).content.decode()
    four = [p for p in Perspective.values if p != "financeur"]
    response = worker.post(
        url, guided_exit_data(perspectives=four, **{"pdv-financeur-judgement": "negative"})
    )
    assert response.status_code == 302
    assessment = ExitAssessment.objects.get(stay=stay)
    assert sorted(assessment.perspectives.values_list("perspective", flat=True)) == sorted(four)
    director = member_client(client, operator, Role.DIRECTOR)
    edit = reverse("www:exit_assessment", args=[stay.household_id, stay.pk])
    data = {
        "version": "1",
        "parole-household_choice": "choisi",
        "parole-relay_kind": "travailleur_social_secteur",
        "parole-relay_name": "MDS de Villeurbanne",
        "pdv-financeur-criteria": ["insertion_durable"],
        "pdv-financeur-judgement": "mitigee",
    }
    for code in four:  # the director sees the four others filled and sends them back unchanged
        row = assessment.perspectives.get(perspective=code)
        data[f"pdv-{code}-criteria"] = row.criteria
        data[f"pdv-{code}-judgement"] = row.judgement
    assert director.post(edit, data).status_code == 302
    assert assessment.perspectives.get(perspective="financeur").judgement == Judgement.MITIGEE
    assert assessment.perspectives.count() == 5


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"parole-household_choice": ""}, "Indiquez si le nouveau logement est choisi ou subi par le ménage"),
        ({"parole-relay_name": ""}, "Nommez le relais ou choisissez-le dans l&#x27;annuaire des relais."),
        ({"parole-relay_kind": "aucun"}, "« Aucun relais » : ne nommez pas de relais."),
        ({"pdv-menage-judgement": ""}, "Donnez l&#x27;appréciation d&#x27;ensemble de ce point de vue"),
        ({"pdv-menage-criteria": ["equilibre_financier"]}, "Sélectionnez un choix valide."),
        ({"sortie-destination": ""}, "Ce champ est obligatoire."),
        ({"sortie-exit_date": "2023-12-01"}, "ne peut pas précéder"),
    ],
)
def test_bad_input_is_refused_with_a_french_message_and_nothing_is_written(
    director_client, stay, overrides, message
):
    url = reverse("www:guided_exit", args=[stay.household_id])
    response = director_client.post(url, guided_exit_data(**overrides))
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content, content[content.find("resume-erreurs") : content.find("resume-erreurs") + 1500]
    stay.refresh_from_db()
    assert stay.exit_date is None
    assert not ExitAssessment.objects.exists()


def test_an_exit_in_the_future_is_refused(director_client, stay):
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = director_client.post(
        reverse("www:guided_exit", args=[stay.household_id]), guided_exit_data(**{"sortie-exit_date": future})
    )
    assert response.status_code == 400
    assert "La date de sortie ne peut pas être dans le futur." in response.content.decode()


def test_the_readiness_checklist_is_saved_and_shown_on_the_household_page(social_worker_client, stay):
    url = reverse("www:exit_readiness", args=[stay.household_id])
    assert social_worker_client.get(url).status_code == 200
    response = social_worker_client.post(
        url, {"checked_on": "2026-09-01", "resources_stabilised": "on", "debts_settled": "on"}
    )
    assert response.status_code == 302
    readiness = ExitReadiness.objects.get(stay=stay)
    assert readiness.resources_stabilised and readiness.debts_settled and not readiness.relay_established
    stale = social_worker_client.post(url, {"checked_on": "2026-09-02", "version": "0"})
    assert stale.status_code == 400
    assert "a été modifié depuis l&#x27;ouverture de ce formulaire" in stale.content.decode()
    # Regression: without the version, the edit bypassed the optimistic lock and was written.
    missing = social_worker_client.post(url, {"checked_on": "2026-09-02", "relay_established": "on"})
    assert missing.status_code == 400
    assert "sa version manque" in missing.content.decode()
    readiness.refresh_from_db()
    assert (readiness.checked_on.isoformat(), readiness.relay_established) == ("2026-09-01", False)
    detail = social_worker_client.get(reverse("www:household_detail", args=[stay.household_id]))
    assert "Point fait le 01/09/2026." in detail.content.decode()


def test_the_readiness_of_a_household_without_present_stay_redirects(director_client, operator):
    from tests.factories.stays import StayFactory

    ended = StayFactory(household__organisation=operator, exited=True)
    for name in ("exit_readiness", "guided_exit"):
        response = director_client.get(reverse(f"www:{name}", args=[ended.household_id]))
        assert response.status_code == 302


def test_a_solicitation_is_recorded_after_the_exit(director_client, operator):
    from tests.factories.stays import StayFactory

    ended = StayFactory(household__organisation=operator, exited=True)
    url = reverse("www:solicitation_create", args=[ended.household_id])
    assert director_client.get(url).status_code == 200
    data = {
        "solicited_on": "2024-02-01",
        "subject": "menace_impaye",
        "answered_by": director_client.membership.user_id,
        "minutes_spent": "25",
        "note": "Relance du bailleur",
    }
    assert director_client.post(url, data).status_code == 302
    solicitation = Solicitation.objects.get()
    assert (solicitation.organisation_id, solicitation.minutes_spent) == (operator.pk, 25)
    refused = director_client.post(url, {**data, "minutes_spent": "601"})
    assert refused.status_code == 400
    assert "La durée doit être comprise entre 1 et 600 minutes." in refused.content.decode()
    before = director_client.post(url, {**data, "solicited_on": "2023-06-01"})
    assert "Ce ménage est logé dans le dispositif ce jour-là" in before.content.decode()
    detail = director_client.get(reverse("www:household_detail", args=[ended.household_id])).content.decode()
    assert "Menace d&#x27;impayé" in detail and "25 min" in detail


def test_the_figures_page_counts_per_year(director_client, operator):
    from tests.factories.exits import SolicitationFactory

    first = SolicitationFactory(organisation=operator, minutes_spent=90)
    SolicitationFactory(organisation=operator, household=first.household, solicited_on=date(2025, 5, 1))
    page = director_client.get(reverse("www:solicitation_figures") + "?annee=2024")
    assert page.status_code == 200
    content = page.content.decode()
    assert "Courrier à décoder" in content and "1,5" in content
    assert director_client.get(reverse("www:solicitation_figures") + "?annee=²").status_code == 200


def test_the_assessment_summary_shows_agreement_without_warning(director_client, operator):
    assessment = ExitAssessmentFactory(stay__household__organisation=operator)
    ExitPerspectiveFactory(assessment=assessment, perspective="menage", judgement="positive")
    ExitPerspectiveFactory(assessment=assessment, perspective="financeur", judgement="positive", criteria=[])
    content = director_client.get(
        reverse("www:household_detail", args=[assessment.stay.household_id])
    ).content.decode()
    assert "Sortie du 31/12/2023" in content
    assert "Les points de vue divergent" not in content
    assert "À compléter : Le travailleur social, Le gestionnaire locatif, La structure." in content


@pytest.mark.parametrize("version", ["1", None])
def test_an_assessment_changed_by_a_colleague_meanwhile_is_not_overwritten(
    director_client, operator, version
):
    """A stale version, or none at all (regression: a post without it was written without the lock)."""
    assessment = ExitAssessmentFactory(stay__household__organisation=operator, version=2)
    url = reverse("www:exit_assessment", args=[assessment.stay.household_id, assessment.stay_id])
    data = {
        **({"version": version} if version else {}),
        "parole-household_choice": "subi",
        "parole-relay_kind": "aucun",
        "pdv-financeur-criteria": ["insertion_durable"],
        "pdv-financeur-judgement": "negative",
    }
    response = director_client.post(url, data)
    assert response.status_code == 400
    assert "a été modifié depuis l&#x27;ouverture de ce formulaire" in response.content.decode()
    assessment.refresh_from_db()
    assert (assessment.household_choice, assessment.version) == ("choisi", 2)
    assert not assessment.perspectives.exists()


def test_an_exit_before_the_entry_is_flagged_on_the_exit_date_field(director_client, stay):
    """The trial: the message spoke of « la date du point » under « 1. Prêt à sortir ? »."""
    before = (stay.entry_date - timedelta(days=1)).isoformat()
    response = director_client.post(
        reverse("www:guided_exit", args=[stay.household_id]), guided_exit_data(**{"sortie-exit_date": before})
    )
    assert response.status_code == 400
    assert not response.context["readiness"].errors
    (message,) = response.context["exit_form"].errors["exit_date"]
    assert message.startswith("La date de sortie ne peut pas précéder l'entrée dans le logement")
    stay.refresh_from_db()
    assert stay.exit_date is None


def test_a_no_loss_criterion_with_an_unpaid_rent_is_refused_on_its_perspective(director_client, stay):
    """The trial: an unpaid rent recorded, yet « absence de sinistre … et d'impayés » ticked."""
    response = director_client.post(
        reverse("www:guided_exit", args=[stay.household_id]),
        guided_exit_data(**{"sortie-loss_unpaid_rent": "oui", "sortie-exit_debt": "350"}),
    )
    assert response.status_code == 400
    errors = {form.perspective: form.errors for form in response.context["perspectives"] if form.errors}
    assert list(errors) == [Perspective.GESTIONNAIRE]
    assert (
        "Le critère « Quand le logement est rendu avec absence de sinistre"
        in errors["gestionnaire"]["criteria"][0]
    )
    stay.refresh_from_db()
    assert stay.exit_date is None and not ExitAssessment.objects.exists()
