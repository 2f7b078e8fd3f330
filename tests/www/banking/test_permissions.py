"""Every URL of the bank statements × every kind of member: the operator's six roles, another operator (its
records: 404, its lists: empty), a SIAO agent, State coordinators (DREETS, DDETS), a captation platform's
member, a local authority's member, a network's member (403). Never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clef.banking.enums import LineStatus
from clef.banking.models import BankLine, BankStatement
from clef.organisations.models import OrganisationKind, Role
from tests.conftest import member_client
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db

READERS = {Role.DIRECTOR, Role.RENTAL_MANAGER, Role.READ_ONLY}
EDITORS = {Role.DIRECTOR, Role.RENTAL_MANAGER}
OPERATOR_ROLES = [
    Role.DIRECTOR,
    Role.RENTAL_MANAGER,
    Role.SOCIAL_WORKER,
    Role.LITIGATION_OFFICER,
    Role.CAPTATION_OFFICER,
    Role.READ_ONLY,
]
OUTSIDERS = {
    "siao_agent": ({"siao": True}, Role.SIAO_AGENT),
    "dreets": ({"state": True}, Role.STATE_COORDINATOR),
    "ddets": ({"ddets": True}, Role.STATE_COORDINATOR),
    "platform": ({"kind": OrganisationKind.CAPTATION_PLATFORM}, Role.CAPTATION_OFFICER),
    "local_authority": ({"kind": OrganisationKind.LOCAL_AUTHORITY}, Role.READ_ONLY),
    "network_director": ({"kind": OrganisationKind.NETWORK}, Role.DIRECTOR),
    "network_reader": ({"kind": OrganisationKind.NETWORK}, Role.READ_ONLY),
}
PAGES = ["list", "queue", "statement", "line"]


def _client(client, operator, who):
    if who in Role.values:
        return member_client(client, operator, who)
    if who == "other_operator":
        return member_client(client, OrganisationFactory(), Role.DIRECTOR)
    fields, role = OUTSIDERS[who]
    return member_client(client, OrganisationFactory(**fields), role)


def _urls(imported):
    line = BankLine.objects.get(status=LineStatus.A_TRAITER)
    return {
        "list": reverse("www:bank_import_list"),
        "queue": reverse("www:bank_queue"),
        "statement": imported.statement.get_absolute_url(),
        "line": line.get_absolute_url(),
    }


@pytest.mark.parametrize("who", OPERATOR_ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_operator_roles_read(client, operator, imported, who, page):
    response = _client(client, operator, who).get(_urls(imported)[page])
    assert response.status_code == (200 if who in READERS else 403)


@pytest.mark.parametrize("who", OPERATOR_ROLES)
def test_operator_roles_ignore_a_line(client, operator, imported, who):
    url = _urls(imported)["line"]
    response = _client(client, operator, who).post(
        url, {"action": "ignore", "ignored_reason": "Virement interne", "version": 1}
    )
    assert response.status_code == (302 if who in EDITORS else 403)
    expected = LineStatus.IGNOREE if who in EDITORS else LineStatus.A_TRAITER
    assert BankLine.objects.get(status__in=[expected], line_number=5).status == expected


@pytest.mark.parametrize("who", OPERATOR_ROLES)
def test_operator_roles_upload(client, operator, imported, who):
    data = b"Date;Libelle;Montant\n05/03/2026;VIR;12,00\n"
    response = _client(client, operator, who).post(
        reverse("www:bank_import_list"), {"file": SimpleUploadedFile("r.csv", data)}
    )
    assert response.status_code == (302 if who in EDITORS else 403)
    assert BankStatement.objects.count() == (2 if who in EDITORS else 1)


def test_a_read_only_member_sees_no_forms(client, operator, imported):
    reader = _client(client, operator, Role.READ_ONLY)
    assert "Importer et rapprocher" not in reader.get(_urls(imported)["list"]).content.decode()
    assert "Inscrire le paiement" not in reader.get(_urls(imported)["line"]).content.decode()


@pytest.mark.parametrize("page", PAGES)
def test_another_operator_gets_404_on_records_and_empty_lists(client, operator, imported, page):
    other = _client(client, operator, "other_operator")
    response = other.get(_urls(imported)[page])
    if page in ("statement", "line"):
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert not response.context["page"].object_list


def test_another_operator_cannot_change_a_line(client, operator, imported):
    other = _client(client, operator, "other_operator")
    url = _urls(imported)["line"]
    assert other.post(url, {"action": "ignore", "ignored_reason": "x", "version": 1}).status_code == 404
    assert BankLine.objects.filter(status=LineStatus.A_TRAITER).count() == 1


@pytest.mark.parametrize("who", sorted(OUTSIDERS))
@pytest.mark.parametrize("page", PAGES)
def test_members_of_other_kinds_are_refused(client, operator, imported, who, page):
    assert _client(client, operator, who).get(_urls(imported)[page]).status_code == 403
