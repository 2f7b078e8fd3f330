"""The funding page (figures, French formats, exports, constant queries) and the subsidy form (bad input →
400 with French messages and the typed values kept, stale edit refused, journaled)."""

import csv
import io
from datetime import date
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from clef.funding.models import Subsidy
from clef.journal.models import JournalEntry
from tests.factories.funding import SubsidyFactory
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.stays import StayFactory
from tests.www.funding.conftest import login_as
from tests.www.queries import page_queries


def _seed(world, year=2025):
    StayFactory(household=HouseholdFactory(organisation=world.operator, couple=True))  # 365 / 730 days
    SubsidyFactory(organisation=world.operator, year=year)  # 100 000 €


def test_the_page_shows_the_figures_in_french(client, world):
    _seed(world)
    login_as(client, world, "ddets")
    text = client.get(reverse("www:funding") + "?annee=2025").content.decode()
    assert "100\u202f000,00\u00a0€" in text  # the subsidy
    assert "136,99\u00a0€" in text  # 100 000 / 730 per person-day
    assert "6,00\u00a0€" in text  # the reference cost (setting)
    assert "730" in text


def test_the_page_runs_a_constant_number_of_queries(client, world, django_assert_num_queries):
    _seed(world)
    login_as(client, world, "dreets")
    page_queries(client, reverse("www:funding") + "?annee=2025", django_assert_num_queries, 7)
    for n in range(3):
        operator = OrganisationFactory(name=f"Autre {n}")
        StayFactory(household=HouseholdFactory(organisation=operator))
        SubsidyFactory(organisation=operator, year=2025)
    page_queries(client, reverse("www:funding") + "?annee=2025", django_assert_num_queries, 7)


def test_exports_carry_the_same_figures(client, world):
    _seed(world)
    login_as(client, world, "director")
    response = client.get(reverse("www:funding") + "?annee=2025&format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Structure" and rows[1][0] == "Toit Rhône"
    assert rows[1][4] == "100000,0" and rows[1][6] == "730" and rows[1][8] == "136,99"
    assert rows[-1][0] == "Total"
    response = client.get(reverse("www:funding") + "?annee=2025&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A3"].value == "Toit Rhône" and sheet["I3"].value == 136.99
    assert client.get(reverse("www:funding") + "?format=pdf").status_code == 404


def test_a_subsidy_is_entered_and_journaled(client, world):
    login_as(client, world, "ddets")
    url = reverse("www:subsidy_edit", args=[world.operator.pk, 2026])
    response = client.post(
        url,
        {
            "captation_amount": "12500,50",
            "gla_amount": "40000",
            "support_amount": "7500",
            "granted_on": "2026-03-15",
        },
    )
    assert response.status_code == 302
    subsidy = Subsidy.objects.get()
    assert (subsidy.captation_amount, subsidy.granted_on) == (Decimal("12500.50"), date(2026, 3, 15))
    assert JournalEntry.objects.filter(
        organisation=world.operator, action=JournalEntry.Action.CREATE
    ).exists()


def test_bad_input_is_refused_in_french_and_kept(client, world):
    login_as(client, world, "director")
    url = reverse("www:subsidy_edit", args=[world.operator.pk, 2026])
    response = client.post(
        url,
        {"captation_amount": "beaucoup", "gla_amount": "99999999", "support_amount": "-3", "granted_on": "x"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Saisissez un montant en euros" in text
    assert "part de subvention doit être comprise entre 0 € et 10\u202f000\u202f000 €" in text
    assert "Saisissez une date valide, par exemple 15/03/2026." in text
    assert 'value="beaucoup"' in text and 'value="-3"' in text
    assert not Subsidy.objects.exists()


def test_a_stale_or_versionless_edit_writes_nothing(client, world):
    subsidy = SubsidyFactory(organisation=world.operator, year=2026)
    login_as(client, world, "director")
    url = reverse("www:subsidy_edit", args=[world.operator.pk, 2026])
    data = {"captation_amount": "1", "gla_amount": "1", "support_amount": "1", "granted_on": ""}
    assert client.post(url, data).status_code == 400  # no version: refused
    response = client.post(url, {**data, "version": "9"})
    assert response.status_code == 400
    assert "a été modifié depuis" in response.content.decode()
    subsidy.refresh_from_db()
    assert subsidy.captation_amount == Decimal("30000.00")
    assert client.post(url, {**data, "version": "1"}).status_code == 302


def test_the_chart_draws_each_operator_cost_beside_the_reference(client, world):
    _seed(world)
    login_as(client, world, "dreets")
    text = client.get(reverse("www:funding") + "?annee=2025").content.decode()
    assert 'data-testid="graphique-financement"' in text
    assert "<title>Financement de la mesure 2025 — Clef" in text  # the scripts stay out of the title
    chart = text[text.index("<bar-chart") : text.index("</bar-chart>")]
    assert "Toit Rhône" in chart and "136.99" in chart and "6.0" in chart  # the values, one series each
    assert "Coût de référence" in chart and 'horizontal="true"' in chart
    assert 'aria-hidden="true"' in text and "DSFRChart.js" in text
    # The table stays the accessible alternative, with the same figure in French.
    assert "136,99\u00a0€" in text[text.index('data-testid="financement-table"') :]


def test_without_any_day_supported_there_is_no_chart(client, world):
    SubsidyFactory(organisation=world.operator, year=2025)  # a subsidy, no stay: no cost per day
    login_as(client, world, "dreets")
    text = client.get(reverse("www:funding") + "?annee=2025").content.decode()
    assert "graphique-financement" not in text and "<bar-chart" not in text and "DSFRChart.js" not in text
    assert "Toit Rhône" in text
