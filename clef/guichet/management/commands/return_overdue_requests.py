"""Every day (cron): owners' requests not taken in charge by their deadline come back to the animator of
their desk (the share with the operator is revoked). Also run when an animator opens « Guichet »."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from clef.guichet.services import return_overdue


class Command(BaseCommand):
    help = "Fait revenir au guichet les demandes de propriétaires non prises en charge dans le délai."

    def handle(self, *args, **options):
        count = return_overdue(today=timezone.localdate())
        self.stdout.write(f"{count} demande(s) revenue(s) au guichet.")
