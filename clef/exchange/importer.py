"""Import an exchange-format dataset: validate everything, then write everything in one transaction.

- Every problem is reported with file, line, column, value and the rule broken, in French (the first
  IMPORT_MAX_PROBLEMS are kept, all are counted).
- Every value is checked by the rule of the model field it goes into (clef/utils/bounds.py: the same
  validators as the forms and services); the register rules are the applications' own, called from
  clef/exchange/rules.py.
- An import only touches the operators the uploader oversees (`within`: a DDETS its department, a DREETS
  its region, a director its structure); a `structures` row never changes an organisation that is not an
  operator, never moves one out of that perimeter, never clears its SIRET or carte professionnelle.
- Nothing is written when there is an error (or with dry_run).
- The optional files of the pathways (choix_entrees, echeances, bilans_sortie, sollicitations) are
  checked and written last, in the same transaction, through their applications' services and rules
  (clef/exchange/pathways.py).
- Rows are matched on (structure_id, own id): importing the same data twice changes nothing.
- Every record created or changed is journaled (JournalEntry, field by field).

The steps, one module each: cells.py (reading and typed parsing), validation.py (scope, references and
rules.py), writer.py with upsert.py (row-hash comparison, bulk writes, journal).
"""

from __future__ import annotations

from collections.abc import Callable

from clef.exchange.cells import parse_tables
from clef.exchange.reader import Dataset
from clef.exchange.report import Context, ImportReport
from clef.exchange.validation import validate
from clef.exchange.writer import write
from clef.organisations.models import Organisation
from clef.organisations.perms import Oversight

__all__ = ["ImportReport", "import_dataset"]


def import_dataset(
    dataset: Dataset,
    *,
    acting_user=None,
    dry_run: bool = False,
    restrict_to: Organisation | None = None,
    within: Oversight | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> ImportReport:
    """Validate `dataset`, then (unless dry_run or an error was found) write it in one transaction.

    `restrict_to`: the one structure the file may describe (a director's, or the one a coordinator
    chose). `within`: what the uploader oversees (None: the command line, run by the platform's team)."""
    ctx = Context(dataset, acting_user=acting_user, restrict_to=restrict_to, within=within)
    if progress is not None:
        ctx.progress = progress
    ctx.report.dry_run = dry_run
    checked = validate(ctx, parse_tables(ctx))
    # The optional files are checked against what the v1 files write: a dry run with them writes, checks,
    # then rolls back.
    if ctx.report.ok and (not dry_run or any(checked.optional.values())):
        write(ctx, checked)
    return ctx.report
