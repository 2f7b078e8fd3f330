"""Browser journey of the inventories and damage claims (axe-core on every page, tests/browser/conftest.py):
a rental manager records the entry inventory room by room and uploads a photo of the kitchen, records the
exit inventory (the kitchen in bad condition, 450 € of repairs), reads the comparison, declares the damage
claim and charges it to the household's account (the balance moves by 450 €), downloads the inventory's PDF
(a PDF), then deletes the photo through its confirmation page."""

import io

import pytest
from django.utils import timezone
from PIL import Image

from clef.damages.enums import InventoryKind
from clef.damages.models import DamageClaim, Inventory, InventoryPhoto
from clef.organisations.models import Role
from clef.rental.queries import balance
from tests.browser.test_journeys import login
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.rental import LeaseFactory
from tests.transactional import REGISTER_APPS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)]


def _png(path) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())


def _fill_conditions(page, condition: str) -> None:
    """Every proposed room (a row with a name) gets `condition`."""
    rooms = page.locator("[data-room]")
    for index in range(rooms.count()):
        room = rooms.nth(index)
        if room.locator("input[name$='-name']").input_value():
            room.locator("select[name$='-condition']").select_option(label=condition)


def test_a_rental_manager_records_both_inventories_and_charges_the_damage(live_server, page, shot, tmp_path):
    operator = OrganisationFactory(name="Toit Partagé du Rhône")
    lease = LeaseFactory(stay__household__organisation=operator, stay__exited=True)
    stay = lease.stay
    user = MembershipFactory(organisation=operator, role=Role.RENTAL_MANAGER).user
    photo_file = tmp_path / "cuisine.png"
    _png(photo_file)
    login(page, live_server, user.email)

    page.goto(f"{live_server.url}/gestion-locative/etats-des-lieux/")
    page.get_by_role("heading", name="États des lieux et sinistres").wait_for()
    shot("1-liste")

    page.goto(f"{live_server.url}/gestion-locative/etats-des-lieux/sejours/{stay.pk}/entree/")
    _fill_conditions(page, "Bon état")
    page.get_by_label("Personnes présentes").fill("La gestionnaire locative, le ménage")
    shot("2-entree-piece-par-piece")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("L'état des lieux est enregistré.").wait_for()
    entry = Inventory.objects.get(stay=stay, kind=InventoryKind.ENTREE)
    assert entry.rooms.filter(name="Cuisine", condition="bon").exists()
    page.locator("select[name='room']").select_option(label="Cuisine")
    page.locator("input[name='file']").set_input_files(str(photo_file))
    page.locator("input[name='caption']").fill("Plan de travail")
    page.get_by_role("button", name="Ajouter la photo").click()
    page.get_by_text("La photo est ajoutée.").wait_for()
    assert page.get_by_role("img", name="Cuisine : Plan de travail").count() == 1
    shot("3-entree-avec-photo")

    page.goto(f"{live_server.url}/gestion-locative/etats-des-lieux/sejours/{stay.pk}/sortie/")
    kitchen = page.locator("[data-room]").filter(has=page.locator("input[name$='-name'][value='Cuisine']"))
    kitchen.locator("select[name$='-condition']").select_option(label="Mauvais état")
    kitchen.locator("input[name$='-repair_cost']").fill("450,00")
    shot("4-sortie")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("L'état des lieux est enregistré.").wait_for()
    changes = page.get_by_test_id("degradations")
    assert "Cuisine : bon état à l'entrée, mauvais état à la sortie — remise en état 450,00\u00a0€" in (
        changes.inner_text()
    )
    assert changes.locator("li").count() == 1
    shot("5-comparaison")
    exit_inventory = Inventory.objects.get(stay=stay, kind=InventoryKind.SORTIE)
    pdf = page.request.get(f"{live_server.url}/gestion-locative/etats-des-lieux/{exit_inventory.pk}/pdf/")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    page.get_by_role("link", name="Déclarer un sinistre (dégradations)").click()
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Le sinistre est enregistré.").wait_for()
    assert page.get_by_test_id("montant").inner_text() == "450,00\u00a0€"
    page.locator("input[name='on']").fill(timezone.localdate().isoformat())
    shot("6-sinistre")
    page.get_by_role("button", name="Imputer au compte du ménage").click()
    page.get_by_text("Le sinistre est imputé au compte du ménage.").wait_for()
    assert DamageClaim.objects.get(stay=stay).charged_amount == 450
    assert balance(lease) == 450
    shot("7-impute")

    page.goto(f"{live_server.url}{entry.get_absolute_url()}")
    page.get_by_role("link", name="Supprimer la photo « Plan de travail » de la pièce Cuisine").click()
    page.get_by_role("heading", name="Supprimer la photo de la pièce « Cuisine »").wait_for()
    shot("8-confirmation")
    page.get_by_role("button", name="Supprimer la photo").click()
    page.get_by_text("La photo de la pièce « Cuisine » est supprimée.").wait_for()
    assert page.get_by_role("img", name="Cuisine : Plan de travail").count() == 0
    assert not InventoryPhoto.objects.exists()
    shot("9-photo-supprimee")
