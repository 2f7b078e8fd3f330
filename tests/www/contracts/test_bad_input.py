"""Bad input on the contracts forms gets a clear French message on its field (400), never a server
error, and writes nothing."""

import pytest
from django.urls import reverse

from clef.contracts.models import Contract
from tests.www.contracts.test_pages import sign_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value", "form", "error"),
    [
        ("contrat-rent", "10000,01", "contract", "comprise entre 0 € et 10\u202f000 €"),
        ("contrat-rent", "abc", "contract", "Saisissez un nombre."),
        ("contrat-charges", "-1", "contract", "comprise entre 0 € et 5\u202f000 €"),
        (
            "contrat-fee_percent",
            "100,5",
            "contract",
            "(pourcentage des loyers) doit être comprise entre 0 et 100.",
        ),
        ("contrat-signed_on", "2026-02-30", "contract", "Saisissez une date valide."),
        ("contrat-starts_on", "1800-01-01", "contract", "comprise entre 01/01/1900 et 31/12/2100"),
        ("contrat-kind", "bail_commercial", "contract", "Sélectionnez un choix valide."),
        ("contrat-comments", "x" * 1001, "contract", "1000 caractères"),
        ("logement-commune", "99999", "dwelling", ""),
        ("logement-surface_m2", "1e9", "dwelling", ""),
        ("logement-places", "1000", "dwelling", "comprise entre 1 et 100"),
        ("banque-iban", "FR76" + "1" * 60, "bank", ""),
        ("banque-iban", "FR76 3000 6000 0112 3456 7890 188", "bank", "Cet IBAN n'est pas valide"),
        ("banque-bic", "BNP", "bank", "Ce BIC n'est pas valide"),
    ],
)
def test_bad_values_on_the_sign_form(login, world, field, value, form, error):
    data = sign_data(**{"banque-holder": "Claire Bailleur", "banque-iban": "FR7630006000011234567890189"})
    if field == "contrat-fee_percent":
        data["contrat-kind"] = "mandat_gestion"  # a main lease ignores the pre-filled rate
    data[field] = value
    response = login("director").post(reverse("www:lead_sign", args=[world["lead"].pk]), data)
    assert response.status_code == 400
    found = getattr(response.context["forms"], form).errors.as_data().values()
    errors = " ".join(
        message for field_errors in found for error in field_errors for message in error.messages
    )
    assert errors and error in errors
    assert not Contract.objects.filter(lead=world["lead"]).exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("contract_renew", {"renewal_on": "2026-13-01", "version": "1"}),
        ("contract_renew", {"rent": "99999999", "version": "1"}),
        ("contract_renew", {"ends_on": "2030-01-01", "version": str(2**40)}),
        ("contract_end", {"ended_on": "2026-02-01", "end_reason": "volcan", "version": "1"}),
        ("contract_bank_account", {"holder": "x" * 200, "iban": "FR76", "bic": ""}),
        ("contract_edit", {"kind": "mandat_gestion", "signed_on": "2026-01-01", "starts_on": "2025-01-01"}),
    ],
)
def test_bad_values_on_the_contract_forms(login, world, name, data):
    response = login("director").post(reverse(f"www:{name}", args=[world["contract"].pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors
    world["contract"].refresh_from_db()
    assert world["contract"].version == 1


@pytest.mark.parametrize(
    "data",
    [
        {"signed_on": "2019-11-01", "starts_on": "2020-01-01", "version": "1"},  # before the request
        {"signed_on": "2019-12-20", "starts_on": "2020-01-01", "duration_years": "40", "version": "1"},
    ],
)
def test_bad_values_on_the_convention_signature(login, world, data):
    response = login("director").post(reverse("www:convention_sign", args=[world["convention"].pk]), data)
    assert response.status_code == 400 and response.context["form"].errors


def test_an_odd_page_number_on_the_list(login):
    assert login("director").get(reverse("www:contract_list") + "?page=zz").status_code == 200
