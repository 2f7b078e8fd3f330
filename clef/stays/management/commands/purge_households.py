"""Retention of household data (docs/rgpd.md, "Conservation des données").

A household is purged when its last contact is older than HOUSEHOLD_RETENTION_YEARS: the latest of
its last stay exit and its last change (the household row's `updated_at` and the latest journal entry
about it, which covers its members, resources and stays). A household with an open stay is never
purged. Purging deletes its stays (PROTECT: first), members, resources and the household, then its
journal and access-log rows through the journal's maintenance path, and writes one anonymous journal
entry per organisation ("N ménages purgés"). Everything in one transaction.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from clef.households.models import Household, HouseholdResource, Person
from clef.journal.maintenance import journal_maintenance
from clef.journal.models import AccessLogEntry, JournalEntry
from clef.journal.services import content_type_id
from clef.stays.models import Stay

CHUNK = 500


def retention_cutoff(today: date, years: int) -> date:
    """The day `years` before `today` (29 February → 28 February)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def purgeable(*, cutoff: date) -> QuerySet[Household]:
    """Households whose last contact is before `cutoff` and with no open stay (one query, in the database)."""
    since = timezone.make_aware(datetime.combine(cutoff, time.min))
    return (
        Household.objects.filter(updated_at__lt=since)
        .exclude(Exists(Stay.objects.filter(household=OuterRef("pk"), exit_date__isnull=True)))
        .exclude(Exists(Stay.objects.filter(household=OuterRef("pk"), exit_date__gte=cutoff)))
        .exclude(Exists(Stay.objects.filter(household=OuterRef("pk"), updated_at__gte=since)))
        .exclude(Exists(JournalEntry.objects.filter(household_id=OuterRef("pk"), at__gte=since)))
    )


@dataclass
class HouseholdPurge:
    cutoff: date
    by_organisation: dict[int, list[int]]  # organisation id → household ids

    @property
    def total(self) -> int:
        return sum(len(ids) for ids in self.by_organisation.values())


def find(*, today: date | None = None) -> HouseholdPurge:
    cutoff = retention_cutoff(today or timezone.localdate(), settings.HOUSEHOLD_RETENTION_YEARS)
    by_organisation: dict[int, list[int]] = {}
    for organisation_id, pk in (
        purgeable(cutoff=cutoff).order_by("organisation_id", "pk").values_list("organisation_id", "pk")
    ):
        by_organisation.setdefault(organisation_id, []).append(pk)
    return HouseholdPurge(cutoff=cutoff, by_organisation=by_organisation)


def _chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def purge_households(*, today: date | None = None) -> tuple[HouseholdPurge, Counter]:
    """Find and delete, in one transaction, the households past retention with everything about them.

    Returns what was purged and the rows deleted per kind. A stay created concurrently for one of these
    households makes the deletion fail (foreign key): nothing is deleted, the next run retries.
    """
    deleted: Counter = Counter()
    with journal_maintenance():
        purge = find(today=today)
        all_ids = [pk for ids in purge.by_organisation.values() for pk in ids]
        for ids in _chunks(all_ids):
            person_ids = list(Person.objects.filter(household_id__in=ids).values_list("pk", flat=True))
            stay_ids = list(Stay.objects.filter(household_id__in=ids).values_list("pk", flat=True))
            deleted["journal"] += JournalEntry._base_manager.filter(
                Q(household_id__in=ids)
                | Q(content_type_id=content_type_id(Household), object_id__in=ids)
                | Q(content_type_id=content_type_id(Person), object_id__in=person_ids)
                | Q(content_type_id=content_type_id(Stay), object_id__in=stay_ids)
            ).delete()[0]
            deleted["consultations"] += AccessLogEntry._base_manager.filter(household_id__in=ids).delete()[0]
            deleted["séjours"] += Stay.objects.filter(pk__in=stay_ids).delete()[0]
            deleted["ressources"] += HouseholdResource.objects.filter(household_id__in=ids).delete()[0]
            deleted["personnes"] += Person.objects.filter(pk__in=person_ids).delete()[0]
            deleted["ménages"] += Household.objects.filter(pk__in=ids).delete()[0]
        JournalEntry.objects.bulk_create(
            purge_entry(organisation_id, len(ids), purge.cutoff)
            for organisation_id, ids in purge.by_organisation.items()
        )
    return purge, deleted


def purge_entry(organisation_id: int, count: int, cutoff: date) -> JournalEntry:
    """The anonymous trace left in the organisation's journal: a count, no identifier."""
    return JournalEntry(
        organisation_id=organisation_id,
        actor=None,
        action=JournalEntry.Action.DELETE,
        content_type_id=content_type_id(Household),
        object_id=0,
        object_label=f"{count} ménage(s) purgé(s)",
        changes={
            "purge": {
                "label": "Conservation des données",
                "old": None,
                "new": f"{count} ménage(s) sans contact depuis le {cutoff:%d/%m/%Y} supprimé(s)",
            }
        },
    )


class Command(BaseCommand):
    help = (
        "Liste (par défaut) puis, avec --apply, supprime les ménages dont le dernier contact (dernière "
        "sortie, dernière modification) date de plus de HOUSEHOLD_RETENTION_YEARS ans, sans séjour en "
        "cours, avec leurs personnes, ressources, séjours, journal et consultations. N'affiche que des "
        "nombres et des identifiants internes."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", help="lister sans rien supprimer (par défaut)")
        mode.add_argument("--apply", action="store_true", help="supprimer les ménages listés")
        parser.add_argument(
            "--ids", action="store_true", help="afficher les identifiants internes des ménages"
        )

    def handle(self, *args, apply: bool, **options):
        if apply:
            purge, deleted = purge_households()
        else:
            purge, deleted = find(), None
        self.stdout.write(
            f"Ménages sans contact depuis le {purge.cutoff:%d/%m/%Y} "
            f"({settings.HOUSEHOLD_RETENTION_YEARS} an(s)) et sans séjour en cours : {purge.total}"
        )
        for organisation_id, household_ids in purge.by_organisation.items():
            self.stdout.write(
                f"  structure n° {organisation_id} : {len(household_ids)} — ménages n° "
                + ", ".join(map(str, household_ids))
            )
        if deleted is None:
            self.stdout.write("Simulation : rien n'a été supprimé (ajoutez --apply pour supprimer).")
        elif deleted:
            self.stdout.write("Supprimé : " + ", ".join(f"{n} {kind}" for kind, n in deleted.items()) + ".")
