"""A create form sent twice creates one household: one-time submission token (clef.www.once)."""

import re
import threading

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, RequestFactory
from django.urls import reverse

from clef.households.models import Household
from clef.organisations.models import Role
from clef.www import once
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.households.test_concurrency import REGISTER_APPS, postgresql_only, run_together
from tests.www.households.test_household_form import MOTHER, SON, household_data
from tests.www.once_token import once_token

URL = reverse("www:household_create")


def token_in(response) -> str:
    match = re.search(r'name="once" value="([^"]+)"', response.content.decode())
    assert match, "the create form carries a one-time token"
    return match.group(1)


@pytest.mark.django_db
def test_the_same_household_form_sent_twice_creates_one_household(social_worker_client, operator):
    token = token_in(social_worker_client.get(URL))
    data = household_data([MOTHER, SON], once=token)
    first = social_worker_client.post(URL, data)
    household = Household.objects.get()
    assert first.status_code == 302 and first["Location"] == household.get_absolute_url()
    again = social_worker_client.post(URL, data)
    assert again.status_code == 302 and again["Location"] == household.get_absolute_url()
    assert Household.objects.count() == 1
    assert once.REPLAYED in [str(m) for m in get_messages(again.wsgi_request)]
    shown = social_worker_client.get(again["Location"]).content.decode()
    assert "Ce formulaire a déjà été envoyé : voici la fiche créée" in shown


@pytest.mark.django_db
def test_each_showing_of_the_form_gets_its_own_token(social_worker_client, operator):
    first, second = token_in(social_worker_client.get(URL)), token_in(social_worker_client.get(URL))
    assert first != second
    assert social_worker_client.post(URL, household_data([MOTHER], once=first)).status_code == 302
    # The second tab (or the form shown again by the browser's Back button): the same reference person
    # is already registered, so Clef asks before creating a second household.
    asked = social_worker_client.post(URL, household_data([MOTHER], once=second))
    assert asked.status_code == 400 and "Ce ménage est peut-être déjà enregistré" in asked.content.decode()
    assert Household.objects.count() == 1
    confirmed = household_data([MOTHER], once=second, create_anyway="on")
    assert social_worker_client.post(URL, confirmed).status_code == 302  # two households, on purpose
    assert Household.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_a_missing_or_unknown_token_is_refused_and_the_form_gets_a_new_one(
    social_worker_client, operator, token
):
    data = household_data([MOTHER])
    if token is not None:
        data["once"] = token
    response = social_worker_client.post(URL, data)
    assert response.status_code == 400
    assert once.EXPIRED in response.context["form"].non_field_errors()
    assert not Household.objects.exists()
    fresh = token_in(response)
    assert fresh != token
    assert response.context["formset"].forms[0]["first_name"].value() == "Awa"  # input kept
    assert social_worker_client.post(URL, household_data([MOTHER], once=fresh)).status_code == 302


@pytest.mark.django_db
def test_a_refused_form_keeps_its_token_until_it_is_saved(social_worker_client, operator):
    token = once_token(social_worker_client, "household")
    refused = social_worker_client.post(URL, household_data([{**MOTHER, "last_name": ""}], once=token))
    assert refused.status_code == 400 and token_in(refused) == token
    assert social_worker_client.post(URL, household_data([MOTHER], once=token)).status_code == 302
    assert Household.objects.count() == 1


@pytest.mark.django_db
def test_a_token_of_another_form_or_another_session_is_refused(client, social_worker_client, operator):
    dwelling_token = once_token(social_worker_client, "dwelling")
    response = social_worker_client.post(URL, household_data([MOTHER], once=dwelling_token))
    assert response.status_code == 400 and once.EXPIRED in response.context["form"].non_field_errors()
    mine = once_token(social_worker_client, "household")
    other = Client()
    other.force_login(social_worker_client.membership.user)  # same user, another session
    assert other.post(URL, household_data([MOTHER], once=mine)).status_code == 400
    assert not Household.objects.exists()


@pytest.mark.django_db
def test_a_token_consumed_by_a_concurrent_request_is_read_under_lock(social_worker_client, operator):
    """Two requests of one double click both read the session before either saves: the second one's
    claim reads the stored session again (locked) and finds the token consumed."""
    token = once_token(social_worker_client, "household")
    key = social_worker_client.session.session_key
    request = RequestFactory().post(URL, {"once": token})
    request.session = SessionStore(key)
    request.session.load()
    request._messages = FallbackStorage(request)
    slow = once.Once(request, "household")
    assert slow.problem is None and slow.replay() is None  # its copy says "pending"
    fast = SessionStore(key)  # the first request consumed it meanwhile
    fast[once.SESSION_KEY] = {token: ["household", "/menages/1/"]}
    fast.save()
    with pytest.raises(once.AlreadySubmitted) as replay, slow.claim():
        pytest.fail("the creation must not run")
    assert replay.value.response["Location"] == "/menages/1/"


@pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)
def test_a_double_click_on_two_connections_creates_one_household(monkeypatch):
    """Two POSTs of one token at the same instant (two threads, two connections), both having read the
    session before either writes: one household, both answers lead to it."""
    postgresql_only()
    operator = OrganisationFactory()
    membership = MembershipFactory(organisation=operator, role=Role.SOCIAL_WORKER)
    first, second = Client(), Client()
    first.force_login(membership.user)
    second.cookies = first.cookies  # the same browser: one session
    data = household_data([MOTHER], once=once_token(first, "household"))
    barrier = threading.Barrier(2, timeout=10)
    original = once.Once.claim

    def claim_once_both_have_read(self):
        barrier.wait()  # both requests loaded the session: each one's copy says "pending"
        return original(self)

    monkeypatch.setattr(once.Once, "claim", claim_once_both_have_read)
    responses = run_together(lambda: first.post(URL, data), lambda: second.post(URL, data))

    assert [getattr(r, "status_code", r) for r in responses] == [302, 302]
    household = Household.objects.get()
    assert {r["Location"] for r in responses} == {household.get_absolute_url()}
