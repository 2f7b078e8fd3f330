"""The contracts pages: signing from a lead (pre-filled, the carte professionnelle refusal), bank details
masked or in clear by role (reads traced), the carte professionnelle, contract and convention actions,
the dwelling page's panel; each page in a constant, exact number of queries."""

from datetime import date

import pytest
from django.urls import reverse

from clef.captation.enums import Origin, Stage
from clef.captation.models import Lead
from clef.contracts.enums import ConventionStatus
from clef.contracts.models import Contract
from clef.dwellings.enums import Conventionnement, ManagementMode
from clef.dwellings.models import Dwelling
from clef.journal.models import AccessLogEntry
from tests.factories.contracts import AnahConventionFactory, ContractFactory
from tests.www.queries import page_queries

pytestmark = pytest.mark.django_db
CLEAR_IBAN = "FR7630006000011234567890189"
CLEAR_IBAN_GROUPED = "FR76 3000 6000 0112 3456 7890 189"


def sign_data(**overrides) -> dict:
    data = {
        "contrat-kind": "bail_principal",
        "contrat-signed_on": "2026-03-20",
        "contrat-starts_on": "2026-04-01",
        "contrat-rent": "600",
        "contrat-charges": "50",
        "contrat-fee_percent": "7,00",
        "logement-address": "3 rue des Bailleurs",
        "logement-commune": "69383",
        "logement-typology": "T2",
        "logement-surface_m2": "45",
        "logement-places": "2",
    }
    return data | overrides


def test_the_sign_form_is_pre_filled_from_the_lead(login, world):
    response = login("captation_officer").get(reverse("www:lead_sign", args=[world["lead"].pk]))
    offered = world["lead"].offered_dwelling
    forms = response.context["forms"]
    assert forms.dwelling["address"].value() == offered.address
    assert forms.dwelling["typology"].value() == "T2"
    assert forms.contract["rent"].value() == offered.rent_asked
    assert str(forms.contract["fee_percent"].value()) == "7.00"  # the operator's practice setting


def test_signing_a_main_lease_from_the_page_enters_the_dwelling(login, world):
    response = login("captation_officer").post(reverse("www:lead_sign", args=[world["lead"].pk]), sign_data())
    contract = Contract.objects.get(lead=world["lead"])
    assert response.status_code == 302 and response["Location"] == contract.dwelling.get_absolute_url()
    assert contract.dwelling.management_mode == ManagementMode.SOUS_LOCATION
    assert contract.fee_percent is None  # the pre-filled rate only concerns a mandate
    world["lead"].refresh_from_db()
    assert world["lead"].stage == Stage.ENGAGEMENT_SIGNE


def test_a_mandate_refused_for_the_carte_shows_the_message_and_writes_nothing(login, world):
    dwellings = Dwelling.objects.count()
    data = sign_data(**{"contrat-kind": "mandat_gestion", "contrat-signed_on": "2025-12-31"})
    response = login("captation_officer").post(reverse("www:lead_sign", args=[world["lead"].pk]), data)
    assert response.status_code == 400
    assert (
        "Toit Partagé (test) n&#x27;a pas de carte professionnelle valide au 31/12/2025 : un mandat de gestion ne "
        "peut pas être signé." in response.content.decode()
    )
    assert Dwelling.objects.count() == dwellings and not Contract.objects.filter(lead=world["lead"]).exists()


def test_a_signed_convention_and_bank_details_from_the_page(login, world):
    data = sign_data(
        **{
            "options-with_convention": "on",
            "convention-works": "avec_travaux",
            "convention-level": "loc2",
            "convention-requested_on": "2026-03-25",
            "convention-signed_on": "2026-03-30",
            "convention-starts_on": "2026-04-01",
            "banque-holder": "Claire Bailleur",
            "banque-iban": "FR76 3000 6000 0112 3456 7890 189",
        }
    )
    response = login("director").post(reverse("www:lead_sign", args=[world["lead"].pk]), data)
    assert response.status_code == 302
    contract = Contract.objects.get(lead=world["lead"])
    assert contract.dwelling.conventionnement == Conventionnement.AVEC_TRAVAUX
    assert contract.dwelling.anah_conventions.get().duration_years == 9  # the rule's default with works
    assert contract.bank_account.masked == "FR76 •••• 0189"


def test_sign_form_errors_all_in_one_pass(login, world):
    data = sign_data(**{"contrat-rent": "", "logement-places": "", "banque-iban": "FR00"})
    response = login("director").post(reverse("www:lead_sign", args=[world["lead"].pk]), data)
    assert response.status_code == 400
    forms = response.context["forms"]
    assert (
        "rent" in forms.contract.errors and "places" in forms.dwelling.errors and "iban" in forms.bank.errors
    )


@pytest.mark.parametrize(
    ("persona", "in_clear"),
    [("director", True), ("rental_manager", True), ("captation_officer", False), ("read_only", False)],
)
def test_bank_details_in_clear_only_for_direction_and_rental_managers(login, world, persona, in_clear):
    client = login(persona)
    for url in (
        reverse("www:contract_detail", args=[world["contract"].pk]),
        reverse("www:bank_account_detail", args=[world["account"].pk]),
    ):
        page = client.get(url).content.decode()
        assert (CLEAR_IBAN_GROUPED in page) is in_clear and CLEAR_IBAN not in page
        assert ("FR76 •••• 0189" in page) is not in_clear
    logged = AccessLogEntry.objects.filter(
        user=client.membership.user, context=AccessLogEntry.Context.CONTRAT
    )
    expected = {("contracts.contract", world["contract"].pk)}
    if in_clear:
        expected.add(("contracts.ownerbankaccount", world["account"].pk))
    assert set(logged.values_list("subject_type", "subject_id")) == expected


def test_the_list_shows_the_carte_and_where_to_fix_it(login, world):
    page = login("director").get(reverse("www:contract_list")).content.decode()
    assert "a une carte professionnelle valide aujourd" in page and reverse("www:carte_pro") in page
    page = login("other").get(reverse("www:contract_list")).content.decode()
    assert "pas de carte professionnelle enregistrée" in page
    page = login("rental_manager").get(reverse("www:contract_list")).content.decode()
    assert reverse("www:carte_pro") not in page and "renseignée par la direction" in page


def test_the_director_records_the_carte(login, world):
    client = login("other")
    data = {
        "seen": client.get(reverse("www:carte_pro")).context["form"]["seen"].value(),
        "has_carte_professionnelle": "on",
        "carte_pro_number": "CPI 7301 2026 000 002",
        "carte_pro_issued_on": "2026-01-15",
        "carte_pro_expiry": "2029-01-14",
    }
    assert client.post(reverse("www:carte_pro"), data).status_code == 302
    operator = client.membership.organisation
    operator.refresh_from_db()
    assert operator.carte_pro_valid_on(date(2026, 1, 15)) and not operator.carte_pro_valid_on(
        date(2026, 1, 14)
    )


def test_ending_a_contract_with_the_dwelling_leaving_opens_a_recaptation_lead(login, world):
    url = reverse("www:contract_end", args=[world["contract"].pk])
    data = {
        "ended_on": "2026-02-01",
        "end_reason": "reprise_proprietaire",
        "dwelling_leaves": "on",
        "version": "1",
    }
    assert login("rental_manager").post(url, data).status_code == 302
    assert Lead.objects.get(origin=Origin.RECAPTATION).source_dwelling == world["dwelling"]


def test_a_contract_end_without_version_is_refused(login, world):
    url = reverse("www:contract_end", args=[world["contract"].pk])
    response = login("director").post(url, {"ended_on": "2026-02-01", "end_reason": "autre"})
    assert response.status_code == 400
    assert Contract.objects.get(pk=world["contract"].pk).ended_on is None


def test_signing_a_convention_from_its_page(login, world):
    url = reverse("www:convention_sign", args=[world["convention"].pk])
    data = {"signed_on": "2019-12-20", "starts_on": "2020-01-01", "version": "1"}
    assert login("captation_officer").post(url, data).status_code == 302
    world["convention"].refresh_from_db()
    assert (world["convention"].status, world["convention"].ends_on) == (
        ConventionStatus.SIGNEE,
        date(2026, 1, 1),
    )
    world["dwelling"].refresh_from_db()
    assert world["dwelling"].conventionnement == Conventionnement.SANS_TRAVAUX


def test_a_convention_ending_soon_shows_an_alert(login, world):
    convention = AnahConventionFactory(
        signed=True, dwelling__organisation=world["owner"], ends_on=date.today()
    )
    page = login("read_only").get(reverse("www:convention_detail", args=[convention.pk])).content.decode()
    assert "décidez avec le propriétaire de son renouvellement" in page


def test_a_contract_for_a_dwelling_of_the_park_without_one(login, world):
    world["contract"].ended_on, world["contract"].end_reason = date(2026, 1, 1), "autre"
    world["contract"].save()
    data = {
        "landlord": world["contract"].landlord_id,
        "kind": "bail_principal",
        "signed_on": "2026-01-02",
        "starts_on": "2026-01-02",
        "rent": "610",
        "charges": "40",
    }
    response = login("rental_manager").post(reverse("www:contract_create", args=[world["dwelling"].pk]), data)
    assert response.status_code == 302
    assert Contract.objects.in_force().get(dwelling=world["dwelling"]).rent == 610


@pytest.mark.parametrize(
    ("persona", "shown"), [("director", True), ("read_only", True), ("social_worker", False)]
)
def test_the_dwelling_page_panel(login, world, persona, shown):
    page = login(persona).get(world["dwelling"].get_absolute_url()).content.decode()
    assert ('data-testid="panneau-contrats"' in page) is shown
    assert CLEAR_IBAN not in page and CLEAR_IBAN_GROUPED not in page and "Durand" not in page
    if shown:
        assert "FR76 •••• 0189" in page and world["contract"].get_absolute_url() in page


# session, user, membership, header's memberships; practice settings, contracts ending, conventions ending,
# count and page of contracts in force, dwellings without contract (no owner's name: nothing to trace)
LIST_QUERIES = 4 + 6
# + the contract (dwelling, landlord, masked bank details), the access log insert, the dwelling's
# conventions, the encrypted bank details (in clear for the director)
DETAIL_QUERIES = 4 + 4
# + the convention, the access log insert, practice settings (alert window)
CONVENTION_QUERIES = 4 + 3
# + the bank details (masked), the access log insert and the encrypted columns (in clear), the contracts
BANK_QUERIES = 4 + 4
# + the lead (landlord, offered dwelling, operator), practice settings (fee), the access log insert
SIGN_QUERIES = 4 + 3


@pytest.mark.parametrize("contracts", [1, 6])
def test_pages_run_a_constant_number_of_queries(login, world, django_assert_num_queries, contracts):
    for _ in range(contracts):
        contract = ContractFactory(dwelling__organisation=world["owner"], ends_on=date(2026, 6, 1))
        AnahConventionFactory(dwelling=contract.dwelling, signed=True, ends_on=date(2026, 6, 1))
        ContractFactory(
            dwelling=contract.dwelling,
            ended_on=date(2019, 12, 31),
            signed_on=date(2019, 1, 1),
            starts_on=date(2019, 1, 1),
            end_reason="autre",
        )
    client = login("director")
    page_queries(client, reverse("www:contract_list"), django_assert_num_queries, LIST_QUERIES)
    page_queries(client, world["contract"].get_absolute_url(), django_assert_num_queries, DETAIL_QUERIES)
    page_queries(
        client, world["convention"].get_absolute_url(), django_assert_num_queries, CONVENTION_QUERIES
    )
    page_queries(client, world["account"].get_absolute_url(), django_assert_num_queries, BANK_QUERIES)
    page_queries(
        client, reverse("www:lead_sign", args=[world["lead"].pk]), django_assert_num_queries, SIGN_QUERIES
    )


def test_the_convention_page_names_the_owner_and_is_traced(login, world):
    client = login("read_only")
    assert "Durand" in client.get(world["convention"].get_absolute_url()).content.decode()
    logged = AccessLogEntry.objects.get(user=client.membership.user)
    assert (logged.context, logged.subject_type, logged.subject_id) == (
        AccessLogEntry.Context.CONTRAT,
        "contracts.anahconvention",
        world["convention"].pk,
    )


def test_the_list_names_no_owner_and_traces_nothing(login, world):
    ContractFactory(dwelling__organisation=world["owner"], ends_on=date(2026, 6, 1), landlord__name="Bernard")
    client = login("director")
    page = client.get(reverse("www:contract_list")).content.decode()
    assert world["dwelling"].address in page and "Durand" not in page and "Bernard" not in page
    assert not AccessLogEntry.objects.exists()
