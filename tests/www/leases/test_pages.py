"""The lease's yearly life pages: what they show (French formats, deadlines, the missing index), a constant
number of queries, the decisions taken through them (journaled, in the ledger), bad input answered in French
with the typed values kept (400), and the access log."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clef.journal.models import AccessLogEntry
from clef.leases.models import ChargesRegularisation, DepositReturn, IrlIndex, RentRevision, RevisionStatus
from clef.rental.enums import EntryKind
from clef.rental.models import LedgerEntry
from tests.factories.rental import LeaseFactory, LedgerEntryFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db


def test_lease_life_shows_each_section_with_its_deadline(login, world):
    page = login("director").get(reverse("www:lease_life")).content.decode()
    year = world["today"].year - 1
    assert f"Régularisations des charges {year} (" in page  # a year, never « 2 025 »
    assert f'<option value="{year}"' in page
    due = world["due_on"]
    assert str(world["revised"].stay.household) in page
    assert f"{due:%d/%m/%Y}" in page and "T1 2020 → T1 2021" in page
    assert "500,00\u00a0€" in page and "507,01\u00a0€" in page
    assert "Indice du T3 2025 pas encore chargé." in page or "pas encore chargé" in page  # the owner's rent
    assert "150,00\u00a0€" in page  # last year's provisions
    assert "600,00\u00a0€" in page  # deposit held


def test_lease_life_query_count_does_not_grow_with_the_households(login, world, django_assert_num_queries):
    client = login("director")
    client.get(reverse("www:lease_life"))  # warm the session and the caches

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("www:lease_life")).status_code == 200
        return len(captured)

    before = count()
    for _ in range(3):
        LeaseFactory(
            stay=StayFactory(household__organisation=world["owner"], entry_date=world["revised"].starts_on)
        )
    assert count() == before
    with django_assert_num_queries(before):
        client.get(reverse("www:lease_life"))


def test_lease_life_is_logged_with_the_households_shown(login, world):
    login("social_worker").get(reverse("www:lease_life"))
    logged = set(
        AccessLogEntry.objects.filter(context=AccessLogEntry.Context.COMPTE).values_list(
            "household_id", flat=True
        )
    )
    assert logged == {world[k].stay.household_id for k in ("revised", "charged", "left")}


def test_applying_a_revision_through_the_page(login, world):
    client = login("rental_manager")
    url = reverse("www:revision_apply", args=["bail", world["revised"].pk, world["due_on"].isoformat()])
    page = client.get(url).content.decode()
    assert "500,00\u00a0€ × 145,47 ÷ 143,46" in page
    response = client.post(url, {"version": world["revised"].version})
    assert response.status_code == 302
    world["revised"].refresh_from_db()
    assert world["revised"].rent == Decimal("507.01")
    assert RentRevision.objects.get().status == RevisionStatus.APPLIQUEE
    assert AccessLogEntry.objects.filter(household_id=world["revised"].stay.household_id).exists()


def test_a_stale_or_versionless_revision_is_refused_in_french(login, world):
    client = login("director")
    url = reverse("www:revision_apply", args=["bail", world["revised"].pk, world["due_on"].isoformat()])
    response = client.post(url, {})
    assert response.status_code == 400 and "rechargez la page" in response.content.decode()
    response = client.post(url, {"version": world["revised"].version + 3})
    assert response.status_code == 400 and "a été modifié depuis" in response.content.decode()
    assert not RentRevision.objects.exists()


def test_a_revision_with_a_missing_index_cannot_be_applied(login, world):
    client = login("director")
    url = reverse("www:revision_apply", args=["contrat", world["contract"].pk, "2026-01-01"])
    assert "pas encore chargé" in client.get(url).content.decode()
    response = client.post(url, {"version": world["contract"].version})
    assert response.status_code == 400 and "pas encore chargé" in response.content.decode()


def test_dismissing_needs_a_reason_and_keeps_it(login, world):
    client = login("director")
    url = reverse("www:revision_dismiss", args=["bail", world["revised"].pk, world["due_on"].isoformat()])
    response = client.post(url, {"reason": ""})
    assert (
        response.status_code == 400
        and "Indiquez pourquoi la révision est écartée." in response.content.decode()
    )
    assert client.post(url, {"reason": "Ménage en difficulté passagère"}).status_code == 302
    assert RentRevision.objects.get().reason == "Ménage en difficulté passagère"


def test_regularising_through_the_page_posts_the_difference(login, world):
    client = login("rental_manager")
    year = world["today"].year - 1
    url = reverse("www:regularisation_create", args=[world["charged"].pk, year])
    assert "150,00\u00a0€" in client.get(url).content.decode()
    response = client.post(url, {"actual_charges": "abc"})
    assert response.status_code == 400 and 'value="abc"' in response.content.decode()
    response = client.post(url, {"actual_charges": "2000000"})
    assert (
        response.status_code == 400
        and "La valeur des charges réelles doit être comprise" in response.content.decode()
    )
    assert client.post(url, {"actual_charges": "171,25"}).status_code == 302
    regularisation = ChargesRegularisation.objects.get()
    assert regularisation.entry.amount == Decimal("21.25")
    assert "déjà régularisées" in client.get(url).content.decode()


def test_deciding_then_recording_the_deposit_return(login, world):
    client = login("director")
    url = reverse("www:deposit_return", args=[world["left"].pk])
    assert "600,00\u00a0€" in client.get(url).content.decode()
    response = client.post(url, {"inventory_matches": "on", "deductions": "700", "deduction_reason": "x"})
    assert response.status_code == 400 and "dépasser le dépôt détenu" in response.content.decode()
    response = client.post(url, {"deductions": "100", "deduction_reason": ""})
    assert response.status_code == 400 and "motif des retenues" in response.content.decode()
    # the deductions pay what the household owes, never more (leases.rules.check_deductions): a 150 € call
    LedgerEntryFactory(
        lease=world["left"], booked_on=world["today"] - timedelta(days=20), amount=Decimal("150")
    )
    tomorrow = world["today"] + timedelta(days=1)
    data = {"deductions": "100,50", "deduction_reason": "Frais de remise en état"}
    response = client.post(url, data | {"returned_on": tomorrow.isoformat()})
    page = response.content.decode()
    assert response.status_code == 400 and "La date de restitution ne peut pas être dans le futur." in page
    assert f'value="{tomorrow:%Y-%m-%d}"' in page and 'value="100,50"' in page  # typed values kept
    response = client.post(url, data)
    assert response.status_code == 302
    deposit = DepositReturn.objects.get()
    assert (deposit.returned_amount, deposit.inventory_matches) == (Decimal("499.50"), False)
    response = client.post(url, {"returned_on": world["today"].isoformat()})
    assert response.status_code == 400  # no version
    response = client.post(url, {"returned_on": tomorrow.isoformat(), "version": deposit.version})
    assert response.status_code == 400 and "ne peut pas être dans le futur" in response.content.decode()
    response = client.post(url, {"returned_on": world["today"].isoformat(), "version": deposit.version})
    assert response.status_code == 302
    assert LedgerEntry.objects.filter(kind=EntryKind.DEPOT_RESTITUTION, amount=Decimal("499.50")).exists()
    page = client.get(url).content.decode()
    assert f"<dt>Restitué le</dt><dd>{world['today']:%d/%m/%Y}</dd>" in page
    assert "Enregistrer la restitution" not in page


def test_the_administrator_uploads_indices_and_a_bad_file_is_refused_whole(login, world):
    client = login("admin")
    url = reverse("www:irl_indices")
    good = SimpleUploadedFile(
        "irl.csv", b"annee;trimestre;valeur;date_publication\n2022;1;133,93;\n", "text/csv"
    )
    assert client.post(url, {"file": good}).status_code == 302
    assert IrlIndex.objects.filter(year=2022, quarter=1, value=Decimal("133.93")).exists()
    bad = SimpleUploadedFile(
        "faux.csv", b"annee;trimestre;valeur;date_publication\n2022;2;abc;\n", "text/csv"
    )
    response = client.post(url, {"file": bad})
    assert (
        response.status_code == 400 and "faux.csv, ligne 2, colonne « valeur »" in response.content.decode()
    )
    assert not IrlIndex.objects.filter(year=2022, quarter=2).exists()
    assert client.post(url, {}).status_code == 400
    page = client.get(url).content.decode()
    assert "133,93" in page and "T1 2022" in page


def test_irl_table_flags_sample_values(login, world):
    IrlIndex.objects.filter(year=2021).update(is_sample=True)
    page = login("rental_manager").get(reverse("www:irl_indices")).content.decode()
    assert "valeur d'exemple" in page and "Charger les indices" not in page
