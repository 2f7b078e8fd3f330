"""Editing a local bonus scheme: optimistic lock (a form without its version, or a stale one, is refused
with 400 and writes nothing; the colleague's change is kept), errors answered with 400."""

from decimal import Decimal
from html import unescape

import pytest
from django.http import QueryDict
from django.urls import reverse

from clef.journal.models import JournalEntry
from clef.locavantages.models import LocalBonusScheme
from clef.locavantages.services import save_scheme
from clef.organisations.models import Role
from clef.www.editing import MISSING_VERSION, put_value
from tests.conftest import member_client
from tests.factories.locavantages import LocalBonusSchemeFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    return member_client(client, OrganisationFactory(state=True), Role.PLATFORM_ADMIN)


def _opened_form(client, scheme) -> QueryDict:
    """The edit form as the browser would send it back untouched."""
    response = client.get(reverse("www:bonus_scheme_edit", args=[scheme.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    data = QueryDict(mutable=True)
    for name in form.fields:
        put_value(data, form[name])
    return data


def _colleague_sets_amount(scheme, amount: str) -> None:
    colleague = MembershipFactory(organisation=scheme.authority, role=Role.READ_ONLY)
    stored = LocalBonusScheme.objects.get(pk=scheme.pk)
    stored.amount = Decimal(amount)
    save_scheme(
        scheme=stored,
        acting_user=colleague.user,
        organisation_id=scheme.authority_id,
        expected_version=stored.version,
    )


def test_an_edit_posted_without_its_version_is_refused(admin_client):
    scheme = LocalBonusSchemeFactory(name="Prime d'origine")
    data = _opened_form(admin_client, scheme)
    _colleague_sets_amount(scheme, "1800")
    del data["version"]
    data["name"] = "Prime renommée"
    response = admin_client.post(reverse("www:bonus_scheme_edit", args=[scheme.pk]), data)
    assert response.status_code == 400
    assert MISSING_VERSION in unescape(response.content.decode())
    scheme.refresh_from_db()
    assert (scheme.name, scheme.amount, scheme.version) == ("Prime d'origine", Decimal("1800"), 2)
    assert JournalEntry.objects.filter(action=JournalEntry.Action.UPDATE).count() == 1  # the colleague's


def test_a_stale_edit_is_refused_and_keeps_the_colleagues_amount(admin_client):
    scheme = LocalBonusSchemeFactory(name="Prime d'origine")
    data = _opened_form(admin_client, scheme)
    _colleague_sets_amount(scheme, "1800")
    data["name"] = "Prime renommée"
    url = reverse("www:bonus_scheme_edit", args=[scheme.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 400
    assert "a été modifié depuis l'ouverture de ce formulaire" in unescape(response.content.decode())
    scheme.refresh_from_db()
    assert (scheme.name, scheme.amount, scheme.version) == ("Prime d'origine", Decimal("1800"), 2)
    form = response.context["form"]
    assert form.data["version"] == "2" and form.data["name"] == "Prime renommée"
    assert Decimal("".join(form.data["amount"].split()).replace(",", ".")) == 1800  # the colleague's
    again = admin_client.post(url, form.data)  # saving again the merged form: accepted
    assert again.status_code == 302
    scheme.refresh_from_db()
    assert (scheme.name, scheme.amount, scheme.version) == ("Prime renommée", Decimal("1800"), 3)


def test_an_edit_with_its_version_is_saved(admin_client):
    scheme = LocalBonusSchemeFactory()
    data = _opened_form(admin_client, scheme)
    data["amount"] = "2 000"
    response = admin_client.post(reverse("www:bonus_scheme_edit", args=[scheme.pk]), data)
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert (scheme.amount, scheme.version) == (Decimal("2000"), 2)


def test_an_edit_with_an_error_answers_400(admin_client):
    scheme = LocalBonusSchemeFactory()
    data = _opened_form(admin_client, scheme)
    data["amount"] = "abc"
    response = admin_client.post(reverse("www:bonus_scheme_edit", args=[scheme.pk]), data)
    assert response.status_code == 400
    assert "Saisissez un nombre." in unescape(response.content.decode())
    scheme.refresh_from_db()
    assert scheme.version == 1


@pytest.mark.parametrize("version", ["0", "abc", str(2**63)])
def test_a_malformed_version_is_a_french_error_not_a_crash(admin_client, version):
    scheme = LocalBonusSchemeFactory()
    data = _opened_form(admin_client, scheme)
    data["version"] = version
    response = admin_client.post(reverse("www:bonus_scheme_edit", args=[scheme.pk]), data)
    assert response.status_code == 400
    scheme.refresh_from_db()
    assert scheme.version == 1
