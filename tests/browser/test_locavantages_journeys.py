"""Loc'Avantages journeys in a real browser (axe-core checks every page): a captation officer simulates an
owner's dwelling from a lead and downloads the PDF for the owner; the platform administrator loads the
year's ceilings (a bad file first, refused line by line)."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from clef.locavantages.models import RentCeiling
from clef.organisations.models import OrganisationKind, Role
from tests.browser.test_journeys import login
from tests.factories.captation import LeadFactory
from tests.factories.locavantages import LocalBonusSchemeFactory, ceilings
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.transactional import REGISTER_APPS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)]


def test_captation_officer_simulates_a_lead_and_downloads_the_pdf(live_server, page, shot, tmp_path):
    operator = OrganisationFactory(name="Clé Solidaire de l'Isère")
    user = MembershipFactory(organisation=operator, role=Role.CAPTATION_OFFICER).user
    ceilings(year=date.today().year, sample=True)  # Chambéry: 10 / 8 / 6 €/m², sample values
    LocalBonusSchemeFactory(name="Prime Louer Solidaire", valid_from=date(2022, 1, 1))
    lead = LeadFactory(
        landlord__organisation=operator,
        offered_dwelling__commune_id="73065",
        offered_dwelling__surface_m2=Decimal("50"),
        offered_dwelling__annexes_m2=Decimal("6"),
        offered_dwelling__rent_asked=Decimal("600"),
        offered_dwelling__available_from=date.today(),
    )

    login(page, live_server, user.email)
    page.goto(f"{live_server.url}/captation/simulation/?dossier={lead.pk}")
    page.get_by_text(f"Pré-rempli depuis le dossier de captation n° {lead.pk}").wait_for()
    assert page.get_by_label("Surface habitable (m²)").input_value() == "50,0"
    shot("1-formulaire-pre-rempli")
    page.get_by_role("button", name="Simuler").click()

    page.get_by_role("heading", name="Valeurs d'exemple").wait_for()
    table = page.get_by_test_id("tableau-simulation")
    assert "561,80" in table.get_by_test_id("ligne-loc1_direct").inner_text()  # 10 × 53 × 1,06
    assert "10 673,06" in table.get_by_test_id("ligne-loc2_iml").inner_text().replace("\u202f", " ")
    assert (
        "Possible seulement avec l'intermédiation locative"
        in table.get_by_test_id("ligne-loc3_direct").inner_text()
    )
    page.get_by_role("button", name="Données du graphique « Revenu net de la première année »").click()
    page.locator("#donnees-net").get_by_text("Loc2 (social), avec intermédiation locative").wait_for()
    shot("2-resultat")

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le PDF pour le propriétaire").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == f"simulation-loc-avantages-73065-{date.today().year}.pdf"
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(path.read_bytes())).pages).replace(
        "\u202f", " "
    )
    assert "561,80" in text and "Valeurs d'exemple" in text


def test_platform_administrator_loads_the_ceilings_file(live_server, page, shot, tmp_path):
    state = OrganisationFactory(
        kind=OrganisationKind.STATE,
        name="DREETS (test)",
        region_id="84",
        head_office_department_id=None,
        competence="regionale",
    )
    user = MembershipFactory(organisation=state, role=Role.PLATFORM_ADMIN).user
    bad = tmp_path / "plafonds-faux.csv"
    bad.write_text("annee;code_commune;niveau;plafond_m2\n2026;73065;loc1;10,5\n2026;73065;loc7;8\n", "utf-8")
    good = tmp_path / "plafonds-2026.csv"
    good.write_text("annee;code_commune;niveau;plafond_m2;source\n2026;73065;loc1;10,5;Arrêté\n", "utf-8")

    login(page, live_server, user.email)
    page.goto(f"{live_server.url}/captation/simulation/plafonds/")
    page.get_by_label("Fichier des plafonds (CSV)").set_input_files(str(bad))
    page.get_by_role("button", name="Charger les plafonds").click()
    page.get_by_text(
        "plafonds-faux.csv, ligne 3, colonne « niveau » (valeur « loc7 »)", exact=False
    ).wait_for()
    assert not RentCeiling.objects.exists()
    shot("1-fichier-refuse")

    page.get_by_label("Fichier des plafonds (CSV)").set_input_files(str(good))
    page.get_by_role("button", name="Charger les plafonds").click()
    page.get_by_text("plafonds-2026.csv chargé (2026) : 1 plafonds ajoutés").wait_for()
    assert RentCeiling.objects.get().eur_per_m2 == Decimal("10.50")
    shot("2-fichier-charge")
