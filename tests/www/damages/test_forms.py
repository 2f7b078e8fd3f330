"""The inventory form (room by room) and the claim forms: proposed rooms, bad input refused in French with the
typed values kept (400), nothing written; the charge to the household's account in one transaction."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clef.damages.enums import ClaimStatus, InventoryKind
from clef.damages.models import DamageClaim, Inventory, InventoryPhoto
from clef.rental.enums import EntryKind
from clef.rental.models import LedgerEntry
from tests.factories.damages import PNG_BYTES
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db


def _rooms(rooms, *, total=None, initial=0):
    data = {
        "pieces-TOTAL_FORMS": str(total if total is not None else len(rooms)),
        "pieces-INITIAL_FORMS": str(initial),
        "pieces-MIN_NUM_FORMS": "0",
        "pieces-MAX_NUM_FORMS": "100",
    }
    for index, room in enumerate(rooms):
        for key, value in room.items():
            data[f"pieces-{index}-{key}"] = value
    return data


def _new_stay(world):
    return StayFactory(household__organisation=world["owner"], household__reference__last_name="Nouveau")


def test_the_entry_form_proposes_the_typology_rooms(login, world):
    client = login("rental_manager")
    page = client.get(reverse("www:inventory_create", args=[_new_stay(world).pk, "entree"])).content.decode()
    for name in ("Entrée", "Séjour", "Chambre", "Cuisine", "Salle d&#x27;eau", "WC"):
        assert f'value="{name}"' in page
    assert "visite conjointe" in page.lower()


def test_an_entry_inventory_is_saved_room_by_room(login, world):
    client = login("rental_manager")
    stay = _new_stay(world)
    data = {"done_on": "2021-01-02", "attendees": "Gestionnaire, ménage", "joint_visit": "on"}
    data |= _rooms(
        [
            {"name": "Entrée", "condition": "bon"},
            {"name": "Séjour", "condition": "usage", "comments": "Rayure au sol"},
            {"name": "", "condition": ""},  # an empty extra row: ignored
        ]
    )
    response = client.post(reverse("www:inventory_create", args=[stay.pk, "entree"]), data)
    inventory = Inventory.objects.get(stay=stay)
    assert response.status_code == 302 and response["Location"] == inventory.get_absolute_url()
    assert inventory.joint_visit and inventory.organisation == world["owner"]
    assert list(inventory.rooms.values_list("name", "condition", "comments")) == [
        ("Entrée", "bon", ""),
        ("Séjour", "usage", "Rayure au sol"),
    ]


def test_a_negative_cost_is_refused_with_the_typed_values_kept(login, world):
    client = login("director")
    stay = StayFactory(household__organisation=world["owner"], exited=True)
    data = {"done_on": "2023-12-31", "attendees": "Gestionnaire présente"}
    data |= _rooms(
        [
            {"name": "Cuisine abîmée", "condition": "mauvais", "repair_cost": "-12,50"},
            {"name": "Salon", "condition": "bon", "repair_cost": "1 234,5"},
        ]
    )
    response = client.post(reverse("www:inventory_create", args=[stay.pk, "sortie"]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "doit être comprise entre 0\u00a0€ et 100\u202f000\u00a0€" in page or "comprise entre 0" in page
    assert 'value="Cuisine abîmée"' in page and 'value="-12,50"' in page and "Gestionnaire présente" in page
    assert not Inventory.objects.filter(stay=stay).exists()


def test_101_rooms_are_refused_with_the_typed_values_kept(login, world):
    client = login("director")
    stay = _new_stay(world)
    data = {"done_on": "2021-01-02", "attendees": "Équipe"}
    data |= _rooms([{"name": f"Pièce {n}", "condition": "bon"} for n in range(101)])
    response = client.post(reverse("www:inventory_create", args=[stay.pk, "entree"]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Un état des lieux compte au plus 100 pièces." in page
    assert 'value="Pièce 100"' in page
    assert not Inventory.objects.filter(stay=stay).exists()


def test_a_cost_at_the_entry_and_a_duplicate_room_are_refused_in_french(login, world):
    client = login("director")
    stay = _new_stay(world)
    data = {"done_on": "2021-01-02"} | _rooms(
        [{"name": "Cuisine", "condition": "bon", "repair_cost": "10"}, {"name": "WC", "condition": "bon"}]
    )
    response = client.post(reverse("www:inventory_create", args=[stay.pk, "entree"]), data)
    assert response.status_code == 400
    assert "ne s&#x27;indique qu&#x27;à l&#x27;état des lieux de sortie" in response.content.decode()
    data = {"done_on": "2021-01-02"} | _rooms(
        [{"name": "WC", "condition": "bon"}, {"name": "wc", "condition": "bon"}]
    )
    response = client.post(reverse("www:inventory_create", args=[stay.pk, "entree"]), data)
    assert response.status_code == 400 and "indiquée deux fois" in response.content.decode()


def test_editing_without_the_version_is_refused(login, world):
    client = login("director")
    inventory = world["inventory"]
    data = {"done_on": "2023-12-31"} | _rooms([{"name": "Cuisine", "condition": "mauvais"}])
    response = client.post(reverse("www:inventory_edit", args=[inventory.pk]), data)
    assert response.status_code == 400 and "sa version manque" in response.content.decode()
    inventory.refresh_from_db()
    assert inventory.rooms.count() == 2


def test_the_exit_form_proposes_the_entry_rooms(login, world):
    client = login("director")
    stay = StayFactory(household__organisation=world["owner"], exited=True)
    entry = Inventory.objects.create(
        stay=stay,
        organisation=world["owner"],
        dwelling=stay.dwelling,
        kind=InventoryKind.ENTREE,
        done_on=stay.entry_date,
        created_by=client.membership.user,
    )
    entry.rooms.create(position=1, name="Véranda", condition="neuf")
    page = client.get(reverse("www:inventory_create", args=[stay.pk, "sortie"])).content.decode()
    assert 'value="Véranda"' in page and 'value="neuf" selected' in page


def test_a_renamed_executable_photo_is_refused_in_french(login, world):
    client = login("rental_manager")
    inventory = world["inventory"]
    room = inventory.rooms.get(name="Cuisine")
    url = reverse("www:inventory_photo_add", args=[inventory.pk])
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 40)
    response = client.post(url, {"room": room.pk, "file": fake, "caption": "Évier"})
    assert response.status_code == 400
    assert "ne correspond pas à son extension" in response.content.decode()
    assert InventoryPhoto.objects.count() == 1
    good = SimpleUploadedFile("evier.png", PNG_BYTES)
    assert client.post(url, {"room": room.pk, "file": good, "caption": "Évier"}).status_code == 302
    assert InventoryPhoto.objects.count() == 2


def test_a_claim_is_created_with_the_exit_repair_costs(login, world):
    client = login("director")
    stay = world["stay"]
    data = {"assessed_on": "2024-01-10", "amount": "", "covered_by": "depot", "status": "constate"}
    response = client.post(reverse("www:claim_create", args=[stay.pk]), data)
    claim = DamageClaim.objects.exclude(pk=world["claim"].pk).get()
    assert response.status_code == 302
    assert (claim.amount, claim.status, claim.exit_inventory) == (
        Decimal("450"),
        ClaimStatus.CHIFFRE,
        world["inventory"],
    )


def test_a_bad_claim_amount_is_refused_with_the_typed_values_kept(login, world):
    client = login("director")
    data = {
        "assessed_on": "2024-01-10",
        "amount": "-5",
        "covered_by": "depot",
        "status": "constate",
        "comments": "Vu",
    }
    response = client.post(reverse("www:claim_create", args=[world["stay"].pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "comprise entre 0" in page and 'value="-5"' in page and "Vu</textarea>" in page


def test_charging_posts_the_ledger_entry_and_marks_the_claim_once(login, world):
    client = login("rental_manager")
    claim = world["claim"]
    url = reverse("www:claim_charge", args=[claim.pk])
    response = client.post(url, {"amount": "300,00", "on": "2024-02-01", "version": "1"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.charged_amount, claim.status) == (Decimal("300"), ClaimStatus.IMPUTE)
    entry = LedgerEntry.objects.get(source_key=f"sinistre:{claim.pk}")
    assert (entry.kind, entry.amount, entry.lease, entry.booked_on) == (
        EntryKind.DEGRADATIONS,
        Decimal("300"),
        world["lease"],
        date(2024, 2, 1),
    )
    again = client.post(url, {"amount": "300,00", "on": "2024-02-01", "version": "2"})
    assert again.status_code == 400 and "déjà été imputé" in again.content.decode()
    assert LedgerEntry.objects.filter(source_key=f"sinistre:{claim.pk}").count() == 1


def test_charging_more_than_the_damage_writes_nothing(login, world):
    client = login("director")
    claim = world["claim"]
    response = client.post(
        reverse("www:claim_charge", args=[claim.pk]), {"amount": "450,01", "on": "2024-02-01", "version": "1"}
    )
    assert response.status_code == 400 and "ne peut pas dépasser" in response.content.decode()
    assert 'value="450,01"' in response.content.decode()
    claim.refresh_from_db()
    assert (
        claim.charged_amount == 0
        and not LedgerEntry.objects.filter(source_key__startswith="sinistre:").exists()
    )


def test_charging_without_a_lease_is_refused_and_writes_nothing(login, world):
    world["lease"].delete()
    client = login("director")
    claim = world["claim"]
    response = client.post(
        reverse("www:claim_charge", args=[claim.pk]), {"amount": "100", "on": "2024-02-01", "version": "1"}
    )
    assert response.status_code == 400 and "pas de titre d&#x27;occupation" in response.content.decode()
    claim.refresh_from_db()
    assert claim.charged_amount == 0 and claim.status == ClaimStatus.CHIFFRE


def test_a_stale_charge_is_refused(login, world):
    client = login("director")
    claim = world["claim"]
    response = client.post(
        reverse("www:claim_charge", args=[claim.pk]), {"amount": "100", "on": "2024-02-01", "version": "9"}
    )
    assert response.status_code == 400 and "a été modifié depuis" in response.content.decode()
    assert not LedgerEntry.objects.filter(source_key__startswith="sinistre:").exists()
