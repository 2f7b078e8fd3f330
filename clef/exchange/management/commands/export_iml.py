from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clef.exchange.exporter import export, operators_for


class Command(BaseCommand):
    help = "Exporte au format d'échange IML v1 : un dossier de fichiers CSV, ou un classeur si OUT finit par .xlsx."

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument(
            "--structure", help="identifiant d'échange (structure_id) ou numéro de la structure"
        )
        target.add_argument("--all", action="store_true", help="toutes les structures")
        parser.add_argument("out", help="dossier de sortie ou fichier .xlsx")

    def handle(self, *args, structure, all, out, **options):  # noqa: A002
        organisations = operators_for(None if all else structure)
        if not organisations:
            raise CommandError(f"Structure « {structure} » introuvable.")
        paths = export(organisations, Path(out))
        self.stdout.write(self.style.SUCCESS(f"{len(paths)} fichier(s) écrit(s) dans {out}."))
