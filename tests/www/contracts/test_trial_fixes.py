"""Defects of the issue 9 user trial and attack probe, contracts area: bank details that cannot be
decrypted never fail a page, the carte professionnelle's dates bounded and locked, landlord reads traced,
the carte refusal worded for the member, the sign flash for a future start, no renewal on an ended
contract, places pre-filled, the occupied dwelling's stay linked, grouped IBAN, one ending list, the bank
link only for readers of bank details."""

from datetime import date, timedelta

import pytest
from cryptography.fernet import Fernet
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from clef.contracts.models import UNREADABLE, Contract, OwnerBankAccount
from clef.journal.models import AccessLogEntry
from clef.organisations.models import Organisation
from tests.factories.contracts import AnahConventionFactory, ContractFactory
from tests.factories.stays import StayFactory
from tests.www.contracts.test_pages import sign_data

pytestmark = pytest.mark.django_db


def encrypt_under_another_key(account: OwnerBankAccount) -> None:
    other = Fernet(Fernet.generate_key())
    tokens = [
        other.encrypt(value.encode()).decode() for value in ("Paul Durand", "FR7630006000011234567890189")
    ]
    table = OwnerBankAccount._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET holder = %s, iban = %s WHERE id = %s", [*tokens, account.pk])


@pytest.mark.parametrize("persona", ["director", "rental_manager", "captation_officer", "read_only"])
def test_bank_details_under_another_key_never_fail_a_page(login, world, persona, caplog):
    encrypt_under_another_key(world["account"])
    client = login(persona)
    urls = [
        reverse("www:contract_list"),
        world["contract"].get_absolute_url(),
        world["account"].get_absolute_url(),
        world["dwelling"].get_absolute_url(),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(world["contract"].get_absolute_url()).content.decode()
    in_clear = persona in {"director", "rental_manager"}
    assert (UNREADABLE in page) is in_clear
    assert ("FR76 •••• 0189" in page) is not in_clear
    assert "Paul Durand" not in caplog.text and "FR76" not in caplog.text


def test_the_iban_is_shown_by_groups_of_four_and_masked_unchanged(login, world):
    page = login("director").get(world["contract"].get_absolute_url()).content.decode()
    assert "FR76 3000 6000 0112 3456 7890 189" in page
    page = login("captation_officer").get(world["contract"].get_absolute_url()).content.decode()
    assert "FR76 •••• 0189" in page and "FR76 3000" not in page


def carte(client, **overrides) -> dict:
    data = {
        "seen": client.get(reverse("www:carte_pro")).context["form"]["seen"].value(),
        "has_carte_professionnelle": "on",
        "carte_pro_number": "CPI 7301 2026 000 002",
        "carte_pro_issued_on": "2026-01-15",
        "carte_pro_expiry": "2029-01-14",
    }
    return data | overrides


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"carte_pro_issued_on": "0001-01-01"}, "carte_pro_issued_on", "comprise entre 01/01/1900"),
        ({"carte_pro_expiry": "9999-12-31"}, "carte_pro_expiry", "comprise entre 01/01/1900"),
        (
            {"carte_pro_issued_on": "2030-01-01", "carte_pro_expiry": "2027-01-01"},
            "carte_pro_expiry",
            "ne peut pas précéder la délivrance",
        ),
    ],
)
def test_the_carte_dates_are_bounded_and_ordered(login, world, overrides, field, message):
    client = login("director")
    response = client.post(reverse("www:carte_pro"), carte(client, **overrides))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    stored = Organisation.objects.get(pk=world["owner"].pk)
    assert (stored.carte_pro_issued_on, stored.carte_pro_expiry) == (date(2026, 1, 1), date(2028, 12, 31))


def test_the_carte_form_is_locked_against_a_colleague_change(login, world):
    client = login("director")
    data = carte(client)
    Organisation.objects.filter(pk=world["owner"].pk).update(carte_pro_expiry=date(2030, 6, 30))
    response = client.post(reverse("www:carte_pro"), data)
    assert response.status_code == 400 and "modifiée depuis l" in response.content.decode()
    assert Organisation.objects.get(pk=world["owner"].pk).carte_pro_expiry == date(2030, 6, 30)
    data.pop("seen")
    assert client.post(reverse("www:carte_pro"), data).status_code == 400  # no lock, no write


def test_the_convention_request_and_signing_pages_trace_the_landlord(login, world):
    client = login("rental_manager")
    client.get(reverse("www:convention_request", args=[world["dwelling"].pk]))
    client.get(reverse("www:lead_sign", args=[world["lead"].pk]))
    logged = set(
        AccessLogEntry.objects.filter(user=client.membership.user).values_list(
            "context", "subject_type", "subject_id"
        )
    )
    assert logged == {
        (AccessLogEntry.Context.CONTRAT, "contracts.contract", world["contract"].pk),
        (AccessLogEntry.Context.PROPRIETAIRE, "captation.landlord", world["lead"].landlord_id),
    }


@pytest.mark.parametrize(("persona", "director"), [("captation_officer", False), ("director", True)])
def test_the_carte_refusal_is_worded_for_the_member(login, world, persona, director):
    data = sign_data(**{"contrat-kind": "mandat_gestion", "contrat-signed_on": "2025-12-31"})
    response = login(persona).post(reverse("www:lead_sign", args=[world["lead"].pk]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert ("Demandez à la direction de renseigner la carte professionnelle" in page) is not director
    assert ("Renseignez la carte professionnelle de la structure" in page) is director
    assert (reverse("www:carte_pro") in page) is director


def test_signing_with_a_future_start_says_when_the_dwelling_enters(login, world):
    today = timezone.localdate()
    start = today + timedelta(days=20)
    data = sign_data(**{"contrat-signed_on": today.isoformat(), "contrat-starts_on": start.isoformat()})
    client = login("captation_officer")
    response = client.post(reverse("www:lead_sign", args=[world["lead"].pk]), data, follow=True)
    page = response.content.decode()
    assert f"le logement entrera dans le parc le {start:%d/%m/%Y}" in page
    assert "est entré dans le parc" not in page


def test_an_ended_contract_says_nothing_about_renewal(login, world):
    contract = world["contract"]
    Contract.objects.filter(pk=contract.pk).update(
        renewal_on=date(2032, 9, 25), tacit_renewal=True, ended_on=date(2026, 6, 1), end_reason="autre"
    )
    page = login("director").get(contract.get_absolute_url()).content.decode()
    assert "Prochain renouvellement" not in page and "reconduction tacite" not in page


def test_places_are_pre_filled_from_the_typology_with_a_help_text(login, world):
    forms = login("captation_officer").get(reverse("www:lead_sign", args=[world["lead"].pk])).context["forms"]
    assert forms.dwelling["places"].value() == 3  # a T2
    assert "d'après la typologie" in forms.dwelling.fields["places"].help_text


@pytest.mark.parametrize(("persona", "to_stay"), [("rental_manager", True), ("captation_officer", False)])
def test_ending_a_contract_on_an_occupied_dwelling_links_the_stay(login, world, persona, to_stay):
    stay = StayFactory(dwelling=world["dwelling"], household__organisation=world["owner"])
    data = {"ended_on": "2026-02-01", "end_reason": "autre", "dwelling_leaves": "on", "version": "1"}
    response = login(persona).post(reverse("www:contract_end", args=[world["contract"].pk]), data)
    page = response.content.decode()
    assert response.status_code == 400 and "terminez d&#x27;abord son séjour" in page
    assert (stay.get_absolute_url() in page) is to_stay
    assert to_stay or world["dwelling"].get_absolute_url() in page
    assert str(stay.household) not in page  # no household named


def test_the_ending_list_is_one_list_by_date(login, world):
    late = ContractFactory(dwelling__organisation=world["owner"], ends_on=date(2026, 12, 20))
    early = AnahConventionFactory(dwelling=late.dwelling, signed=True, ends_on=date(2026, 12, 5))
    later = AnahConventionFactory(
        signed=True, ends_on=date(2026, 12, 30), dwelling__organisation=world["owner"]
    )
    response = login("director").get(reverse("www:contract_list"))
    assert response.context["ending_rows"] == [early, late, later]


@pytest.mark.parametrize(("persona", "shown"), [("rental_manager", True), ("captation_officer", False)])
def test_new_bank_details_only_for_readers_of_bank_details(login, world, persona, shown):
    client = login(persona)
    page = client.get(world["contract"].get_absolute_url()).content.decode()
    url = reverse("www:contract_bank_account", args=[world["contract"].pk])
    assert (url in page) is shown
    assert client.get(url).status_code == (200 if shown else 403)
