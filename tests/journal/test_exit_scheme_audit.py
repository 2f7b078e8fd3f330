"""Adding an exit categorisation scheme is one audited function: one journal entry, in the acting
organisation, naming the categories and their destinations by their labels."""

import pytest
from django.urls import reverse

from clef.journal.models import JournalEntry
from clef.organisations.models import Role
from clef.referential.models import ExitScheme
from clef.referential.schemes import create_exit_scheme
from clef.stays.enums import EXIT_DESTINATIONS, Destination
from tests.factories.organisations import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dreets():
    return MembershipFactory(organisation=OrganisationFactory(state=True), role=Role.STATE_COORDINATOR)


def test_creating_a_scheme_writes_one_entry_with_destination_labels(dreets):
    scheme = create_exit_scheme(
        name="Logement d'abord",
        code="logement_d_abord",
        categories={"Logement": ["parc_social", "parc_prive"], "Autre": ["deces"]},
        acting_user=dreets.user,
        organisation=dreets.organisation,
    )
    entry = JournalEntry.objects.get()
    assert (entry.action, entry.subject, entry.actor) == ("create", scheme, dreets.user)
    assert entry.organisation == dreets.organisation
    assert entry.object_label == "schéma de catégorisation « Logement d'abord »"
    labels = dict(Destination.choices)
    assert entry.changes["name"] == {"label": "nom", "old": None, "new": "Logement d'abord"}
    assert entry.changes["categories"]["new"] == (
        f"Logement : {labels['parc_social']}, {labels['parc_prive']} ; Autre : {labels['deces']}"
    )
    assert "parc_social" not in str(entry.changes)
    assert list(scheme.categories.values_list("code", flat=True)) == ["logement", "autre"]


def test_the_scheme_form_goes_through_the_audited_function(client, dreets):
    client.force_login(dreets.user)
    data = {"name": "Schéma du test", **{f"d_{d.value}": "Catégorie" for d in EXIT_DESTINATIONS}}
    assert client.post(reverse("www:scheme_create"), data).status_code == 302
    scheme = ExitScheme.objects.get(name="Schéma du test")
    entry = JournalEntry.objects.get()
    assert (entry.subject, entry.actor, entry.organisation) == (scheme, dreets.user, dreets.organisation)
