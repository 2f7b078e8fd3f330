from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from clef.territories.loader import TerritoriesDataMissing, load_territories
from clef.territories.models import Commune, Department, Epci, Region


class Command(BaseCommand):
    help = "Charge (ou met à jour) régions, départements, EPCI et communes depuis le COG 2026."

    def handle(self, *args, **options):
        try:
            counts = load_territories(
                settings.TERRITORIES_DATA_DIR,
                Region=Region,
                Department=Department,
                Epci=Epci,
                Commune=Commune,
            )
        except TerritoriesDataMissing as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(", ".join(f"{value} {key}" for key, value in counts.items()))
