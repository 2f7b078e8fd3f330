"""What an import tells its user (problems with file, line, column, value; counts per file), and the
context every step of the import shares (the dataset, who imports, within which perimeter)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings

from clef.exchange.reader import Dataset, Problem
from clef.organisations.models import Organisation
from clef.organisations.perms import Oversight

OUTSIDE = "cette structure est hors de votre périmètre : vous ne pouvez pas importer ses données."


@dataclass
class ImportReport:
    """Problems are kept up to IMPORT_MAX_PROBLEMS (the report of a hostile file stays small); every
    problem is counted."""

    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    dry_run: bool = False
    written: bool = False
    total_problems: int = 0
    total_errors: int = 0
    limit: int = field(default_factory=lambda: settings.IMPORT_MAX_PROBLEMS)

    def add(self, problem: Problem) -> None:
        self.total_problems += 1
        if problem.severity == "erreur":
            self.total_errors += 1
        if len(self.problems) < self.limit:
            self.problems.append(problem)

    def count(self, name: str, outcome: str, number: int = 1) -> None:
        """outcome: "créés", "modifiés" or "inchangés"."""
        self.counts.setdefault(name, {"créés": 0, "modifiés": 0, "inchangés": 0})[outcome] += number

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "erreur"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "erreur"]

    @property
    def truncated(self) -> bool:
        return self.total_problems > len(self.problems)

    @property
    def ok(self) -> bool:
        return self.total_errors == 0

    def summary(self) -> str:
        parts = []
        for name, c in self.counts.items():
            parts.append(
                f"{name} : {c.get('créés', 0)} créé(s), {c.get('modifiés', 0)} modifié(s), "
                f"{c.get('inchangés', 0)} inchangé(s)"
            )
        return " ; ".join(parts)


@dataclass
class Context:
    """One import: the dataset, its report, the importing user and what they may touch.

    `restrict_to`: the one structure the file may describe (a director's, or the one a coordinator
    chose). `within`: what the uploader oversees (None: the command line, run by the platform's team)."""

    dataset: Dataset
    acting_user: object = None
    restrict_to: Organisation | None = None
    within: Oversight | None = None
    progress: Callable[[int, int, str], None] = lambda done, total, step: None
    report: ImportReport = field(default_factory=ImportReport)

    def __post_init__(self) -> None:
        for problem in self.dataset.problems:
            self.report.add(problem)

    def label(self, name: str) -> str:
        """The file as the user knows it: "logements.csv" or "données.xlsx › logements"."""
        table = self.dataset.tables.get(name)
        return table.label if table else f"{name}.csv"

    def header(self, name: str) -> list[str]:
        table = self.dataset.tables.get(name)
        return table.header if table else []

    def error(self, file: str, line: int | None, column: str, value, message: str) -> None:
        self.report.add(Problem(self.label(file), line, column, "" if value is None else str(value), message))

    def warning(self, file: str, line: int | None, column: str, message: str) -> None:
        self.report.add(Problem(self.label(file), line, column, "", message, "avertissement"))
