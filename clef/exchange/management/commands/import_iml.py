from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clef.accounts.models import User
from clef.exchange.importer import import_dataset
from clef.exchange.reader import DatasetError, read_dataset


class Command(BaseCommand):
    help = (
        "Importe un jeu de données au format d'échange IML v1 (dossier de fichiers CSV ou classeur .xlsx). "
        "Tout est vérifié avant d'écrire ; l'écriture est tout ou rien ; réimporter ne duplique rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="dossier de fichiers CSV ou classeur .xlsx")
        parser.add_argument("--dry-run", action="store_true", help="vérifier sans rien enregistrer")
        parser.add_argument(
            "--max-lignes",
            type=int,
            default=None,
            dest="max_rows",
            help="lignes au plus par table (par défaut IMPORT_MAX_ROWS ; un fichier national en compte plus)",
        )
        parser.add_argument(
            "--utilisateur",
            default=None,
            help="adresse du compte qui importe (exigée par les fichiers choix_entrees, bilans_sortie, "
            "sollicitations : ils disent qui a enregistré chaque ligne)",
        )

    def handle(self, *args, path, dry_run, max_rows, utilisateur=None, **options):
        user = None
        if utilisateur:
            user = User.objects.filter(email__iexact=utilisateur, is_active=True).first()
            if user is None:
                raise CommandError(f"Aucun compte actif à l'adresse « {utilisateur} ».")
        try:
            dataset = read_dataset(Path(path), max_rows=max_rows)
        except DatasetError as exc:
            raise CommandError(str(exc)) from exc
        report = import_dataset(dataset, dry_run=dry_run, acting_user=user)
        for problem in report.warnings:
            self.stderr.write(str(problem))
        for problem in report.errors:
            self.stderr.write(str(problem))
        if not report.ok:
            shown = f" (les {len(report.errors)} premières sont affichées)" if report.truncated else ""
            raise CommandError(f"{report.total_errors} erreur(s){shown} : rien n'a été enregistré.")
        if dry_run:
            self.stdout.write(
                self.style.SUCCESS("Vérification réussie (--dry-run) : rien n'a été enregistré.")
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Import réussi. {report.summary()}"))
