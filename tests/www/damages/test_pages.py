"""The damages pages: what they show, constant query counts, the access log, files streamed after the check,
the PDF."""

from decimal import Decimal

import pytest
from django.urls import reverse

from clef.journal.models import AccessLogEntry
from tests.factories.damages import PNG_BYTES, DamageClaimFactory, InventoryFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db
ETAT_DES_LIEUX = AccessLogEntry.Context.ETAT_DES_LIEUX


def _logged(world, client) -> int:
    return AccessLogEntry.objects.filter(
        context=ETAT_DES_LIEUX, household_id=world["household"].pk, user=client.membership.user
    ).count()


def test_the_list_shows_what_to_do_in_constant_queries(login, world, django_assert_num_queries):
    client = login("rental_manager")
    owner = world["owner"]
    StayFactory(household__organisation=owner, household__reference__last_name="Entrant")
    client.get(reverse("www:damage_list"))  # warm the session and content types
    # session, user, membership; four paginated tables: count, then page and members when not empty (entries,
    # claims, inventories: 3 each; no recent exit: its count only); access log; header
    with django_assert_num_queries(15):
        response = client.get(reverse("www:damage_list"))
    for _ in range(3):
        stay = StayFactory(household__organisation=owner)
        InventoryFactory(stay=stay)
        DamageClaimFactory(stay=StayFactory(household__organisation=owner, exited=True))
    with django_assert_num_queries(15):
        client.get(reverse("www:damage_list"))
    page = response.content.decode()
    assert "ENTRANT" in page and "Saisir l'état des lieux d'entrée" in page
    assert "MARTIN" in page and "450,00\u00a0€" in page
    assert _logged(world, client) == 3  # one row per page shown (the household once per page)


def test_the_exit_inventory_page_compares_with_the_entry(login, world, django_assert_num_queries):
    client = login("social_worker")
    url = reverse("www:inventory_detail", args=[world["inventory"].pk])
    client.get(url)
    with django_assert_num_queries(12):
        response = client.get(url)
    page = response.content.decode()
    assert "Cuisine : bon état à l'entrée, mauvais état à la sortie" in page
    assert "Séjour : bon" not in page
    assert reverse("www:inventory_photo", args=[world["photo"].pk]) in page
    assert "Ajouter une photo" not in page and "inventory_edit" not in page  # a social worker reads
    assert _logged(world, client) == 2


def test_the_claim_page_in_constant_queries(login, world, django_assert_num_queries):
    client = login("director")
    url = reverse("www:claim_detail", args=[world["claim"].pk])
    client.get(url)
    with django_assert_num_queries(9):
        response = client.get(url)
    page = response.content.decode()
    assert "Imputer au compte du ménage" in page and "Devis du" in page


def test_a_photo_is_streamed_after_the_check_with_nosniff(login, world):
    client = login("read_only")
    response = client.get(reverse("www:inventory_photo", args=[world["photo"].pk]))
    assert response.content == PNG_BYTES
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline;")
    assert "MARTIN" not in response["Content-Disposition"].upper()
    assert _logged(world, client) == 1


def test_a_claim_document_is_downloaded_as_an_attachment(login, world):
    client = login("litigation_officer")
    response = client.get(reverse("www:claim_document", args=[world["document"].pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_inventory_pdf(login, world):
    client = login("director")
    response = client.get(reverse("www:inventory_pdf", args=[world["inventory"].pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert _logged(world, client) == 1


def test_the_household_panel(login, world):
    client = login("rental_manager")
    page = client.get(world["household"].get_absolute_url()).content.decode()
    assert "États des lieux et dégradations" in page
    assert "État des lieux de sortie du 31/12/2023" in page and "450,00\u00a0€" in page
    assert "Déclarer un sinistre" in page


def test_no_panel_for_a_captation_officer(login, world):
    client = login("captation_officer")
    page = client.get(world["household"].get_absolute_url()).content.decode()
    assert "États des lieux et dégradations" not in page


def test_the_claim_amount_is_in_french(login, world):
    world["claim"].amount = Decimal("1234.50")
    world["claim"].save()
    client = login("director")
    page = client.get(reverse("www:claim_detail", args=[world["claim"].pk])).content.decode()
    assert "1\u202f234,50\u00a0€" in page


def test_the_panel_runs_three_queries_for_an_editor(world, rf, django_assert_num_queries):
    from django.utils import timezone

    from clef.organisations.models import Role
    from clef.www.damages.panels import household_panel
    from tests.factories.organisations import MembershipFactory

    membership = MembershipFactory(organisation=world["owner"], role=Role.RENTAL_MANAGER)
    household = StayFactory(household__organisation=world["owner"]).household  # nothing recorded yet
    request = rf.get("/")
    request.user, request.membership = membership.user, membership
    with django_assert_num_queries(
        3
    ):  # inventories, claims, the latest stay (no access-log row: nothing shown)
        panel = household_panel(request, household, timezone.localdate())
    assert [action["label"] for action in panel.context["actions"]] == ["Saisir l'état des lieux d'entrée"]
