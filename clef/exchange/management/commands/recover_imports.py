from django.core.management.base import BaseCommand

from clef.exchange.jobs import recover_stale_jobs


class Command(BaseCommand):
    help = (
        "Déclare en échec les imports restés « en cours » sans signe de vie depuis IMPORT_STALE_MINUTES "
        "(processus arrêté) et met à jour la déclaration concernée. À lancer au démarrage du worker."
    )

    def handle(self, *args, **options):
        recovered = recover_stale_jobs()
        self.stdout.write(f"{recovered} import(s) interrompu(s) déclaré(s) en échec.")
