"""The household's wishes (Logement d'abord): written with the candidate's proposal, copied to the
household on acceptance, then kept up to date by the household's editors. Every write is journaled."""

from __future__ import annotations

from dataclasses import dataclass, field

from clef.households.models import Household
from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.orientation import rules
from clef.orientation.enums import Environment
from clef.orientation.models import Proposal, Wishes
from clef.territories.models import Commune, Epci
from clef.utils.writes import register_write

WISH_FIELDS = (
    "typology_min",
    "typology_max",
    "near_school",
    "near_work",
    "near_care",
    "near_family",
    "environment",
    "accessibility_needed",
    "does_not_want",
)
MAX_PLACES = 20  # communes or EPCI named in one set of wishes


@dataclass
class WishesData:
    communes: list[Commune] = field(default_factory=list)
    epcis: list[Epci] = field(default_factory=list)
    typology_min: str = ""
    typology_max: str = ""
    near_school: bool = False
    near_work: bool = False
    near_care: bool = False
    near_family: bool = False
    environment: str = Environment.INDIFFERENT
    accessibility_needed: bool = False
    does_not_want: str = ""

    @classmethod
    def of(cls, wishes: Wishes) -> WishesData:
        communes, epcis = places_of(wishes)
        return cls(communes=communes, epcis=epcis, **{name: getattr(wishes, name) for name in WISH_FIELDS})


def places_of(wishes: Wishes) -> tuple[list[Commune], list[Epci]]:
    """The communes and EPCI wished, read through the link tables (two queries). Not through the
    many-to-many managers: they go through the territories' reverse relations, which a registry limited
    to some apps (transactional tests) does not hold."""
    communes = Wishes.communes.through.objects.filter(wishes_id=wishes.pk).values("commune_id")
    epcis = Wishes.epcis.through.objects.filter(wishes_id=wishes.pk).values("epci_id")
    return (
        list(Commune.objects.filter(code__in=communes).order_by("name")),
        list(Epci.objects.filter(code__in=epcis).order_by("name")),
    )


def with_places(wishes: Wishes | None) -> Wishes | None:
    """`wishes` with `commune_list` and `epci_list` (what the pages show)."""
    if wishes is not None:
        wishes.commune_list, wishes.epci_list = places_of(wishes)
    return wishes


def _set_places(wishes: Wishes, communes: list[Commune], epcis: list[Epci]) -> None:
    commune_link, epci_link = Wishes.communes.through, Wishes.epcis.through
    commune_link.objects.filter(wishes_id=wishes.pk).delete()
    epci_link.objects.filter(wishes_id=wishes.pk).delete()
    commune_link.objects.bulk_create([commune_link(wishes_id=wishes.pk, commune_id=c.pk) for c in communes])
    epci_link.objects.bulk_create([epci_link(wishes_id=wishes.pk, epci_id=e.pk) for e in epcis])


def _places_snapshot(communes, epcis) -> dict[str, dict]:
    return {
        "communes": {
            "label": "communes souhaitées",
            "value": ", ".join(sorted(c.name for c in communes)) or None,
        },
        "epcis": {
            "label": "intercommunalités souhaitées",
            "value": ", ".join(sorted(e.name for e in epcis)) or None,
        },
    }


def write_wishes(wishes: Wishes, data: WishesData, *, acting_user=None, organisation_id=None) -> Wishes:
    """Save `wishes` (new or stored) from `data`; journaled when `acting_user` is given (else the caller's
    own journal entry covers it: a proposal's creation)."""
    rules.check_typologies(data.typology_min, data.typology_max)
    rules.check_places_count(len(data.communes) + len(data.epcis), MAX_PLACES)
    creating = wishes.pk is None
    before = None
    if not creating:
        before = journal.snapshot(wishes) | _places_snapshot(*places_of(wishes))
    for name in WISH_FIELDS:
        setattr(wishes, name, getattr(data, name))
    wishes.does_not_want = wishes.does_not_want.strip()
    wishes.full_clean()
    wishes.save()
    _set_places(wishes, data.communes, data.epcis)
    if acting_user is not None:
        after = journal.snapshot(wishes) | _places_snapshot(data.communes, data.epcis)
        changes = journal.diff(before, after)
        if changes:
            journal.record_action(
                acting_user=acting_user,
                organisation_id=organisation_id,
                subject=wishes,
                action=JournalEntry.Action.CREATE if creating else JournalEntry.Action.UPDATE,
                changes=changes,
                household_id=wishes.household_id,
            )
    return wishes


def copy_wishes(*, proposal: Proposal, household: Household) -> Wishes | None:
    """On acceptance: the candidate's wishes become the household's (the proposal keeps its own)."""
    source = Wishes.objects.filter(proposal=proposal).first()
    if source is None:
        return None
    return write_wishes(Wishes(household=household), WishesData.of(source))


@register_write
def save_household_wishes(*, household: Household, data: WishesData, acting_user) -> Wishes:
    """The household's editors keep its wishes up to date."""
    wishes = Wishes.objects.select_for_update().filter(household=household).first() or Wishes(
        household=household
    )
    return write_wishes(wishes, data, acting_user=acting_user, organisation_id=household.organisation_id)
