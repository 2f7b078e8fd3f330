"""Deleting a photo or a document through its confirmation page (DSFR, the household's record logged), by who
writes inventories and claims; every persona; a closed claim keeps its documents (French message, 400); the
list's four tables paginated on their own, in constant queries per page."""

import pytest
from django.urls import reverse

from clef.damages.enums import ClaimStatus
from clef.damages.models import ClaimDocument, InventoryPhoto
from clef.journal.models import AccessLogEntry, JournalEntry
from tests.factories.stays import StayFactory
from tests.www.damages.conftest import PERSONAS
from tests.www.damages.test_permissions import EDIT

pytestmark = pytest.mark.django_db
DELETIONS = {"inventory_photo_delete": "photo", "claim_document_delete": "document"}
CASES = [
    (name, persona, expected) for name in DELETIONS for persona, expected in zip(PERSONAS, EDIT, strict=True)
]


def _url(world, name):
    return reverse(f"www:{name}", args=[world[DELETIONS[name]].pk])


def _exists(world, name) -> bool:
    model = InventoryPhoto if name == "inventory_photo_delete" else ClaimDocument
    return model.objects.filter(pk=world[DELETIONS[name]].pk).exists()


@pytest.mark.parametrize(("name", "persona", "expected"), CASES, ids=[f"{n}-{p}" for n, p, _ in CASES])
def test_every_persona(login, world, name, persona, expected, django_capture_on_commit_callbacks):
    client = login(persona)
    assert client.get(_url(world, name)).status_code == expected
    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(_url(world, name))
    assert posted.status_code == (302 if expected == 200 else expected)
    assert _exists(world, name) is (expected != 200)


def test_the_photo_confirmation_page(login, world, django_assert_num_queries):
    client = login("rental_manager")
    url = _url(world, "inventory_photo_delete")
    client.get(url)
    # session, user, membership, photo (room, inventory, stay, household) and members; access log; header
    with django_assert_num_queries(7):
        response = client.get(url)
    page = response.content.decode()
    assert "Supprimer la photo de la pièce « Cuisine »" in page
    assert reverse("www:inventory_photo", args=[world["photo"].pk]) in page
    assert "MARTIN" in page and "Supprimer la photo</button>" in page
    assert AccessLogEntry.objects.filter(
        context=AccessLogEntry.Context.ETAT_DES_LIEUX, household_id=world["household"].pk
    ).exists()


def test_deleting_a_photo_returns_to_the_inventory(login, world, django_capture_on_commit_callbacks):
    client = login("director")
    photo = world["photo"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(world, "inventory_photo_delete"))
    assert response["Location"] == world["inventory"].get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "La photo de la pièce « Cuisine » est supprimée." in page
    assert reverse("www:inventory_photo", args=[photo.pk]) not in page
    assert not photo.file.storage.exists(photo.file.name)
    assert JournalEntry.objects.filter(object_id=world["inventory"].pk, changes__has_key="photo").exists()


def test_the_inventory_page_offers_deletion_to_editors_only(login, world):
    url = world["inventory"].get_absolute_url()
    delete = _url(world, "inventory_photo_delete")
    assert delete in login("rental_manager").get(url).content.decode()
    assert delete not in login("social_worker").get(url).content.decode()


def test_deleting_a_document_returns_to_the_claim(login, world, django_capture_on_commit_callbacks):
    client = login("rental_manager")
    assert (
        _url(world, "claim_document_delete") in client.get(world["claim"].get_absolute_url()).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(world, "claim_document_delete"))
    assert response["Location"] == world["claim"].get_absolute_url()
    assert "Le document « Devis » est supprimé." in client.get(response["Location"]).content.decode()


def test_a_closed_claim_keeps_its_documents(login, world):
    claim = world["claim"]
    claim.status = ClaimStatus.SOLDE
    claim.save()
    client = login("director")
    assert _url(world, "claim_document_delete") not in client.get(claim.get_absolute_url()).content.decode()
    shown = client.get(_url(world, "claim_document_delete"))
    assert shown.status_code == 200
    text = shown.content.decode().replace("&#x27;", "'")
    assert "Ce sinistre est clos (soldé ou abandonné) : ses documents sont conservés." in text
    assert "Supprimer le document</button>" not in text
    refused = client.post(_url(world, "claim_document_delete"))
    assert refused.status_code == 400 and _exists(world, "claim_document_delete")


def test_the_list_is_paginated_per_table_in_constant_queries(login, world, django_assert_num_queries):
    client = login("rental_manager")
    for _ in range(27):
        StayFactory(household__organisation=world["owner"])
    url = reverse("www:damage_list")
    client.get(url)
    # session, user, membership; entries, claims, inventories: count, page, members; recent exits (none):
    # count; access log; header — the same on every page
    with django_assert_num_queries(15):
        first = client.get(url + "?sinistres=1")
    with django_assert_num_queries(15):
        second = client.get(url + "?sinistres=1&entrees=2")
    assert len(first.context["entries"].object_list) == 25
    assert len(second.context["entries"].object_list) == 2
    assert "27 ménages sans état des lieux d'entrée" in first.content.decode()
    assert "?sinistres=1&amp;entrees=2#entrees" in first.content.decode()  # the other table's page kept
    assert second.context["entries"].number == 2
    assert client.get(url + "?entrees=x").context["entries"].number == 1  # a bad number: the first page
    assert client.get(url + "?entrees=99").context["entries"].number == 2  # past the end: the last one
