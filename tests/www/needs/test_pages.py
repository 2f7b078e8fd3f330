"""The needs, targets and territory pages: what they show, their exports (same figures), the forms, the
query counts."""

import csv
import io
import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from clef.dwellings.enums import ManagementMode, Typology
from clef.journal.models import JournalEntry
from clef.needs.models import CaptationTarget, NeedDeclaration
from clef.needs.services import Cell, declare_needs
from tests.factories.accounts import UserFactory
from tests.factories.dwellings import DwellingFactory
from tests.factories.needs import METROPOLE_DE_LYON, CaptationTargetFactory
from tests.factories.organisations import OrganisationFactory
from tests.www.needs.conftest import login_as
from tests.www.queries import page_queries


@pytest.fixture
def rhone(world):
    """On the day: 12 T2 households waiting in the Métropole de Lyon, 3 T1 not broken down; 2 T2 in the park,
    both vacant; 1 T3 in Villeurbanne, mandate, entered this year."""
    today = timezone.localdate()
    cells = [Cell(METROPOLE_DE_LYON, "T2", 12), Cell(None, "T1", 3)]
    declare_needs(siao=world.siao, as_of=today, cells=cells, acting_user=UserFactory())
    DwellingFactory.create_batch(2, organisation=world.operator)
    DwellingFactory(
        organisation=world.operator,
        commune_id="69266",
        typology=Typology.T3,
        management_mode=ManagementMode.MANDAT_GESTION,
        entry_date=date(today.year, 1, 2),
    )
    return world


def test_the_needs_page_shows_each_line_and_the_chart(client, rhone):
    login_as(client, rhone, "ddets")
    response = client.get(reverse("www:needs"))
    lines = {(line["epci"], line["typology"]): line for line in response.context["lines"]}
    t2 = lines[("Métropole de Lyon", "T2")]
    assert (t2["declared"], t2["waiting"], t2["park"], t2["vacant"], t2["gap"]) == (12, 12, 2, 2, 10)
    assert lines[("Hors EPCI ou non ventilé", "T1 (studio, T1 bis)")]["declared"] == 3
    assert not response.context["masked"]
    content = response.content.decode()
    assert "Ménages en attente et offre par typologie" in content and 'data-testid="besoins-table"' in content


def test_an_operator_reads_household_counts_under_5_as_secret(client, rhone):
    login_as(client, rhone, "director")
    response = client.get(reverse("www:needs"))
    lines = {(line["epci"], line["typology"]): line for line in response.context["lines"]}
    assert lines[("Hors EPCI ou non ventilé", "T1 (studio, T1 bis)")]["declared"] == "secret"
    assert lines[("Métropole de Lyon", "T2")]["declared"] == 12
    assert lines[("Métropole de Lyon", "T3")]["park"] == 1  # dwellings are never secret
    assert "Secret statistique" in response.content.decode()


def test_the_filters_narrow_the_lines(client, rhone):
    login_as(client, rhone, "siao_agent")
    response = client.get(reverse("www:needs"), {"epci": "hors"})
    assert [line["typology"] for line in response.context["lines"]] == ["T1 (studio, T1 bis)"]
    response = client.get(reverse("www:needs"), {"epci": "pas-un-code"})  # ignored, never a 500
    assert response.status_code == 200 and len(response.context["lines"]) == 3


def test_the_needs_exports_hold_the_page_figures(client, rhone):
    login_as(client, rhone, "ddets")
    xlsx = client.get(reverse("www:needs"), {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:4] == (
        "Département",
        "Intercommunalité (EPCI)",
        "Typologie",
        "Ménages en attente déclarés par le SIAO",
    )
    assert ("69 – Rhône", "Métropole de Lyon", "T2", 12, 0, 12, 2, 2, 0, 10) in rows
    text = client.get(reverse("www:needs"), {"format": "csv"}).content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert (
        len(table[0]) == 10
        and ["69 – Rhône", "Métropole de Lyon", "T2", "12", "0", "12", "2", "2", "0", "10"] in table
    )
    assert client.get(reverse("www:needs"), {"format": "docx"}).status_code == 404


def test_needs_page_query_count_is_constant(client, rhone, django_assert_num_queries):
    login_as(client, rhone, "ddets")
    page_queries(client, reverse("www:needs"), django_assert_num_queries, 13)
    DwellingFactory.create_batch(
        3, commune_id="69264", typology=Typology.T4
    )  # another EPCI, another typology
    page_queries(client, reverse("www:needs"), django_assert_num_queries, 13)


def test_the_siao_declares_its_grid_from_the_page(client, world):
    login_as(client, world, "siao_agent")
    page = client.get(reverse("www:needs_declare"))
    assert "n_200046977_T2" in page.content.decode() and "n_200069110_T2" not in page.content.decode()
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("www:needs_declare"), {"as_of": today, "n_200046977_T2": "7", "n_hors_T5plus": "0"}
    )
    assert response.status_code == 302
    assert set(NeedDeclaration.objects.values_list("epci_id", "typology", "households_waiting")) == {
        (METROPOLE_DE_LYON, "T2", 7),
        (None, "T5+", 0),
    }
    again = client.get(reverse("www:needs_declare"))
    assert again.context["form"]["n_200046977_T2"].value() == 7  # the grid starts from the latest one


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"n_200046977_T2": "-1"}, "supérieure ou égale à 0"),
        ({"n_200046977_T2": "100001"}, "inférieure ou égale à 100000"),
        ({}, "Indiquez au moins un nombre"),
        ({"n_200046977_T2": "1", "as_of": "2099-01-01"}, "dans le futur"),
        ({"n_200046977_T2": "1", "as_of": "pas une date"}, "Saisissez une date valide"),
    ],
)
def test_a_wrong_grid_is_refused_in_french(client, world, data, message):
    login_as(client, world, "siao_agent")
    response = client.post(reverse("www:needs_declare"), {"as_of": timezone.localdate().isoformat()} | data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not NeedDeclaration.objects.exists()


def test_the_targets_page_shows_progress_and_totals(client, rhone):
    year = timezone.localdate().year
    CaptationTargetFactory(organisation=rhone.operator, year=year, new_dwellings=4)
    login_as(client, rhone, "ddets")
    response = client.get(reverse("www:targets"), {"annee": year})
    kinds = [
        (kind, line["name"], line["target"], line["new"], line["achievement"])
        for kind, line in response.context["lines"]
    ]
    assert kinds == [
        ("structure", "Toit Rhône", 4, 1, 25.0),
        ("departement", "Total 69 – Rhône", 4, 1, 25.0),
        ("total", "Total", 4, 1, 25.0),
    ]
    assert response.context["lines"][0][1]["mandat_pct"] == 100.0
    assert "Fixer l'objectif" not in response.content.decode() and "Modifier" in response.content.decode()


def test_an_operator_reads_only_its_own_targets_and_sets_none(client, rhone):
    login_as(client, rhone, "other_operator")
    response = client.get(reverse("www:targets"))
    assert [line["name"] for kind, line in response.context["lines"] if kind == "structure"] == ["Toit Isère"]
    assert not response.context["can_set"] and "Modifier" not in response.content.decode()


def test_the_targets_exports(client, rhone):
    year = timezone.localdate().year
    CaptationTargetFactory(organisation=rhone.operator, year=year, new_dwellings=4)
    login_as(client, rhone, "dreets")
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("www:targets"), {"annee": year, "format": "xlsx"}).content)
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert ("Toit Rhône", 4, 1, 25.0) in [row[:4] for row in rows]
    text = client.get(reverse("www:targets"), {"annee": year, "format": "csv"}).content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert table[0][0] == "Structure" and ["Toit Rhône", "4", "1", "25,0"] in [row[:4] for row in table]


def test_targets_page_query_count_is_constant(client, rhone, django_assert_num_queries):
    login_as(client, rhone, "dreets")
    page_queries(client, reverse("www:targets"), django_assert_num_queries, 7)
    year = timezone.localdate().year
    for operator in OrganisationFactory.create_batch(3):
        CaptationTargetFactory(organisation=operator, year=year)
        DwellingFactory(organisation=operator, entry_date=date(year, 1, 5))
    page_queries(client, reverse("www:targets"), django_assert_num_queries, 7)


def test_a_coordinator_sets_then_changes_a_target(client, world):
    login_as(client, world, "ddets")
    url = reverse("www:target_edit", args=[world.operator.pk, 2026])
    form = client.get(url).context["form"]
    assert form["mandate_share_percent"].value() == 50 and form["private_share_percent"].value() == 100
    data = {"new_dwellings": 12, "mandate_share_percent": 50, "private_share_percent": 100}
    assert client.post(url, data).status_code == 302
    target = CaptationTarget.objects.get()
    assert (target.organisation, target.year, target.new_dwellings) == (world.operator, 2026, 12)
    assert client.post(url, data | {"new_dwellings": 15}).status_code == 400  # no version: refused
    assert client.post(url, data | {"new_dwellings": 15, "version": 1}).status_code == 302
    stale = client.post(url, data | {"new_dwellings": 20, "version": 1})
    assert stale.status_code == 400 and "a été modifié depuis" in stale.content.decode()
    target.refresh_from_db()
    assert (target.new_dwellings, target.version) == (15, 2)
    assert (
        JournalEntry.objects.filter(
            organisation=world.operator, content_type__model="captationtarget"
        ).count()
        == 2
    )


def test_the_target_form_has_the_dsfr_markup_each_label_before_its_input(client, world):
    login_as(client, world, "ddets")
    content = client.get(reverse("www:target_edit", args=[world.operator.pk, 2026])).content.decode()
    groups = re.findall(r'<div class="fr-input-group">(.*?)</div>', content, re.S)
    names = ("new_dwellings", "mandate_share_percent", "private_share_percent", "comments")
    assert len(groups) == len(names)
    for name, group in zip(names, groups, strict=True):  # one group per field, its label then its input
        label = re.search(rf'<label for="id_{name}" class="fr-label">', group)
        field = re.search(rf'<(input|textarea)[^>]*class="fr-input"[^>]*id="id_{name}"', group)
        assert label and field and label.start() < field.start(), name


def test_a_target_out_of_bounds_is_refused_in_french(client, world):
    login_as(client, world, "ddets")
    url = reverse("www:target_edit", args=[world.operator.pk, 2026])
    response = client.post(
        url, {"new_dwellings": 10_001, "mandate_share_percent": 101, "private_share_percent": 50}
    )
    assert response.status_code == 400
    assert "entre 0 et 10" in response.content.decode() and "pourcentage" in response.content.decode()


def test_the_territory_page_and_its_pdf(client, world):
    login_as(client, world, "local_authority")
    response = client.get(reverse("www:territory"), {"annee": 2025})
    assert response.context["figures"].year == 2025 and "Grand Chambéry" in response.content.decode()
    assert "Mon territoire" in response.content.decode()  # the menu entry of a local authority
    pdf = client.get(reverse("www:territory"), {"annee": 2025, "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("www:territory"), {"annee": "n'importe quoi"}).status_code == 200


def test_the_territory_page_opens_on_the_current_year_and_dates_its_park_today(client, world):
    login_as(client, world, "local_authority")
    today = timezone.localdate()
    response = client.get(reverse("www:territory"))
    assert response.context["figures"].year == today.year
    assert f"Logements dans le parc au {today:%d/%m/%Y}" in response.content.decode()
    past = client.get(reverse("www:territory"), {"annee": 2025}).content.decode()
    assert "Logements dans le parc au 31/12/2025" in past


def test_the_targets_table_dates_its_park_column(client, rhone):
    login_as(client, rhone, "ddets")
    today = timezone.localdate()
    assert f"Parc au {today:%d/%m/%Y}</th>" in client.get(reverse("www:targets")).content.decode()
    past = client.get(reverse("www:targets"), {"annee": 2025, "format": "csv"}).content.decode("utf-8-sig")
    assert "Parc au 31/12/2025" in past.splitlines()[0]


def test_territory_page_query_count(client, world, django_assert_num_queries):
    login_as(client, world, "platform")
    page_queries(client, reverse("www:territory"), django_assert_num_queries, 12)


@pytest.mark.parametrize(
    ("persona", "besoins", "objectifs", "territoire"),
    [
        ("siao_agent", True, False, False),
        ("siao_read_only", True, False, False),
        ("director", False, False, False),  # « Captation » menu
        ("ddets", False, True, False),
        ("ddets_read_only", False, True, False),
        ("dreets", False, True, False),
        ("platform_admin", False, True, False),
        ("local_authority", False, False, True),
        ("platform", False, False, False),  # « Captation » menu
    ],
)
def test_the_menu_entries_of_the_needs_area(client, world, persona, besoins, objectifs, territoire):
    login_as(client, world, persona)
    content = client.get(reverse("www:home")).content.decode()
    assert (">Besoins</a></li>" in content) is besoins
    assert (">Captation : besoins et objectifs</a></li>" in content) is objectifs
    assert (">Mon territoire</a></li>" in content) is territoire
    if objectifs:  # the targets one click away from the needs page
        assert f'href="{reverse("www:targets")}"' in client.get(reverse("www:needs")).content.decode()
