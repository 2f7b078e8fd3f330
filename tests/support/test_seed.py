from clef.support.enums import RelayCategory
from clef.support.models import RelayResource
from clef.support.seed import RELAY_RESOURCES


def test_the_reference_texts_relay_resources_are_seeded_as_the_national_directory(db):
    seeded = RelayResource.objects.filter(organisation=None, department=None)
    assert sorted(seeded.values_list("code", flat=True)) == sorted(e["code"] for e in RELAY_RESOURCES)
    assert seeded.count() == 12
    assert seeded.get(code="3114").contact.startswith("3114")
    assert set(seeded.values_list("category", flat=True)) == {
        RelayCategory.ACCES_SOINS,
        RelayCategory.SANTE_MENTALE,
        RelayCategory.JEUNES,
        RelayCategory.PUBLICS_ETRANGERS,
    }


def test_no_seeded_resource_has_an_invented_phone_number(db):
    # Only the 3114 and the 15 (SAS) are numbers the reference text or public fact gives.
    with_contact = set(RelayResource.objects.exclude(contact="").values_list("code", flat=True))
    assert with_contact == {"3114", "sas"}
