"""The footer links to the application's own legal pages, open to everybody."""

from html import unescape

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = {
    "www:legal_notice": "Mentions légales",
    "www:personal_data": "Données personnelles",
    "www:accessibility": "Déclaration d'accessibilité",
}


def text(response) -> str:
    assert response.status_code == 200
    return unescape(response.content.decode())


@pytest.mark.parametrize("name", PAGES)
def test_footer_pages_are_public(client, name):
    page = text(client.get(reverse(name)))
    assert f"<h1>{PAGES[name]}</h1>" in page


@pytest.mark.parametrize("page_name", ["accounts:login", "www:legal_notice"])
def test_footer_links_to_the_three_pages(client, page_name):
    page = text(client.get(reverse(page_name)))
    for name in PAGES:
        assert f'href="{reverse(name)}"' in page
    assert "docs/rgpd.md" not in page


def test_signed_in_member_sees_the_footer_pages_too(director_client):
    page = text(director_client.get(reverse("www:personal_data")))
    assert "Seuls les membres de la structure qui accompagne le ménage voient ses données" in page


def test_operator_details_come_from_the_settings(client, settings):
    settings.LEGAL_PUBLISHER = "DREETS Auvergne-Rhône-Alpes"
    settings.LEGAL_PUBLICATION_DIRECTOR = "Le directeur régional"
    settings.LEGAL_HOST = "Hébergeur Exemple, 1 rue de l'Exemple, 69000 Lyon"
    settings.LEGAL_CONTACT_EMAIL = "clef@exemple.gouv.fr"
    page = text(client.get(reverse("www:legal_notice")))
    assert "est édité par DREETS Auvergne-Rhône-Alpes" in page
    assert "Le directeur régional" in page and "Hébergeur Exemple, 1 rue de l'Exemple, 69000 Lyon" in page
    assert '<a href="mailto:clef@exemple.gouv.fr">' in page
    assert "non renseigné" not in page


def test_missing_operator_details_are_said_so(client, settings):
    settings.LEGAL_PUBLISHER = settings.LEGAL_CONTACT_EMAIL = ""
    page = text(client.get(reverse("www:accessibility")))
    assert "non renseigné par l'exploitant de cette installation" in page
    assert "mailto:" not in page


def test_accessibility_statement_is_honest_about_what_is_tested(client):
    page = text(client.get(reverse("www:accessibility")))
    assert "Clef est non conforme" in page and "aucun audit de conformité" in page  # RGAA: no audit yet
    assert "Un audit est à programmer" in page
    assert "axe-core" in page
    assert "%" not in page  # no conformity rate: none was measured


def test_personal_data_page_gives_the_configured_retention(client, settings):
    settings.HOUSEHOLD_RETENTION_YEARS = 3
    settings.IMPORT_FILE_RETENTION_DAYS = 45
    page = text(client.get(reverse("www:personal_data")))
    assert "supprimés 3 ans après le dernier contact" in page
    assert "supprimé 45 jours après son dépôt" in page
