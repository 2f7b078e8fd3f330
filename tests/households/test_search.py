"""Household name search: one normalised column, one LIKE per word (5 words at most), no join."""

from datetime import date

import pytest
from django.urls import reverse

from clef.households import services
from clef.households.models import Household
from clef.households.services import MemberData
from tests.factories.accounts import UserFactory
from tests.factories.households import HouseholdFactory


def _create(operator, *names) -> Household:
    members = [
        MemberData(
            role="reference" if i == 0 else "enfant",
            sex="F",
            birth_date=date(1980 + 20 * bool(i), 1, 1),
            first_name=first,
            last_name=last,
        )
        for i, (first, last) in enumerate(names)
    ]
    return services.save_household(
        household=Household(
            organisation=operator,
            composition="famille_monoparentale" if len(names) > 1 else "personne_isolee",
        ),
        members=members,
        resources=[],
        acting_user=UserFactory(),
    )


@pytest.mark.django_db
def test_save_household_keeps_the_search_column_up_to_date(operator):
    household = _create(operator, ("Zoé", "Lemaire-Durand"), ("Léo", "D'Almeida"))
    assert household.search_text == "zoe lemaire durand leo d almeida"
    members = [
        MemberData(
            pk=p.pk,
            role=p.role,
            sex=p.sex,
            birth_date=p.birth_date,
            first_name=p.first_name,
            last_name="Martin" if p.role == "reference" else p.last_name,
        )
        for p in household.members.all()
    ]
    services.save_household(household=household, members=members, resources=[], acting_user=UserFactory())
    household.refresh_from_db()
    assert "zoe martin" in household.search_text and "lemaire" not in household.search_text


@pytest.mark.django_db
def test_a_40_word_search_answers_quickly_with_the_right_household(
    social_worker_client, operator, django_assert_max_num_queries
):
    wanted = _create(operator, ("Zoé", "Lemaire"))
    _create(operator, ("Hugo", "Perrin"))
    for _ in range(3):
        HouseholdFactory(organisation=operator)
    query = " ".join(["zoé", "LEMAIRE"] + ["lemaire"] * 38)
    with django_assert_max_num_queries(14):
        response = social_worker_client.get(reverse("www:household_list"), {"q": query})
    assert response.status_code == 200
    assert [h.pk for h in response.context["page"].object_list] == [wanted.pk]


@pytest.mark.django_db
def test_the_search_has_one_condition_per_word_on_one_column_and_no_join(
    social_worker_client, operator, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _create(operator, ("Awa", "Diallo"))
    query = " ".join(f"mot{i}" for i in range(40))
    with CaptureQueriesContext(connection) as captured:
        response = social_worker_client.get(reverse("www:household_list"), {"q": query})
    assert response.status_code == 200
    count_sql = next(
        q["sql"] for q in captured if "COUNT(" in q["sql"].upper() and "households_household" in q["sql"]
    )
    assert count_sql.count("search_text") == 5  # words capped at 5
    assert "households_person" not in count_sql  # no join on the members


@pytest.mark.django_db
def test_search_ignores_control_characters_and_huge_queries(social_worker_client, operator):
    wanted = _create(operator, ("Awa", "Diallo"))
    for query in ("dial\x00lo", "diallo " + "x" * 100_000, "diallo\x0b"):
        response = social_worker_client.get(reverse("www:household_list"), {"q": query})
        assert response.status_code == 200
    response = social_worker_client.get(reverse("www:household_list"), {"q": "DIALLO\x0b"})
    assert [h.pk for h in response.context["page"].object_list] == [wanted.pk]


@pytest.mark.django_db
def test_the_migration_fills_the_search_column_of_existing_households(operator):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("clef.households.migrations.0002_bounds_version_search_occupancy")
    household = HouseholdFactory(
        organisation=operator, reference__first_name="Inès", reference__last_name="Ben Ali"
    )
    assert household.search_text == ""
    migration.fill_search_text(apps, None)
    household.refresh_from_db()
    assert household.search_text == "ines ben ali"
