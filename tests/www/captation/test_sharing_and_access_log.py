"""Defects of the user trial and the attack probe (issue 9): naming a managing operator opens nothing to
it (the one sharing rule is `perms.share_rights`), the managing-operator choice is limited, and every page
showing a landlord's data writes the access log (lists once per page view, edit pages with their subject)."""

import html

import pytest
from django.urls import reverse

from clef.captation.models import Lead
from clef.journal.models import AccessLogEntry
from clef.organisations.models import OrganisationKind, Role
from tests.conftest import member_client
from tests.factories.captation import LeadFactory
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def _edit_data(lead, **changes) -> dict:
    return {"origin": lead.origin, "preferred_mode": "", "version": lead.version, **changes}


def test_an_operator_cannot_name_another_operator_as_managing_operator(client, operator, other_operator):
    lead = LeadFactory(landlord__organisation=operator)
    officer = member_client(client, operator, Role.CAPTATION_OFFICER)
    url = reverse("www:lead_edit", args=[lead.pk])
    offered = officer.get(url).context["form"].fields["managing_operator"].queryset
    assert list(offered) == [operator]
    response = officer.post(url, _edit_data(lead, managing_operator=other_operator.pk))
    assert response.status_code == 400
    lead.refresh_from_db()
    assert lead.managing_operator == operator


def test_the_managing_operator_does_not_see_the_landlord_nor_the_lead(client, operator, other_operator):
    """The repro of the probe: a lead naming another operator (written straight, as an old row would be)
    opens neither the landlord's file nor the lead to that operator's members."""
    lead = LeadFactory(landlord__organisation=operator, managing_operator=other_operator)
    outsider = member_client(client, other_operator, Role.CAPTATION_OFFICER)
    assert outsider.get(reverse("www:landlord_detail", args=[lead.landlord_id])).status_code == 404
    assert outsider.get(reverse("www:lead_detail", args=[lead.pk])).status_code == 404
    assert outsider.get(reverse("www:offered_edit", args=[lead.offered_dwelling_id])).status_code == 404
    board = outsider.get(reverse("www:captation_board"), {"vue": "liste"})
    landlords = outsider.get(reverse("www:landlord_list"))
    assert lead.landlord.name not in text_of(board) and lead.landlord.name not in text_of(landlords)


def test_a_platform_names_an_operator_of_its_territory_only(client):
    platform = OrganisationFactory(kind=OrganisationKind.CAPTATION_PLATFORM)
    platform.territory_communes.set(["69383"])
    rhone, isere = OrganisationFactory(name="Rhône"), OrganisationFactory(name="Isère")
    rhone.departments.set(["69"])
    isere.departments.set(["38"])
    lead = LeadFactory(landlord__organisation=platform, managing_operator=None)
    animator = member_client(client, platform, Role.CAPTATION_OFFICER)
    url = reverse("www:lead_edit", args=[lead.pk])
    assert list(animator.get(url).context["form"].fields["managing_operator"].queryset) == [rhone]
    assert animator.post(url, _edit_data(lead, managing_operator=isere.pk)).status_code == 400
    assert animator.post(url, _edit_data(lead, managing_operator=rhone.pk)).status_code == 302
    assert Lead.objects.get(pk=lead.pk).managing_operator == rhone


@pytest.fixture
def officer(client, operator):
    return member_client(client, operator, Role.CAPTATION_OFFICER)


def _rows(**filters):
    return list(AccessLogEntry.objects.filter(context=AccessLogEntry.Context.PROPRIETAIRE, **filters))


@pytest.mark.parametrize("params", [{}, {"vue": "liste"}])
def test_the_board_is_logged_once_per_page_view(officer, operator, params):
    for _ in range(3):
        LeadFactory(landlord__organisation=operator)
    assert officer.get(reverse("www:captation_board"), params).status_code == 200
    [row] = _rows()
    assert row.subject_type == "" and row.subject_id is None and row.household_id is None


def test_an_empty_board_or_search_writes_nothing(officer, operator):
    officer.get(reverse("www:captation_board"))
    officer.get(reverse("www:landlord_list"), {"q": "Personne"})
    assert _rows() == []


def test_the_landlords_search_is_logged_once(officer, operator):
    LeadFactory(landlord__organisation=operator, landlord__name="Durand")
    LeadFactory(landlord__organisation=operator, landlord__name="Durandal")
    response = officer.get(reverse("www:landlord_list"), {"q": "Durand"})
    assert response.status_code == 200 and "Durandal" in text_of(response)
    assert len(_rows()) == 1


def test_edit_pages_log_their_subject(officer, operator):
    lead = LeadFactory(landlord__organisation=operator)
    officer.get(reverse("www:landlord_edit", args=[lead.landlord_id]))
    officer.get(reverse("www:offered_edit", args=[lead.offered_dwelling_id]))
    logged = {(row.subject_type, row.subject_id) for row in _rows()}
    assert logged == {
        ("captation.landlord", lead.landlord_id),
        ("captation.offereddwelling", lead.offered_dwelling_id),
    }
