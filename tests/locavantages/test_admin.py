"""The administration of Loc'Avantages: ceilings read only, schemes and grants saved through the
services (checked, journaled)."""

from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from clef.journal.models import JournalEntry
from clef.locavantages.models import BonusGrant
from tests.factories.accounts import UserFactory
from tests.factories.dwellings import DwellingFactory
from tests.factories.locavantages import CHAMBERY, GRAND_CHAMBERY, LocalBonusSchemeFactory, ceilings
from tests.factories.organisations import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    MembershipFactory(user=user, role="platform_admin", organisation__state=True)
    client.force_login(user)
    return client


def test_ceilings_are_listed_read_only_with_filters(admin_client):
    ceilings(sample=True)
    page = admin_client.get(
        reverse("admin:locavantages_rentceiling_changelist"), {"level": "loc2"}
    ).content.decode()
    assert "8,00" in page and "10,00" not in page
    assert admin_client.get(reverse("admin:locavantages_rentceiling_add")).status_code == 403


def test_a_scheme_changed_in_the_admin_is_checked_and_journaled(admin_client):
    scheme = LocalBonusSchemeFactory()
    url = reverse("admin:locavantages_localbonusscheme_change", args=[scheme.pk])
    form = {
        "name": "Prime révisée",
        "authority": scheme.authority_id,
        "epci": GRAND_CHAMBERY,
        "amount": "1800",
        "for_mandat_gestion": "on",
        "for_loc2": "on",
        "valid_from": "2026-01-01",
        "comments": "",
        "edit_version": "1",
    }
    assert 'name="edit_version" value="1"' in admin_client.get(url).content.decode()
    refused = admin_client.post(url, {**form, "commune": CHAMBERY})
    assert refused.status_code == 200 and "pas les deux" in refused.content.decode()
    assert admin_client.post(url, form).status_code == 302
    scheme.refresh_from_db()
    assert (scheme.name, scheme.version) == ("Prime révisée", 2)
    assert JournalEntry.objects.get().organisation_id == scheme.authority_id


def test_a_grant_added_in_the_admin_belongs_to_the_dwellings_operator(admin_client):
    scheme = LocalBonusSchemeFactory()
    dwelling = DwellingFactory(commune_id=CHAMBERY)
    form = {
        "scheme": scheme.pk,
        "dwelling": dwelling.pk,
        "amount": "1500",
        "granted_on": "2026-03-01",
        "paid_on": "",
        "comments": "",
    }
    outside = DwellingFactory(commune_id="38185")
    refused = admin_client.post(
        reverse("admin:locavantages_bonusgrant_add"), {**form, "dwelling": outside.pk}
    )
    assert "pas dans le territoire de la prime" in refused.content.decode()
    assert admin_client.post(reverse("admin:locavantages_bonusgrant_add"), form).status_code == 302
    grant = BonusGrant.objects.get()
    assert grant.organisation_id == dwelling.organisation_id
    assert JournalEntry.objects.get().dwelling_id == dwelling.pk


@pytest.mark.parametrize(("version", "message"), [(None, "sa version manque"), ("1", "a été modifié depuis")])
def test_a_scheme_changed_in_the_admin_without_or_with_a_stale_version_is_refused(
    admin_client, version, message
):
    """The authority changed the amount on its page meanwhile (version 2): the admin's form, opened before,
    writes nothing over it."""
    scheme = LocalBonusSchemeFactory(version=2, amount=Decimal("1800"))
    url = reverse("admin:locavantages_localbonusscheme_change", args=[scheme.pk])
    form = {
        "name": "Prime révisée",
        "authority": scheme.authority_id,
        "epci": GRAND_CHAMBERY,
        "amount": "1500",
        "for_mandat_gestion": "on",
        "for_loc2": "on",
        "valid_from": "2026-01-01",
        "comments": "",
    }
    if version is not None:
        form["edit_version"] = version
    response = admin_client.post(url, form)
    assert response.status_code == 200 and message in unescape(response.content.decode())
    scheme.refresh_from_db()
    assert (scheme.name, scheme.amount, scheme.version) != ("Prime révisée", Decimal("1500"), 3)
    assert (scheme.amount, scheme.version) == (Decimal("1800"), 2)
    assert not JournalEntry.objects.exists()
