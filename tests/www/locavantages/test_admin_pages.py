"""The ceilings upload page and the local bonus pages: what each shows and writes, French errors,
constant queries."""

from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clef.journal.models import JournalEntry
from clef.locavantages.models import LocalBonusScheme, RentCeiling
from clef.organisations.models import Role
from tests.conftest import member_client
from tests.factories.locavantages import GRAND_CHAMBERY, LocalAuthorityFactory, LocalBonusSchemeFactory
from tests.factories.organisations import OrganisationFactory
from tests.www.queries import page_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    return member_client(client, OrganisationFactory(state=True), Role.PLATFORM_ADMIN)


def test_upload_loads_and_reports(admin_client):
    data = b"annee;code_commune;niveau;plafond_m2\n2026;73065;loc1;10,5\n2026;73065;loc2;8\n"
    response = admin_client.post(
        reverse("www:ceilings_upload"), {"file": SimpleUploadedFile("arrete-2026.csv", data)}, follow=True
    )
    html = unescape(response.content.decode())
    assert "arrete-2026.csv chargé (2026) : 2 plafonds ajoutés, 0 modifiés, 0 inchangés." in html
    assert RentCeiling.objects.count() == 2
    assert JournalEntry.objects.filter(action=JournalEntry.Action.IMPORT).count() == 1


def test_upload_of_a_bad_file_lists_the_errors_and_loads_nothing(admin_client):
    data = b"annee;code_commune;niveau;plafond_m2\n2026;73065;loc1;10\n2026;00000;loc2;8\n"
    response = admin_client.post(
        reverse("www:ceilings_upload"), {"file": SimpleUploadedFile("faux.csv", data)}
    )
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "Rien n'a été chargé" in html
    assert (
        "faux.csv, ligne 3, colonne « code_commune » (valeur « 00000 ») : code INSEE de commune inconnu"
        in html
    )
    assert not RentCeiling.objects.exists()


def test_upload_without_a_file_is_a_french_error(admin_client):
    response = admin_client.post(reverse("www:ceilings_upload"), {})
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in unescape(response.content.decode())


def test_upload_page_queries(admin_client, django_assert_num_queries):
    page_queries(admin_client, reverse("www:ceilings_upload"), django_assert_num_queries, 5)


def test_schemes_in_force_are_listed_with_an_edit_link_for_their_authority(client):
    mine = LocalBonusSchemeFactory(name="Prime de Grand Chambéry")
    other = LocalBonusSchemeFactory(name="Prime d'ailleurs", authority=LocalAuthorityFactory())
    LocalBonusSchemeFactory(name="Prime terminée", valid_until="2025-12-31", valid_from="2025-01-01")
    authority_client = member_client(client, mine.authority, Role.READ_ONLY)
    html = unescape(authority_client.get(reverse("www:bonus_schemes")).content.decode())
    assert "Prime de Grand Chambéry" in html and "Prime d'ailleurs" in html
    assert "Prime terminée" not in html
    assert reverse("www:bonus_scheme_edit", args=[mine.pk]) in html
    assert reverse("www:bonus_scheme_edit", args=[other.pk]) not in html


def test_schemes_page_queries_are_constant(client, operator, django_assert_num_queries):
    officer = member_client(client, operator, Role.CAPTATION_OFFICER)
    LocalBonusSchemeFactory()
    LocalBonusSchemeFactory(for_commune=True)
    page_queries(officer, reverse("www:bonus_schemes"), django_assert_num_queries, 5)
    for _ in range(3):
        LocalBonusSchemeFactory(authority=LocalAuthorityFactory())
    page_queries(officer, reverse("www:bonus_schemes"), django_assert_num_queries, 5)


def test_a_local_authority_adds_its_own_scheme(client):
    authority = LocalAuthorityFactory(name="Grand Chambéry (test)")
    authority.territory_epcis.add(GRAND_CHAMBERY)
    authority_client = member_client(client, authority, Role.READ_ONLY)
    form = {
        "name": "Prime Louer Solidaire",
        "epci": GRAND_CHAMBERY,
        "amount": "1 500",
        "for_mandat_gestion": "on",
        "for_loc2": "on",
        "for_loc3": "on",
        "valid_from": "2026-01-01",
    }
    response = authority_client.post(reverse("www:bonus_scheme_create"), form)
    assert response.status_code == 302
    scheme = LocalBonusScheme.objects.get()
    assert (scheme.authority, scheme.epci_id, str(scheme.amount)) == (authority, GRAND_CHAMBERY, "1500.00")
    assert JournalEntry.objects.get().organisation_id == authority.pk


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"epci": "", "commune": ""}, "Choisissez une commune ou un EPCI."),
        ({"commune": "38185"}, "Choisissez une commune ou un EPCI, pas les deux."),
        (
            {"epci": "", "commune": "38185"},
            "Cette commune n'est pas dans le territoire de Grand Chambéry (test).",
        ),
        ({"amount": "abc"}, "Saisissez un nombre."),
        ({"amount": "0"}, "Le montant de la prime doit être comprise entre 1 € et 100\u202f000 €."),
        ({"valid_until": "2025-01-01"}, "La fin de validité ne peut pas précéder son début."),
        ({"for_mandat_gestion": ""}, "Cochez au moins un mode de gestion."),
    ],
)
def test_a_bad_scheme_gets_a_french_message(client, changes, message):
    authority = LocalAuthorityFactory(name="Grand Chambéry (test)")
    authority.territory_epcis.add(GRAND_CHAMBERY)
    authority_client = member_client(client, authority, Role.READ_ONLY)
    form = {
        "name": "Prime",
        "epci": GRAND_CHAMBERY,
        "amount": "1500",
        "for_mandat_gestion": "on",
        "for_loc2": "on",
        "valid_from": "2026-01-01",
    }
    response = authority_client.post(reverse("www:bonus_scheme_create"), {**form, **changes})
    assert response.status_code == 400
    assert message in unescape(response.content.decode())
    assert not LocalBonusScheme.objects.exists()


def test_a_stale_scheme_form_is_refused(admin_client):
    scheme = LocalBonusSchemeFactory(version=2)
    form = {
        "name": "Prime",
        "epci": GRAND_CHAMBERY,
        "amount": "1500",
        "for_mandat_gestion": "on",
        "for_loc2": "on",
        "valid_from": "2026-01-01",
        "version": "1",
        "authority": scheme.authority_id,
    }
    response = admin_client.post(reverse("www:bonus_scheme_edit", args=[scheme.pk]), form)
    assert response.status_code == 400
    assert "a été modifié depuis l'ouverture de ce formulaire" in unescape(response.content.decode())
    scheme.refresh_from_db()
    assert scheme.name != "Prime"
