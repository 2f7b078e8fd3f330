"""The simulation page and its PDF: figures shown as computed by clef.locavantages.simulation, warnings,
French errors for bad input (never a server error), pre-filling from a lead (logged), constant queries."""

import re
from decimal import Decimal
from html import unescape
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from clef.journal.models import AccessLogEntry
from clef.organisations.models import Role
from tests.conftest import member_client
from tests.factories.captation import LeadFactory
from tests.factories.locavantages import LocalBonusSchemeFactory, ceilings
from tests.www.queries import page_queries

pytestmark = pytest.mark.django_db

PARAMS = {
    "commune": "73065",
    "year": "2026",
    "habitable_m2": "50",
    "annexes_m2": "6",
    "market_rent": "600",
    "mode": "mandat_gestion",
    "fee_percent": "7",
}


@pytest.fixture
def officer(client, operator):
    return member_client(client, operator, Role.CAPTATION_OFFICER)


def _query(**changes):
    from urllib.parse import urlencode

    return urlencode(PARAMS | changes)


def test_page_shows_the_worked_example(officer):
    """The figures of tests/locavantages/test_simulation.py (50 m² + 6 m², Chambéry 10/8/6 €/m², 600 €,
    mandate 7 %, Grand Chambéry 1 500 €), in French format."""
    ceilings()
    LocalBonusSchemeFactory(name="Prime Grand Chambéry")
    response = officer.get(reverse("www:simulation") + "?" + _query())
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "53,0\u202f" not in html  # surface shown as 53,0 m²
    assert "53,0 m²" in html and "1,06" in html
    assert "561,80\u00a0€" in html  # Loc1 ceiling
    assert "10\u202f673,06\u00a0€" in html  # Loc2 with IML, first year
    assert "Possible seulement avec l'intermédiation locative." in html
    assert "Prime Grand Chambéry" in html
    assert 'data-testid="valeurs-exemple"' not in html
    assert "Plafond du coefficient 1,2 : valeur à confirmer" in html
    assert "<bar-chart" in html


def test_pdf_button_shows_its_label_not_only_its_icon(officer):
    """In a plain `fr-btns-group` the DSFR shows an icon button as a 40×40 icon, its label hidden: the group
    says where the icon goes (`fr-btns-group--icon-left`)."""
    ceilings()
    html = officer.get(reverse("www:simulation") + "?" + _query()).content.decode()
    group = re.search(
        r'<ul class="([^"]*)">\s*<li><a [^>]*data-testid="telecharger-pdf"[^>]*>([^<]+)</a>', html
    )
    assert group is not None
    assert "fr-btns-group--icon-left" in group[1].split()
    assert group[2] == "Télécharger le PDF pour le propriétaire"


def test_sample_values_are_announced(officer):
    ceilings(sample=True)
    html = officer.get(reverse("www:simulation") + "?" + _query()).content.decode()
    assert 'data-testid="valeurs-exemple"' in html and "Valeurs d'exemple" in html


def test_no_ceiling_for_the_commune_and_year_is_said(officer):
    html = officer.get(reverse("www:simulation") + "?" + _query(year="2030")).content.decode()
    assert "Aucun plafond chargé pour cette commune et cette année" in html


def test_empty_page_proposes_the_operators_fee_and_this_year(officer):
    html = officer.get(reverse("www:simulation")).content.decode()
    assert 'value="7,00"' in html  # practice_for(…).management_fee_percent, default
    assert 'data-testid="resultat"' not in html


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"habitable_m2": "0"}, "La surface doit être comprise entre 1 m² et 1\u202f000 m²."),
        ({"habitable_m2": "abc"}, "Saisissez un nombre."),
        ({"annexes_m2": "-3"}, "La surface des annexes doit être comprise entre 0 m² et 1\u202f000 m²."),
        ({"market_rent": "99999"}, "La valeur du loyer doit être comprise entre 0 € et 10\u202f000 €."),
        (
            {"fee_percent": "35"},
            "La part des honoraires doit être comprise entre 0 pour cent et 20 pour cent.",
        ),
        ({"year": "2019"}, "L'année du plafond doit être comprise entre 2022 et 2100."),
        ({"year": "1e9"}, "Saisissez une année"),
        ({"commune": "Nulle-Part-Sur-Mer"}, "Commune introuvable ou ambiguë"),
        ({"mode": "location"}, "Sélectionnez un choix valide"),
        ({"habitable_m2": "1" * 40}, "chiffres"),
    ],
)
def test_bad_input_gets_a_french_message(officer, changes, message):
    response = officer.get(reverse("www:simulation") + "?" + _query(**changes))
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert message in html
    assert 'data-testid="resultat"' not in html


def test_decimal_comma_is_accepted(officer):
    ceilings()
    response = officer.get(
        reverse("www:simulation") + "?" + _query(habitable_m2="49,5", market_rent="600,50")
    )
    assert 'data-testid="resultat"' in response.content.decode()


def test_pdf_is_a_real_pdf_with_the_figures(officer):
    ceilings(sample=True)
    response = officer.get(reverse("www:simulation_pdf") + "?" + _query())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="simulation-loc-avantages-73065-2026.pdf"' in response["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    for figure in ("561,80", "449,44", "337,08", "7 752,84", "9 173,06", "Valeurs d'exemple", "Chambéry"):
        assert figure in text.replace("\u202f", " ").replace("\u00a0", " "), figure
    assert "valeur à confirmer" in text


def test_pdf_hypotheses_are_aligned(officer):
    """The hypotheses' labels all start at the left margin and their values in one column (a label on two
    lines, « Loyer que vous demandez », pushed « Mode de gestion » and its value to the right)."""
    ceilings()
    response = officer.get(reverse("www:simulation_pdf") + "?" + _query())
    starts: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        starts.setdefault(text.strip(), round(tm[4] * cm[0] + cm[4], 1))

    PdfReader(BytesIO(response.content)).pages[0].extract_text(visitor_text=visit)
    labels = ["Commune", "Surface habitable", "Coefficient de surface", "Mode de gestion"]
    assert len({starts[label] for label in labels}) == 1, starts
    values = [text for text in starts if text.startswith(("Chambéry (73065)", "Mandat de gestion ;"))]
    assert len(values) == 2 and starts[values[0]] == starts[values[1]], starts


def test_pdf_with_bad_input_goes_back_to_the_form(officer):
    response = officer.get(reverse("www:simulation_pdf") + "?" + _query(habitable_m2="0"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("www:simulation") + "?")


def test_a_lead_prefills_the_form_and_its_reading_is_logged(officer, operator):
    lead = LeadFactory(
        landlord__organisation=operator,
        offered_dwelling__commune_id="73065",
        offered_dwelling__surface_m2=Decimal("38.5"),
        offered_dwelling__annexes_m2=Decimal("4"),
        offered_dwelling__rent_asked=Decimal("480"),
        preferred_mode="sous_location",
    )
    html = officer.get(reverse("www:simulation") + f"?dossier={lead.pk}").content.decode()
    assert f"Pré-rempli depuis le dossier de captation n° {lead.pk}" in html
    assert 'value="38,5"' in html and 'value="480,00"' in html and "Chambéry (73000) — 73065" in html
    assert '<option value="sous_location" selected>' in html
    entry = AccessLogEntry.objects.get()
    assert (entry.context, entry.subject_type, entry.subject_id) == (
        "proprietaire",
        "captation.lead",
        lead.pk,
    )


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999999"])
def test_a_malformed_lead_number_is_a_404(officer, value):
    assert officer.get(reverse("www:simulation") + f"?dossier={value}").status_code == 404


def test_result_page_queries_are_constant(officer, django_assert_num_queries):
    """Session and membership, the practice settings, the commune, the ceilings, the local schemes."""
    ceilings()
    LocalBonusSchemeFactory()
    LocalBonusSchemeFactory(for_commune=True)
    page_queries(officer, reverse("www:simulation") + "?" + _query(), django_assert_num_queries, 9)


def test_empty_page_queries(officer, django_assert_num_queries):
    page_queries(officer, reverse("www:simulation"), django_assert_num_queries, 5)


def test_year_and_lead_number_are_written_plainly(officer, operator):
    """With the French thousands separator on, 2026 became « 2 026 » and lead 12345 « 12 345 »."""
    ceilings()
    lead = LeadFactory(pk=12345, landlord__organisation=operator)
    html = officer.get(reverse("www:simulation") + f"?dossier=12345&{_query()}").content.decode()
    assert "(2026)</h2>" in html
    assert 'name="dossier" value="12345"' in html and "n° 12345" in html
    assert lead.pk == 12345


ODD_VALUES = [
    "99999",
    "0",
    "-1",
    "abc",
    "99999999999999999999",
    "1e400",
    "9" * 5000,
    "2024\x00",
    "",
    "NaN",
    "Infinity",
]


@pytest.mark.parametrize(
    "field", ["commune", "year", "habitable_m2", "annexes_m2", "market_rent", "fee_percent", "mode"]
)
@pytest.mark.parametrize("value", ODD_VALUES)
def test_odd_values_never_cause_a_server_error(client, operator, field, value):
    officer = member_client(client, operator, Role.CAPTATION_OFFICER)
    officer.raise_request_exception = False
    ceilings()
    for name in ("www:simulation", "www:simulation_pdf"):
        response = officer.get(reverse(name), PARAMS | {field: value})
        assert response.status_code in {200, 302, 400}, (name, field, value)
