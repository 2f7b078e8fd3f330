"""Defects of the user trial (issue 9): optimistic locking of the communication action and the offered
dwelling, the one phone rule on the pages, the board's links, the signed lead whose dwelling enters the
park later, the new lead for a landlord who asked not to be contacted, numbers in URLs and titles."""

import html
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clef.captation.models import Campaign, Landlord, Lead, OfferedDwelling
from clef.captation.rules import PHONE_MESSAGE
from clef.organisations.models import Role
from clef.www.editing import MISSING_VERSION
from tests.conftest import member_client
from tests.factories.captation import CampaignFactory, LandlordFactory, LeadFactory
from tests.factories.dwellings import DwellingFactory

pytestmark = pytest.mark.django_db
STALE = "a été modifié depuis l'ouverture"


def text_of(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def officer(client, operator):
    return member_client(client, operator, Role.CAPTATION_OFFICER)


def _campaign_data(campaign, **changes) -> dict:
    return {"kind": campaign.kind, "name": "Lettre d'automne", "started_on": "2026-01-05", **changes}


def test_a_communication_action_edit_needs_its_current_version(officer, operator):
    campaign = CampaignFactory(organisation=operator)
    url = reverse("www:captation_campaign_edit", args=[campaign.pk])
    missing = officer.post(url, _campaign_data(campaign))
    assert missing.status_code == 400 and MISSING_VERSION in text_of(missing)
    assert officer.post(url, _campaign_data(campaign, version="1")).status_code == 302
    stale = officer.post(url, _campaign_data(campaign, version="1", name="Écrase la modification"))
    assert stale.status_code == 400 and STALE in text_of(stale)
    campaign.refresh_from_db()
    assert (campaign.name, campaign.version) == ("Lettre d'automne", 2)
    again = officer.post(url, stale.context["form"].data)  # the refreshed form is accepted once reviewed
    assert again.status_code == 302 and Campaign.objects.get().name == "Écrase la modification"


def _offered_data(**changes) -> dict:
    return {"commune": "69383", "typology": "T2", "address": "3 rue Neuve", **changes}


def test_an_offered_dwelling_edit_needs_its_current_version(officer, operator):
    lead = LeadFactory(landlord__organisation=operator)
    url = reverse("www:offered_edit", args=[lead.offered_dwelling_id])
    missing = officer.post(url, _offered_data())
    assert missing.status_code == 400 and MISSING_VERSION in text_of(missing)
    assert officer.post(url, _offered_data(version="1")).status_code == 302
    stale = officer.post(url, _offered_data(version="1", address="9 rue Vieille"))
    assert stale.status_code == 400 and STALE in text_of(stale)
    offered = OfferedDwelling.objects.get()
    assert (offered.address, offered.version) == ("3 rue Neuve", 2)


@pytest.mark.parametrize("phone", ["0001-01-01", "-1"])
def test_a_landlords_phone_is_a_phone_number(officer, operator, phone):
    landlord = LandlordFactory(organisation=operator)
    url = reverse("www:landlord_edit", args=[landlord.pk])
    data = {"kind": landlord.kind, "name": landlord.name, "phone": phone, "version": "1"}
    response = officer.post(url, data)
    assert response.status_code == 400 and PHONE_MESSAGE in text_of(response)
    contact = officer.post(
        reverse("www:landlord_contact", args=[landlord.pk]), {"name": "Marc Gérant", "phone": phone}
    )
    assert contact.status_code == 400 and PHONE_MESSAGE in text_of(contact)
    assert officer.post(url, data | {"phone": "06 39 98 00 01"}).status_code == 302
    assert Landlord.objects.get().phone == "06 39 98 00 01" and not landlord.contacts.exists()


def test_the_boards_view_links_have_one_question_mark(officer, operator):
    LeadFactory(landlord__organisation=operator)
    cards = text_of(officer.get(reverse("www:captation_board"), {"origin": "prospection"}))
    assert 'href="?origin=prospection&vue=liste"' in cards and "??" not in cards
    listed = text_of(officer.get(reverse("www:captation_board"), {"vue": "liste"}))
    assert 'href="?">Voir en colonnes' in listed and "??" not in listed


def test_a_signed_lead_says_when_its_dwelling_enters_the_park(officer, operator):
    entry = timezone.localdate() + timedelta(days=18)
    lead = LeadFactory(landlord__organisation=operator, signed=True)
    lead.offered_dwelling.dwelling = DwellingFactory(organisation=operator, entry_date=entry)
    lead.offered_dwelling.save()
    text = text_of(officer.get(lead.get_absolute_url()))
    assert f"entrera dans le parc le {entry:%d/%m/%Y}" in text and "est dans le parc" not in text
    assert "Aucune : l'engagement est signé" in text and "Signé le" not in text
    DwellingFactory._meta.model.objects.filter(pk=lead.offered_dwelling.dwelling_id).update(
        entry_date=date(2026, 1, 2)
    )
    shown = re.sub(r"<[^>]+>", "", text_of(officer.get(lead.get_absolute_url())))
    assert "le logement est dans le parc." in shown and "entrera" not in shown


def test_a_new_lead_for_a_landlord_not_to_contact_shows_the_refusal_only(officer, operator):
    landlord = LandlordFactory(organisation=operator, name="Martin", first_name="", not_to_contact=True)
    page = officer.get(reverse("www:lead_create"))
    assert "Martin (ne pas contacter)" in text_of(page)
    once = page.context["once"]
    response = officer.post(
        reverse("www:lead_create"),
        {once.field: once.token, "dossier-landlord": landlord.pk, "dossier-origin": "reseau"},
    )
    text = text_of(response)
    assert response.status_code == 400
    assert "Ce propriétaire a demandé à ne pas être contacté (depuis le 15/01/2026)." in text
    assert not response.context["landlord_form"].errors and not Lead.objects.exists()


def test_numbers_in_urls_and_titles_are_not_grouped(officer, operator):
    lead = LeadFactory(landlord__organisation=operator, id=12345)
    text = text_of(officer.get(lead.get_absolute_url()))
    assert "?dossier=12345" in text and "Dossier de captation n° 12345" in text
    assert "12 345" not in text and "12\u202f345" not in text and "12\xa0345" not in text
    for name in ("www:captation_campaigns", "www:captation_indicators"):
        page = text_of(officer.get(reverse(name), {"year": "2026"}))
        assert (
            "en 2026" in page and "2 026" not in page and "2\u202f026" not in page and "2\xa0026" not in page
        )
