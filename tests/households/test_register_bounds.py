"""Bounds of the register's values hold at every entry point: the model fields (what forms, services and
the importer call), the plain forms, the services, and the database itself."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from clef.dwellings.models import Dwelling
from clef.households.models import Household, Person
from clef.stays import services as stay_services
from clef.stays.models import Stay
from clef.utils import bounds
from clef.www.households.forms import PersonForm
from clef.www.stays.forms import EndStayForm, EnterDwellingForm, MoveForm
from tests.factories.accounts import UserFactory
from tests.factories.dwellings import DwellingFactory
from tests.factories.households import HouseholdFactory, PersonFactory
from tests.factories.stays import StayFactory

FAR = date(9999, 12, 31)
ANCIENT = date(1, 1, 1)

# (model, field, a value out of bounds, its bound): what the importer checks cell by cell with
# Model._meta.get_field(name).run_validators(value).
OUT_OF_BOUNDS = [
    (Dwelling, "places", 9223372036854775807, bounds.PLACES),
    (Dwelling, "places", 0, bounds.PLACES),
    (Dwelling, "surface_m2", Decimal("0.5"), bounds.SURFACE_M2),
    (Dwelling, "surface_m2", Decimal("99999"), bounds.SURFACE_M2),
    (Dwelling, "rent_hc", Decimal("-1"), bounds.RENT),
    (Dwelling, "rent_hc", Decimal("1000000"), bounds.RENT),
    (Dwelling, "charges", Decimal("5000.01"), bounds.CHARGES),
    (Dwelling, "entry_date", ANCIENT, bounds.ENTRY_DATE),
    (Dwelling, "exit_date", FAR, bounds.EXIT_DATE),
    (Stay, "entry_date", FAR, bounds.ENTRY_DATE),
    (Stay, "exit_date", ANCIENT, bounds.EXIT_DATE),
    (Stay, "exit_debt", Decimal("-5"), bounds.DEBT),
    (Stay, "exit_debt", Decimal("1000000.01"), bounds.DEBT),
    (Person, "birth_date", date(1899, 12, 31), bounds.BIRTH_DATE),
]

TEXT_FIELDS = [
    (Dwelling, "address"),
    (Dwelling, "external_id"),
    (Household, "external_id"),
    (Household, "social_housing_demand_number"),
    (Person, "first_name"),
    (Person, "last_name"),
    (Person, "external_id"),
    (Stay, "external_id"),
]


@pytest.mark.parametrize(("model", "name", "value", "bound"), OUT_OF_BOUNDS)
def test_model_fields_refuse_values_out_of_bounds(model, name, value, bound):
    with pytest.raises(ValidationError) as error:
        model._meta.get_field(name).run_validators(value)
    assert bound.message in error.value.messages


@pytest.mark.parametrize(("model", "name"), TEXT_FIELDS)
@pytest.mark.parametrize("character", ["\x00", "\x0b", "\x1f"])
def test_text_fields_refuse_control_characters(model, name, character):
    with pytest.raises(ValidationError, match="caractère de contrôle"):
        model._meta.get_field(name).run_validators(f"12 rue{character}des Lilas")


@pytest.fixture
def actor(db):
    return UserFactory()


def _violates(queryset, **values) -> bool:
    try:
        with transaction.atomic():
            queryset.update(**values)
    except IntegrityError:
        return True
    return False


@pytest.mark.django_db
@pytest.mark.parametrize(
    "values",
    [
        {"places": 9999},
        {"places": 0},
        {"surface_m2": Decimal("0.5")},
        {"rent_hc": Decimal("-1")},
        {"charges": Decimal("99999")},
        {"entry_date": ANCIENT},
        {"exit_date": FAR, "exit_reason": "fin_mandat"},
    ],
)
def test_the_database_refuses_dwelling_values_out_of_bounds(operator, values):
    dwelling = DwellingFactory(organisation=operator)
    assert _violates(Dwelling.objects.filter(pk=dwelling.pk), **values)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "values",
    [
        {"entry_date": FAR, "pathway_start": FAR},
        {"exit_date": FAR, "destination": "parc_social"},
        {"exit_date": date(2022, 1, 1), "destination": "parc_social", "exit_debt": Decimal("-1")},
    ],
)
def test_the_database_refuses_stay_values_out_of_bounds(operator, values):
    stay = StayFactory(household__organisation=operator, entry_date=date(2021, 1, 1))
    assert _violates(Stay.objects.filter(pk=stay.pk), **values)


@pytest.mark.django_db
def test_the_database_refuses_a_birth_date_out_of_bounds(operator):
    person = PersonFactory(household__organisation=operator)
    assert _violates(Person.objects.filter(pk=person.pk), birth_date=ANCIENT)


@pytest.mark.django_db
def test_entry_through_the_service_is_bounded(operator, actor):
    household = HouseholdFactory(organisation=operator)
    dwelling = DwellingFactory(organisation=operator)
    with pytest.raises(ValidationError) as error:
        stay_services.enter_dwelling(household=household, dwelling=dwelling, on=FAR, acting_user=actor)
    assert error.value.message_dict == {"entry_date": [bounds.ENTRY_DATE.message]}
    assert not Stay.objects.exists()


@pytest.mark.django_db
def test_exit_in_the_future_is_refused_by_the_service(operator, actor):
    stay = StayFactory(household__organisation=operator, entry_date=date(2022, 1, 1))
    tomorrow = timezone.localdate() + timedelta(days=1)
    for day in (tomorrow, FAR):
        with pytest.raises(ValidationError, match="ne peut pas être dans le futur"):
            stay_services.end_stay(
                stay=stay,
                on=day,
                destination="parc_social",
                loss_unpaid_rent=False,
                loss_damage=False,
                acting_user=actor,
            )
    stay.refresh_from_db()
    assert stay.exit_date is None


@pytest.mark.django_db
def test_a_move_dated_in_the_future_does_not_end_the_stay(operator, actor):
    stay = StayFactory(household__organisation=operator, entry_date=date(2022, 1, 1))
    other = DwellingFactory(organisation=operator)
    with pytest.raises(ValidationError, match="ne peut pas être dans le futur"):
        stay_services.move_internally(stay=stay, to_dwelling=other, on=FAR, acting_user=actor)
    stay.refresh_from_db()
    assert stay.exit_date is None
    assert Stay.objects.count() == 1


@pytest.mark.django_db
def test_the_move_page_refuses_9999_12_31_in_french(social_worker_client, operator):
    stay = StayFactory(household__organisation=operator, entry_date=date(2022, 1, 1))
    other = DwellingFactory(organisation=operator)
    response = social_worker_client.post(
        reverse("www:stay_move", args=[stay.pk]), {"dwelling": other.pk, "move_date": "9999-12-31"}
    )
    assert response.status_code == 400
    assert bounds.MOVE_DATE.message in response.content.decode()
    stay.refresh_from_db()
    assert stay.exit_date is None


@pytest.mark.django_db
def test_dwelling_form_refuses_overflowing_places_and_year_9999(director_client, operator):
    data = {
        "address": "12 rue des Lilas",
        "commune": "69383",
        "typology": "T2",
        "places": "9223372036854775807",
        "parc": "prive",
        "management_mode": "mandat_gestion",
        "conventionnement": "aucun",
        "entry_date": "9999-01-01",
        "rent_hc": "100000",
    }
    response = director_client.post(reverse("www:dwelling_create"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert bounds.ENTRY_DATE.message in errors["entry_date"]
    assert bounds.RENT.message in errors["rent_hc"]
    assert "places" in errors
    assert not Dwelling.objects.exists()


def test_plain_forms_use_the_same_bounds():
    person = PersonForm(
        {"first_name": "A\x00", "last_name": "B", "role": "reference", "sex": "F", "birth_date": "1850-01-01"}
    )
    assert not person.is_valid()
    assert person.errors["birth_date"] == [bounds.BIRTH_DATE.message]
    assert "caractère de contrôle" in person.errors["first_name"][0]
    end = EndStayForm(
        {
            "exit_date": "1800-01-01",
            "destination": "parc_social",
            "loss_unpaid_rent": "non",
            "loss_damage": "non",
        }
        | {"exit_debt": "2000000"}
    )
    assert not end.is_valid()
    assert end.errors["exit_date"] == [bounds.EXIT_DATE.message]
    assert end.errors["exit_debt"] == [bounds.DEBT.message]
    enter = EnterDwellingForm({"entry_date": "9999-12-31"}, dwellings=Dwelling.objects.none())
    assert not enter.is_valid()
    assert bounds.ENTRY_DATE.message in enter.errors["entry_date"]
    move = MoveForm({"move_date": "9999-12-31"}, dwellings=Dwelling.objects.none())
    assert not move.is_valid()
    assert bounds.MOVE_DATE.message in move.errors["move_date"]


@pytest.mark.django_db
def test_an_entry_cannot_be_dated_in_the_future_either(operator):
    """A register of facts: a stay starting tomorrow is not one yet (orientations plan entries)."""
    from datetime import timedelta

    from django.utils import timezone

    from clef.stays.services import enter_dwelling
    from tests.factories.accounts import UserFactory
    from tests.factories.dwellings import DwellingFactory
    from tests.factories.households import HouseholdFactory

    tomorrow = timezone.localdate() + timedelta(days=1)
    dwelling = DwellingFactory(organisation=operator)
    household = HouseholdFactory(organisation=operator)
    with pytest.raises(ValidationError, match="ne peut pas être dans le futur"):
        enter_dwelling(household=household, dwelling=dwelling, on=tomorrow, acting_user=UserFactory())
    form = EnterDwellingForm({"entry_date": tomorrow.isoformat()}, dwellings=Dwelling.objects.none())
    assert not form.is_valid() and bounds.ENTRY_NOT_IN_FUTURE.message in form.errors["entry_date"]
