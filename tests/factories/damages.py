"""Inventories and damage claims: an entry inventory of a stay (the stay factory's dwelling, done on its entry
date 01/01/2021) with traits for the exit; rooms in good condition; a claim of 450 € on an exited stay. The
factories write rows only: build through `clef.damages.services` when the journal matters."""

from datetime import date
from decimal import Decimal

import factory

from clef.damages.enums import ClaimStatus, Condition, DocumentKind, InventoryKind
from clef.damages.models import ClaimDocument, DamageClaim, Inventory, InventoryPhoto, InventoryRoom
from tests.factories.accounts import UserFactory
from tests.factories.stays import StayFactory

# The smallest valid files of each type (the upload checks read the first bytes).
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32
PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class InventoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inventory

    stay = factory.SubFactory(StayFactory)
    organisation = factory.SelfAttribute("stay.organisation")
    dwelling = factory.SelfAttribute("stay.dwelling")
    kind = InventoryKind.ENTREE
    done_on = factory.SelfAttribute("stay.entry_date")
    attendees = "Gestionnaire locatif, ménage"
    created_by = factory.SubFactory(UserFactory)

    class Params:
        # The exit inventory of an exited stay (31/12/2023), done the exit day.
        at_exit = factory.Trait(
            kind=InventoryKind.SORTIE,
            stay=factory.SubFactory(StayFactory, exited=True),
            done_on=factory.SelfAttribute("stay.exit_date"),
        )


class InventoryRoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InventoryRoom

    inventory = factory.SubFactory(InventoryFactory)
    position = factory.Sequence(lambda n: n % 100 + 1)
    name = factory.Sequence(lambda n: f"Pièce {n}")
    condition = Condition.BON


class InventoryPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InventoryPhoto

    room = factory.SubFactory(InventoryRoomFactory)
    file = factory.django.FileField(filename="cuisine.png", data=PNG_BYTES)
    caption = "Plan de travail"
    uploaded_by = factory.SubFactory(UserFactory)


class DamageClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DamageClaim

    stay = factory.SubFactory(StayFactory, exited=True)
    organisation = factory.SelfAttribute("stay.organisation")
    assessed_on = date(2024, 1, 5)
    amount = Decimal("450.00")
    status = ClaimStatus.CHIFFRE
    created_by = factory.SubFactory(UserFactory)


class ClaimDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimDocument

    claim = factory.SubFactory(DamageClaimFactory)
    file = factory.django.FileField(filename="devis.pdf", data=PDF_BYTES)
    kind = DocumentKind.DEVIS
    uploaded_by = factory.SubFactory(UserFactory)
