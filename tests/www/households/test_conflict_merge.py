"""After a refused stale save, saving again must not undo a colleague's work (found trying Clef in a
browser: the form kept the old values of fields the user never touched, and confirming reverted the
colleague's changes). The form merges: untouched fields take the stored value, fields both changed are
flagged."""

import pytest
from django.test import Client
from django.urls import reverse

from clef.dwellings import services as dwelling_services
from clef.dwellings.models import Dwelling
from clef.households.models import Household
from clef.organisations.models import Role
from tests.factories.accounts import UserFactory
from tests.factories.dwellings import DwellingFactory
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import MembershipFactory
from tests.households.test_concurrency import _household_post


def _again(response) -> dict:
    """What the browser sends when the user saves the re-displayed form as it is."""
    data = {k: v if len(v) > 1 else v[0] for k, v in response.context["form"].data.lists()}
    formset = response.context["formset"]
    if not formset.is_bound:  # members replaced by the stored ones: as rendered
        data["membres-TOTAL_FORMS"] = str(len(formset.initial))
        data["membres-INITIAL_FORMS"] = str(len(formset.initial))
        for index, member in enumerate(formset.initial):
            for key, value in member.items():
                data[f"membres-{index}-{key}"] = (
                    value.isoformat() if hasattr(value, "isoformat") else str(value)
                )
    return data


@pytest.fixture
def two_users(operator):
    household = HouseholdFactory(
        organisation=operator, composition="personne_isolee", dalo=False, prior_situation="hotel"
    )
    alice, bob = (MembershipFactory(organisation=operator, role=Role.SOCIAL_WORKER) for _ in range(2))
    clients = Client(), Client()
    clients[0].force_login(alice.user)
    clients[1].force_login(bob.user)
    return household, clients


def _opened(client, url) -> dict:
    form = client.get(url).context["form"]
    return {"version": form.initial["version"], "seen": form.initial["seen"], "base": form.initial["base"]}


@pytest.mark.django_db
def test_saving_again_keeps_the_colleague_s_changes_to_untouched_fields(two_users):
    household, (alice, bob) = two_users
    url = reverse("www:household_edit", args=[household.pk])
    opened = _opened(alice, url)
    # Bob: DALO and the prior situation.
    response = bob.post(
        url, _household_post(household, dalo="on", prior_situation="sans_domicile", **_opened(bob, url))
    )
    assert response.status_code == 302
    # Alice, with the form she opened before: only the composition.
    response = alice.post(url, _household_post(household, composition="autre", **opened))
    assert response.status_code == 400
    form = response.context["form"]
    assert (
        form["dalo"].value() is True and form["prior_situation"].value() == "sans_domicile"
    )  # Bob's, merged
    assert form["composition"].value() == "autre"  # hers, kept
    assert not form.errors.get("dalo") and not form.errors.get("composition")
    # She saves the form as shown: her change goes in, Bob's stays.
    assert alice.post(url, _again(response)).status_code == 302
    household.refresh_from_db()
    assert (household.composition, household.dalo, household.prior_situation) == (
        "autre",
        True,
        "sans_domicile",
    )


@pytest.mark.django_db
def test_a_field_both_changed_is_flagged_with_the_stored_value(two_users):
    household, (alice, bob) = two_users
    url = reverse("www:household_edit", args=[household.pk])
    opened = _opened(alice, url)
    bob.post(url, _household_post(household, prior_situation="sans_domicile", **_opened(bob, url)))
    response = alice.post(url, _household_post(household, prior_situation="chez_des_tiers", **opened))
    assert response.status_code == 400
    errors = response.context["form"].errors["prior_situation"]
    assert "la valeur enregistrée est « Sans domicile, rue »" in errors[0]
    assert response.context["form"]["prior_situation"].value() == "chez_des_tiers"  # her input is kept


@pytest.mark.django_db
def test_members_changed_meanwhile_replace_untouched_members(two_users):
    household, (alice, bob) = two_users
    url = reverse("www:household_edit", args=[household.pk])
    opened = _opened(alice, url)
    bob.post(url, _household_post(household, **{"membres-0-first_name": "Renommée"}, **_opened(bob, url)))
    response = alice.post(url, _household_post(household, composition="autre", **opened))
    assert response.status_code == 400
    assert response.context["formset"].initial[0]["first_name"] == "Renommée"
    assert alice.post(url, _again(response)).status_code == 302
    household.refresh_from_db()
    assert household.reference_person.first_name == "Renommée"


@pytest.mark.django_db
def test_dwelling_forms_merge_the_same_way(director_client, operator):
    dwelling = DwellingFactory(organisation=operator, places=2, address="1 rue Avant")
    url = reverse("www:dwelling_edit", args=[dwelling.pk])
    opened = _opened(director_client, url)
    stored = Dwelling.objects.get(pk=dwelling.pk)
    stored.places = 4
    dwelling_services.save_dwelling(
        dwelling=stored, acting_user=UserFactory(), expected_version=opened["version"]
    )
    data = {
        "address": "1 rue Après",
        "commune": "69383",
        "typology": dwelling.typology,
        "places": "2",
        "parc": dwelling.parc,
        "management_mode": dwelling.management_mode,
        "conventionnement": "aucun",
        "entry_date": dwelling.entry_date.isoformat(),
        **opened,
    }
    response = director_client.post(url, data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form["places"].value() == "4" and form["address"].value() == "1 rue Après"
    again = dict(form.data.items())
    assert director_client.post(url, again).status_code == 302
    dwelling.refresh_from_db()
    assert (dwelling.places, dwelling.address) == (4, "1 rue Après")
    assert Household.objects.count() == 0
