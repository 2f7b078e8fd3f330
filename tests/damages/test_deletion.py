"""Deleting a room's photo and a claim's document: journaled, the file removed from the storage only after
the commit (kept when the transaction rolls back), a settled or abandoned claim keeps its documents; the
window of the exits listed without an exit inventory is a setting read through the rules."""

from datetime import date
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from clef.damages import queries, rules, services
from clef.damages.enums import ClaimStatus
from clef.damages.models import ClaimDocument, InventoryPhoto
from clef.journal.models import JournalEntry
from tests.factories.accounts import UserFactory
from tests.factories.damages import ClaimDocumentFactory, InventoryPhotoFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db


def _stored(field_file) -> bool:
    return field_file.storage.exists(field_file.name)


def test_deleting_a_photo_journals_it_and_removes_the_file_after_the_commit(
    django_capture_on_commit_callbacks,
):
    photo, user = InventoryPhotoFactory(caption="Évier"), UserFactory()
    inventory, file = photo.room.inventory, photo.file
    assert _stored(file)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.delete_photo(photo=photo, acting_user=user)
        assert not InventoryPhoto.objects.filter(pk=photo.pk).exists()
        assert _stored(file)  # not before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert not _stored(file)
    entry = JournalEntry.objects.get(object_id=inventory.pk, action=JournalEntry.Action.UPDATE)
    assert entry.changes["photo"]["old"] == f"{photo.room.name} — Évier"
    assert (entry.household_id, entry.actor) == (inventory.stay.household_id, user)


def test_a_rolled_back_photo_deletion_keeps_the_row_and_the_file(django_capture_on_commit_callbacks):
    photo = InventoryPhotoFactory()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        mock.patch("clef.damages.services.journal.record_action", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        services.delete_photo(photo=photo, acting_user=UserFactory())
    assert callbacks == []
    assert InventoryPhoto.objects.filter(pk=photo.pk).exists() and _stored(photo.file)


def test_deleting_a_document_of_an_open_claim(django_capture_on_commit_callbacks):
    document = ClaimDocumentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_claim_document(document=document, acting_user=UserFactory())
    assert not ClaimDocument.objects.exists() and not _stored(document.file)
    entry = JournalEntry.objects.get(object_id=document.claim_id, action=JournalEntry.Action.UPDATE)
    assert entry.changes["document"]["label"] == "Document supprimé"
    assert entry.changes["document"]["old"].startswith("Devis du ")


@pytest.mark.parametrize("status", [ClaimStatus.SOLDE, ClaimStatus.ABANDONNE])
def test_a_closed_claim_keeps_its_documents(status, django_capture_on_commit_callbacks):
    document = ClaimDocumentFactory(claim__status=status)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError, match="Ce sinistre est clos"),
    ):
        services.delete_claim_document(document=document, acting_user=UserFactory())
    assert ClaimDocument.objects.filter(pk=document.pk).exists() and _stored(document.file)
    assert not JournalEntry.objects.filter(object_id=document.claim_id).exists()


@pytest.mark.parametrize("status", [ClaimStatus.CONSTATE, ClaimStatus.CHIFFRE, ClaimStatus.IMPUTE])
def test_an_open_claim_may_lose_a_document(status):
    rules.check_document_removable(claim_status=status)  # no error


def test_the_exit_window_is_a_setting(settings):
    operator = OrganisationFactory()
    exited = StayFactory(household__organisation=operator, exited=True, exit_date=date(2024, 3, 1))
    today = date(2024, 6, 30)
    assert rules.exit_window_days() == 365
    assert list(queries.inventories_to_do(operator.pk, today)[1]) == [exited]
    settings.CLEF_RENTAL = {**settings.CLEF_RENTAL, "inventory_exit_window_days": 90}
    assert rules.exit_window_days() == 90
    assert list(queries.inventories_to_do(operator.pk, today)[1]) == []
    settings.CLEF_RENTAL = {**settings.CLEF_RENTAL, "inventory_exit_window_days": 121}  # 01/03 → 30/06
    assert list(queries.inventories_to_do(operator.pk, today)[1]) == [exited]
