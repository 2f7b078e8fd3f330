"""The journal stores values as users read them: field labels, choice labels (never codes), amounts in
euros with a French decimal comma, dates 31/12/2025, times in Europe/Paris."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from clef.dwellings.models import Dwelling
from clef.households.models import HouseholdResource
from clef.journal.models import JournalEntry
from clef.journal.services import diff, labels_of, readable, record
from clef.stays.models import Stay
from clef.stays.services import end_stay
from tests.factories.accounts import UserFactory
from tests.factories.dwellings import DwellingFactory
from tests.factories.stays import StayFactory

NBSP, NNBSP = "\u00a0", "\u202f"


def field(model, name):
    return model._meta.get_field(name)


@pytest.mark.parametrize(
    ("model", "name", "value", "shown"),
    [
        (Dwelling, "rent_hc", Decimal("1250.5"), f"1{NNBSP}250,50{NBSP}€"),
        (Dwelling, "surface_m2", Decimal("41.5"), "41,5"),
        (Dwelling, "entry_date", date(2025, 12, 31), "31/12/2025"),
        (Dwelling, "parc", "prive", "Parc privé"),
        (Dwelling, "places", 3, 3),
        (Stay, "loss_damage", True, "oui"),
        (Dwelling, "address", "", None),
        (JournalEntry, "at", datetime(2025, 6, 30, 22, 30, tzinfo=UTC), "01/07/2025 à 00:30"),
    ],
)
def test_values_are_stored_as_users_read_them(model, name, value, shown):
    assert readable(field(model, name), value) == shown


def test_several_codes_read_as_their_labels_in_the_order_of_the_choices():
    source = field(HouseholdResource, "source")
    assert labels_of(source, ["prestations_familiales", "rsa"]) == "RSA, Prestations familiales"
    assert labels_of(source, []) is None


@pytest.mark.django_db
def test_a_dwelling_entry_reads_labels_and_euros():
    dwelling = DwellingFactory(rent_hc=Decimal("1250.50"), parc="prive")
    record(acting_user=None, instance=dwelling, action="create", dwelling_id=dwelling.pk)
    changes = JournalEntry.objects.get().changes
    assert changes["rent_hc"] == {
        "label": "loyer hors charges (€/mois)",
        "old": None,
        "new": f"1{NNBSP}250,50{NBSP}€",
    }
    assert changes["parc"]["new"] == "Parc privé"
    assert changes["commune"]["new"] == str(dwelling.commune)
    assert "version" not in changes and "organisation" not in changes


@pytest.mark.django_db
def test_an_exit_reads_the_destination_label_the_date_and_the_debt_in_euros():
    stay = StayFactory(entry_date=date(2024, 1, 1))
    end_stay(
        stay=stay,
        on=date(2025, 3, 31),
        destination="parc_social",
        loss_unpaid_rent=True,
        loss_damage=False,
        exit_debt=Decimal("1250.50"),
        acting_user=UserFactory(),
    )
    changes = JournalEntry.objects.get(content_type__model="stay", action="update").changes
    assert changes["exit_date"]["new"] == "31/03/2025"
    assert changes["exit_debt"]["new"] == f"1{NNBSP}250,50{NBSP}€"
    assert changes["destination"]["new"] == "Accès au parc social (public)"
    assert (changes["loss_unpaid_rent"]["old"], changes["loss_unpaid_rent"]["new"]) == ("non", "oui")


def test_diff_keeps_only_what_changed_with_its_label():
    before = {"a": {"label": "nom", "value": "X"}, "b": {"label": "places", "value": 2}}
    after = {"a": {"label": "nom", "value": "X"}, "b": {"label": "places", "value": 3}}
    assert diff(before, after) == {"b": {"label": "places", "old": 2, "new": 3}}
