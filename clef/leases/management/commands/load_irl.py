"""Load the INSEE rent reference index (IRL) from a CSV file (docs/spec/irl.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clef.leases.irl import MAX_BYTES, SAMPLE_FILE, IrlFileError, load_irl


class Command(BaseCommand):
    help = (
        "Charge les indices de référence des loyers (IRL) d'un fichier CSV "
        "(annee;trimestre;valeur;date_publication[;exemple]). Tout ou rien ; recharger remplace les mêmes "
        "trimestres. Sans fichier : la série livrée avec Clef (clef/leases/data/irl.csv)."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="Fichiers CSV (UTF-8).")

    def handle(self, *args, files, **options):
        for path in [Path(name) for name in files] or [SAMPLE_FILE]:
            if not path.is_file():
                raise CommandError(f"{path} : fichier introuvable.")
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(f"{path.name} : le fichier dépasse {MAX_BYTES // 1024} Ko.")
            try:
                result = load_irl(name=path.name, data=path.read_bytes())
            except IrlFileError as exc:
                raise CommandError("Rien n'a été chargé.\n" + "\n".join(exc.errors)) from None
            self.stdout.write(
                f"{path.name} : {result.rows} trimestres — {result.created} ajoutés, {result.updated} modifiés, "
                f"{result.unchanged} inchangés."
            )
