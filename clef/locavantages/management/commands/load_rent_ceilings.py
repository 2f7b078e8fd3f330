"""Load Loc'Avantages rent ceilings from CSV files (docs/spec/plafonds-loc-avantages.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clef.locavantages.ceilings import MAX_BYTES, SAMPLE_FILE, CeilingFileError, load_ceilings


class Command(BaseCommand):
    help = (
        "Charge les plafonds de loyer Loc'Avantages d'un fichier CSV (annee;code_commune;niveau;plafond_m2"
        "[;source]). Tout ou rien ; recharger remplace les mêmes (année, commune, niveau)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="*", help="Fichiers CSV (UTF-8). Sans fichier avec --sample : l'exemple."
        )
        parser.add_argument(
            "--sample",
            action="store_true",
            help="Marque les valeurs comme « valeurs d'exemple » (démonstration).",
        )

    def handle(self, *args, files, sample, **options):
        paths = [Path(name) for name in files] or ([SAMPLE_FILE] if sample else [])
        if not paths:
            raise CommandError(
                "Indiquez un fichier CSV (ou --sample pour charger l'exemple livré avec Clef)."
            )
        for path in paths:
            if not path.is_file():
                raise CommandError(f"{path} : fichier introuvable.")
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(f"{path.name} : le fichier dépasse {MAX_BYTES // (1024 * 1024)} Mo.")
            try:
                result = load_ceilings(name=path.name, data=path.read_bytes(), sample=sample)
            except CeilingFileError as exc:
                raise CommandError("Rien n'a été chargé.\n" + "\n".join(exc.errors)) from None
            self.stdout.write(
                f"{path.name} : {result.rows} lignes ({', '.join(map(str, result.years))}) — "
                f"{result.created} ajoutées, {result.updated} modifiées, {result.unchanged} inchangées"
                + (" ; valeurs d'exemple." if sample else ".")
            )
