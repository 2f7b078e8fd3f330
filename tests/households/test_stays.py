from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clef.journal.models import JournalEntry
from clef.stays import services as stay_services
from clef.stays.models import Stay
from tests.factories.accounts import UserFactory
from tests.factories.dwellings import DwellingFactory
from tests.factories.households import HouseholdFactory
from tests.factories.stays import StayFactory


@pytest.fixture
def actor(db):
    return UserFactory()


def enter(household, dwelling, on, actor):
    return stay_services.enter_dwelling(household=household, dwelling=dwelling, on=on, acting_user=actor)


def end(stay, on, actor, destination="parc_social"):
    return stay_services.end_stay(
        stay=stay,
        on=on,
        destination=destination,
        loss_unpaid_rent=False,
        loss_damage=False,
        acting_user=actor,
    )


@pytest.mark.django_db
def test_entry_requires_the_dwelling_in_the_park_that_day(operator, actor):
    dwelling = DwellingFactory(
        organisation=operator,
        entry_date=date(2022, 1, 1),
        exit_date=date(2023, 1, 1),
        exit_reason="fin_mandat",
    )
    household = HouseholdFactory(organisation=operator)
    expected = {
        date(2021, 12, 31): "Ce logement n'entre dans le parc IML que le 01/01/2022.",
        date(2023, 1, 1): "Ce logement n'est plus dans le parc IML à cette date.",
    }
    for day, message in expected.items():
        with pytest.raises(ValidationError) as error:
            enter(household, dwelling, day, actor)
        assert error.value.message_dict == {"entry_date": [message]}
    # In the park that day, but nobody may stay on after the dwelling left the park (01/01/2023).
    with pytest.raises(ValidationError) as error:
        enter(household, dwelling, date(2022, 1, 1), actor)
    assert error.value.message_dict == {
        "exit_date": [
            "Le logement quitte le parc le 01/01/2023 : le séjour doit être terminé au plus tard ce jour-là."
        ]
    }
    still_in_park = DwellingFactory(organisation=operator, entry_date=date(2022, 1, 1))
    assert enter(household, still_in_park, date(2022, 1, 1), actor).pathway_start == date(2022, 1, 1)


@pytest.mark.django_db
def test_entry_requires_the_dwelling_free_that_day(operator, actor):
    dwelling = DwellingFactory(organisation=operator)
    first = enter(HouseholdFactory(organisation=operator), dwelling, date(2022, 1, 1), actor)
    with pytest.raises(ValidationError, match="déjà occupé"):
        enter(HouseholdFactory(organisation=operator), dwelling, date(2022, 6, 1), actor)
    end(first, date(2022, 6, 1), actor)
    # A stay may start the day the previous one ended.
    second = enter(HouseholdFactory(organisation=operator), dwelling, date(2022, 6, 1), actor)
    assert second.entry_date == date(2022, 6, 1)


@pytest.mark.django_db
def test_a_household_cannot_live_in_two_dwellings_at_once(operator, actor):
    household = HouseholdFactory(organisation=operator)
    enter(household, DwellingFactory(organisation=operator), date(2022, 1, 1), actor)
    with pytest.raises(ValidationError, match="occupe déjà un autre logement"):
        enter(household, DwellingFactory(organisation=operator), date(2022, 3, 1), actor)


@pytest.mark.django_db
def test_dwelling_and_household_must_belong_to_the_same_structure(operator, other_operator, actor):
    with pytest.raises(ValidationError, match="même structure"):
        enter(
            HouseholdFactory(organisation=operator),
            DwellingFactory(organisation=other_operator),
            date(2022, 1, 1),
            actor,
        )


@pytest.mark.django_db
def test_exit_needs_date_after_entry_and_a_destination(operator, actor):
    stay = enter(
        HouseholdFactory(organisation=operator),
        DwellingFactory(organisation=operator),
        date(2022, 1, 1),
        actor,
    )
    with pytest.raises(ValidationError, match="ne peut pas précéder"):
        end(stay, date(2021, 12, 1), actor)
    stay.refresh_from_db()
    with pytest.raises(ValidationError, match="Indiquez la destination"):
        end(stay, date(2022, 5, 1), actor, destination="")
    stay.refresh_from_db()
    assert stay.exit_date is None


@pytest.mark.django_db
def test_internal_move_keeps_the_parcours_and_a_real_exit_starts_a_new_one(operator, actor):
    household = HouseholdFactory(organisation=operator)
    first = enter(household, DwellingFactory(organisation=operator), date(2021, 1, 1), actor)
    second = stay_services.move_internally(
        stay=first, to_dwelling=DwellingFactory(organisation=operator), on=date(2022, 1, 1), acting_user=actor
    )
    first.refresh_from_db()
    assert first.destination == "mutation_interne_iml" and first.exit_date == date(2022, 1, 1)
    assert second.entry_date == date(2022, 1, 1) and second.pathway_start == date(2021, 1, 1)
    end(second, date(2023, 1, 1), actor)
    again = enter(household, DwellingFactory(organisation=operator), date(2024, 1, 1), actor)
    assert again.pathway_start == date(2024, 1, 1)
    assert list(Stay.objects.filter(household=household).values_list("pathway_start", flat=True)) == [
        date(2021, 1, 1),
        date(2021, 1, 1),
        date(2024, 1, 1),
    ]


@pytest.mark.django_db
def test_move_to_the_same_dwelling_is_refused(operator, actor):
    stay = enter(
        HouseholdFactory(organisation=operator),
        DwellingFactory(organisation=operator),
        date(2022, 1, 1),
        actor,
    )
    with pytest.raises(ValidationError, match="autre logement"):
        stay_services.move_internally(
            stay=stay, to_dwelling=stay.dwelling, on=date(2022, 6, 1), acting_user=actor
        )


@pytest.mark.django_db
def test_end_form_requires_every_answer(social_worker_client, operator):
    stay = StayFactory(household__organisation=operator, entry_date=date(2022, 1, 1))
    response = social_worker_client.post(reverse("www:stay_end", args=[stay.pk]), {"exit_date": ""})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"exit_date", "destination", "loss_unpaid_rent", "loss_damage"}
    assert errors["destination"] == ["Ce champ est obligatoire."]
    # The internal move is not a destination of this form (it has its own step).
    response = social_worker_client.post(
        reverse("www:stay_end", args=[stay.pk]),
        {
            "exit_date": "2023-01-01",
            "destination": "mutation_interne_iml",
            "loss_unpaid_rent": "non",
            "loss_damage": "non",
        },
    )
    assert "destination" in response.context["form"].errors
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = social_worker_client.post(
        reverse("www:stay_end", args=[stay.pk]),
        {"exit_date": future, "destination": "parc_social", "loss_unpaid_rent": "non", "loss_damage": "non"},
    )
    assert "La date de sortie ne peut pas être dans le futur." in response.content.decode()
    stay.refresh_from_db()
    assert stay.exit_date is None


@pytest.mark.django_db
def test_end_form_records_losses_and_journal(social_worker_client, operator):
    stay = StayFactory(household__organisation=operator, entry_date=date(2022, 1, 1))
    response = social_worker_client.post(
        reverse("www:stay_end", args=[stay.pk]),
        {
            "exit_date": "2023-03-31",
            "destination": "parc_social",
            "loss_unpaid_rent": "oui",
            "loss_damage": "non",
            "exit_debt": "1 250,50",
        },
    )
    assert response.status_code == 302
    stay.refresh_from_db()
    assert (stay.exit_date, stay.destination, stay.loss_unpaid_rent, stay.loss_damage) == (
        date(2023, 3, 31),
        "parc_social",
        True,
        False,
    )
    assert str(stay.exit_debt) == "1250.50"
    entry = JournalEntry.objects.get(content_type__model="stay", action="update")
    assert entry.changes["destination"]["new"] == "Accès au parc social (public)"
    assert entry.household_id == stay.household_id and entry.dwelling_id == stay.dwelling_id


@pytest.mark.django_db
def test_entry_on_an_occupied_dwelling_shows_a_french_error(social_worker_client, operator):
    occupied = StayFactory(household__organisation=operator, entry_date=date(2022, 1, 1)).dwelling
    household = HouseholdFactory(organisation=operator)
    response = social_worker_client.post(
        reverse("www:stay_enter", args=[household.pk]), {"dwelling": occupied.pk, "entry_date": "2023-01-01"}
    )
    assert response.status_code == 400
    assert "Ce logement est déjà occupé sur cette période." in response.content.decode()


@pytest.mark.django_db
def test_household_detail_shows_both_durations(social_worker_client, operator):
    today = timezone.localdate()
    stay = StayFactory(
        household__organisation=operator,
        entry_date=today - timedelta(days=365),
        pathway_start=today - timedelta(days=730),
    )
    html = social_worker_client.get(
        reverse("www:household_detail", args=[stay.household_id])
    ).content.decode()
    assert "24,0 mois" in html  # 730 / 30.4375 = 23.98
    assert "12,0 mois" in html
