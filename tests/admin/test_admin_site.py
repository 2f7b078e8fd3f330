"""The admin site in French: titles, labels, the commune as a search box, every field labelled."""

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from clef.territories.models import Commune
from tests.factories.accounts import UserFactory
from tests.factories.organisations import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    client.user = user
    return client


class Fields(HTMLParser):
    """The form controls of a page and the labels that name them."""

    def __init__(self):
        super().__init__()
        self.controls, self.labelled, self.options = [], set(), 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self.labelled.add(attrs["for"])
        elif tag == "option":
            self.options += 1
        elif tag in {"input", "select", "textarea"} and attrs.get("type") not in {
            "hidden",
            "submit",
            "button",
        }:
            self.controls.append(attrs)

    def unlabelled(self) -> list[str]:
        return [
            c.get("name") or c.get("id") or str(c)
            for c in self.controls
            if c.get("id") not in self.labelled
            and not c.get("aria-label")
            and not c.get("aria-labelledby")
            and not c.get("title")
        ]


def parse(response) -> Fields:
    assert response.status_code == 200
    fields = Fields()
    fields.feed(response.content.decode())
    return fields


def text(response) -> str:
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_admin_site_is_titled_in_french(admin_client):
    page = text(admin_client.get(reverse("admin:index")))
    assert "<title>Tableau de bord de l'administration | Administration de Clef</title>" in page
    assert "Clef — administration de la plateforme" in page


def test_commune_field_is_a_search_box_not_a_select_of_every_commune(admin_client):
    arrondissement = Commune.objects.get(code="69383")  # Lyon 3e, attached to Lyon
    response = admin_client.get(reverse("admin:territories_commune_change", args=[arrondissement.pk]))
    fields = parse(response)
    parent = next(c for c in fields.controls if c.get("name") == "parent")
    assert "admin-autocomplete" in parent["class"]
    # Only the chosen values are in the page (one option per autocomplete, plus the type's two).
    assert fields.options < 20


def test_commune_search_ignores_accents_and_puts_large_communes_first(admin_client):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "saint etienne",
            "app_label": "territories",
            "model_name": "commune",
            "field_name": "parent",
        },
    )
    assert response.status_code == 200
    first = response.json()["results"][0]
    assert first == {"id": "42218", "text": "Saint-Étienne (42)"}


def labels(page: str) -> set[str]:
    return {label.strip(" :\xa0") for label in re.findall(r"<label[^>]*>([^<]+)</label>", page)}


def test_labels_are_french_where_the_model_gives_none(admin_client):
    page = text(admin_client.get(reverse("admin:territories_commune_change", args=["69383"])))
    assert {"Département", "Région", "EPCI", "Commune (d'un arrondissement municipal)"} <= labels(page)
    assert not {"Department", "Region", "Epci", "Parent"} & labels(page)
    organisation = MembershipFactory(user=admin_client.user).organisation
    page = text(admin_client.get(reverse("admin:organisations_organisation_change", args=[organisation.pk])))
    assert 'aria-label="Utilisateur"' in page and "Created at" not in page
    device = TOTPDevice.objects.create(user=admin_client.user, name="Téléphone", confirmed=True)
    page = text(admin_client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])))
    assert {"Utilisateur", "Nom", "Activé", "Nombre de chiffres"} <= labels(page)
    assert "Identité" in page and "Identity" not in page
    listing = text(admin_client.get(reverse("admin:otp_totp_totpdevice_changelist")))
    assert "Dernière utilisation" in listing and "Last used" not in listing


def test_commune_list_columns_and_filters_are_french(admin_client):
    page = text(admin_client.get(reverse("admin:territories_commune_changelist"), {"q": "lyon"}))
    assert ">Département<" in page and "Department" not in page
    assert "Par région" in page and "Par region" not in page


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_every_field_of_every_admin_form_has_a_label(admin_client, model):
    model_admin = admin.site._registry[model]
    MembershipFactory(user=admin_client.user)
    info = (model._meta.app_label, model._meta.model_name)
    if model_admin.has_add_permission(admin_client.get("/").wsgi_request):
        url = reverse("admin:{}_{}_add".format(*info))
    else:  # read-only records (login attempts, background tasks): their list, search and filters
        url = reverse("admin:{}_{}_changelist".format(*info))
    assert parse(admin_client.get(url)).unlabelled() == []


def test_rows_of_inline_tables_and_empty_search_boxes_are_named(admin_client):
    organisation = MembershipFactory(user=admin_client.user).organisation
    response = admin_client.get(reverse("admin:organisations_organisation_change", args=[organisation.pk]))
    fields = parse(response)
    assert fields.unlabelled() == []
    delete = next(c for c in fields.controls if c.get("name") == "memberships-0-DELETE")
    assert delete["aria-label"] == "Supprimer cette ligne"
    region = next(c for c in fields.controls if c.get("name") == "region")
    assert region["data-placeholder"] == "Région"  # select2 shows it, and names its box with it


def test_admin_search_box_has_a_visible_label(admin_client):
    page = text(admin_client.get(reverse("admin:territories_commune_changelist")))
    assert re.search(r'<label for="searchbar"><img [^>]*alt=""> Rechercher</label>', page)


def test_the_platform_administrator_keeps_the_relay_directory(admin_client):
    """The seeded relay directory (national entries) is edited in the administration, in French."""
    from clef.support.models import RelayResource

    listing = text(admin_client.get(reverse("admin:support_relayresource_changelist")))
    assert "3114" in listing
    entry = RelayResource.objects.filter(organisation=None).order_by("pk").first()
    page = text(admin_client.get(reverse("admin:support_relayresource_change", args=[entry.pk])))
    assert "Catégorie" in page and "Description" in page
