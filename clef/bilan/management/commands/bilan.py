from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clef.bilan import exports
from clef.bilan.indicators import compute_detailed
from clef.bilan.perimeter import Perimeter
from clef.bilan.secrecy import mask_indicators


class Command(BaseCommand):
    """Computes the bilan afresh, never from the cache: the backup check compares it between a database
    and its restored copy (scripts/backup-restore-check.sh)."""

    help = (
        "Calcule le bilan IML d'une année (indicateurs de bilan-indicators.md : v1 et sections des parcours)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--annee", type=int, required=True)
        parser.add_argument(
            "--perimetre", help="region:CODE, departement:CODE ou structure:ID (défaut : tout)"
        )
        parser.add_argument("--format", choices=["json", "csv", "xlsx", "pdf"], default="json")
        parser.add_argument("--diffusion", action="store_true", help="appliquer le secret statistique")
        parser.add_argument("--output", help="fichier de sortie (défaut : sortie standard pour json et csv)")

    def handle(self, *args, annee, perimetre, format, diffusion, output, **options):  # noqa: A002
        try:
            perimeter = Perimeter.parse(perimetre)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if (
            perimeter.kind in {"region", "departement", "structure"}
            and not perimeter.organisations().exists()
        ):
            raise CommandError(f"Aucune structure dans le périmètre « {perimetre} ».")
        values, wholes = compute_detailed(annee, perimeter)
        if diffusion:
            values = mask_indicators(values, wholes)
        if format == "json":
            content = (exports.as_json(annee, perimeter.label, values) + "\n").encode()
        elif format == "csv":
            content = exports.as_excel_csv(values)
        elif format == "xlsx":
            content = exports.as_xlsx(annee, perimeter.label, values)
        else:
            from clef.bilan.report import render_pdf

            content = render_pdf(annee, perimeter, diffusion=diffusion)
        if output:
            Path(output).write_bytes(content)
            self.stdout.write(self.style.SUCCESS(f"Bilan {annee} écrit dans {output}."))
        elif format in {"xlsx", "pdf"}:
            raise CommandError(f"--output est obligatoire pour le format {format}.")
        else:
            # JSON and CSV go to standard output as text (the CSV keeps its BOM for Excel).
            self.stdout.write(content.decode("utf-8"), ending="")
