"""What every audited write of the register shares: one transaction per workflow, French errors for the
database constraints a concurrent writer can trip, and optimistic locking on versioned records.

Concurrency. Each workflow is one transaction that checks and writes (on SQLite the transaction takes
the write lock at BEGIN, so writers are serialised). On PostgreSQL, what two concurrent transactions
could both find true is enforced by the database (exclusion and unique constraints); their
IntegrityError comes back as the French ValidationError the owning app registered with
`register_constraint_errors`, never as a server error. Versioned records carry a `version`: an edit made
from a stale form is refused (StaleEditError) instead of silently overwriting what another user saved.
"""

import functools

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, models, transaction

# Database constraint name (or, on SQLite, the text of its error) → the French error users read.
CONSTRAINT_ERRORS: dict[str, str | dict[str, str]] = {}


def register_constraint_errors(errors: dict[str, str | dict[str, str]]) -> None:
    """Called by each app's services module for the constraints of its tables."""
    CONSTRAINT_ERRORS.update(errors)


class StaleEditError(ValidationError):
    """The record was saved by someone else since the form was built (its version moved on)."""

    def __init__(self, *, instance: models.Model, current_version: int):
        self.instance = instance
        self.current_version = current_version
        super().__init__(
            f"Cet enregistrement (« {instance._meta.verbose_name} ») a été modifié depuis l'ouverture de ce "
            "formulaire (par un collègue, ou par vous dans un autre onglet) : rien n'a été enregistré. Ses "
            "changements sont "
            "repris ci-dessous là où vous n'aviez rien modifié ; vérifiez les champs signalés, puis "
            "enregistrez à nouveau.",
            code="stale",
        )


def constraint_error(exc: IntegrityError) -> ValidationError | None:
    diag = getattr(exc.__cause__, "diag", None)
    name = getattr(diag, "constraint_name", None)
    if name in CONSTRAINT_ERRORS:
        return ValidationError(CONSTRAINT_ERRORS[name], code="concurrent_change")
    text = str(exc)
    for known, message in CONSTRAINT_ERRORS.items():
        if known in text:
            return ValidationError(message, code="concurrent_change")
    return None


# PostgreSQL: deadlock_detected (two inserts waiting on each other's exclusion-constraint check) and
# serialization_failure. The transaction was rolled back: running it again is safe.
RETRYABLE_SQLSTATES = {"40P01", "40001"}
BUSY = ValidationError(
    "L'enregistrement n'a pas pu se faire : la base de données est occupée par d'autres enregistrements. "
    "Réessayez dans un instant ; rien n'a été enregistré.",
    code="busy",
)


def _is_retryable(exc: OperationalError) -> bool:
    return getattr(exc.__cause__, "sqlstate", None) in RETRYABLE_SQLSTATES


def _is_busy(exc: OperationalError) -> bool:
    return "database is locked" in str(exc)  # SQLite, after its busy timeout


def register_write(func=None, *, retry: bool = False):
    """One transaction per workflow; a constraint violation caused by a concurrent writer becomes a
    French ValidationError (the transaction, or the savepoint when nested, is rolled back first).

    `retry`: for workflows that build their objects afresh on each call (the stays'), run the
    transaction again when PostgreSQL aborted it as a deadlock: two entries racing for one dwelling
    wait on each other's exclusion check; the one aborted then finds the other's stay and gets the
    French message of the check. Only the outermost transaction retries."""
    if func is None:
        return functools.partial(register_write, retry=retry)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        attempts = 3 if retry and not transaction.get_connection().in_atomic_block else 1
        for attempt in range(1, attempts + 1):
            try:
                with transaction.atomic():
                    return func(*args, **kwargs)
            except IntegrityError as exc:
                error = constraint_error(exc)
                if error is None:
                    raise
                raise error from exc
            except OperationalError as exc:
                if _is_retryable(exc) and attempt < attempts:
                    continue
                if _is_retryable(exc) or _is_busy(exc):
                    raise BUSY from exc
                raise
        raise AssertionError("unreachable")  # pragma: no cover

    return wrapper


def lock_and_check_version(instance: models.Model, expected_version: int | None) -> models.Model:
    """The stored row, locked until the end of the transaction (SELECT … FOR UPDATE on PostgreSQL; on
    SQLite the transaction already holds the write lock). Refuses a stale version."""
    stored = type(instance).objects.select_for_update().get(pk=instance.pk)
    if expected_version is not None and stored.version != expected_version:
        raise StaleEditError(instance=stored, current_version=stored.version)
    return stored
