"""Bulk SQL for large loads (exchange-format import, demo region): rows inserted without model instances,
statistics refreshed after the load, JSON text encoded once per shared value.

Generic on purpose: it knows Django models and the two supported databases, never an application.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import connection, models
from django.utils import timezone

BATCH = 5000  # rows per INSERT batch or per id list
SCAN = 50_000  # rows fetched per round trip when a large table is read in chunks (few trips, bounded memory)


def chunks(items: Iterable, size: int = BATCH) -> Iterator[list]:
    """Consecutive lists of at most `size` items (the last one shorter)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


_JSON_CACHE: dict[int, tuple[object, str]] = {}


def json_text(value) -> str:
    """JSON text of a value; the same object shared by many rows (a dict of changes) is encoded once."""
    cached = _JSON_CACHE.get(id(value))
    if cached is not None and cached[0] is value:
        return cached[1]
    text = json.dumps(value, ensure_ascii=False)
    if len(_JSON_CACHE) > 1000:
        _JSON_CACHE.clear()
    _JSON_CACHE[id(value)] = (value, text)
    return text


def analyze_after_bulk_load(*model_classes: type[models.Model]) -> None:
    """Refresh PostgreSQL's statistics of these tables after a bulk load, so that the next queries (a bilan
    computed right away) are planned on the real sizes; autovacuum would do it, later. Nothing on SQLite."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in model_classes:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _getters(fields: list[models.Field]) -> list:
    """One function per column turning a row (dict of attnames) into what the driver adapts."""
    sqlite = connection.vendor == "sqlite"
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    getters = []
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            getters.append(lambda row, now=now: now)
            continue
        default = f.get_default() if f.has_default() else (None if f.null else "")
        if isinstance(f, models.JSONField):
            getters.append(lambda row, name=f.attname, d=default: json_text(row.get(name, d)))
        elif sqlite and isinstance(f, models.DecimalField):
            getters.append(lambda row, name=f.attname: None if row.get(name) is None else str(row[name]))
        elif sqlite and isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
            getters.append(lambda row, name=f.attname: row[name].isoformat() if row.get(name) else None)
        else:
            getters.append(lambda row, name=f.attname, d=default: row.get(name, d))
    return getters


def raw_insert(model: type[models.Model], rows: Iterable[dict], batch: int = BATCH) -> int:
    """INSERT many rows without building model instances (COPY on PostgreSQL, executemany on SQLite).

    `rows` may be any iterable (a generator keeps memory flat); values are already typed, fields absent
    from a row take their default, auto_now fields the current time. Returns the number of rows written.
    """
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    getters = _getters(fields)
    quote = connection.ops.quote_name
    table, columns = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    written = 0
    if connection.vendor == "postgresql":
        iterator = iter(rows)
        first = next(iterator, None)
        if first is None:
            return 0
        # COPY is the fastest way into PostgreSQL (psycopg 3 adapts the Python values).
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            copy.write_row(tuple(get(first) for get in getters))
            written = 1
            for row in iterator:
                copy.write_row(tuple(get(row) for get in getters))
                written += 1
        return written
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    with connection.cursor() as cursor:
        for chunk in chunks(rows, batch):
            cursor.executemany(sql, [tuple(get(row) for get in getters) for row in chunk])
            written += len(chunk)
    return written


def row_hash(values: Iterable) -> int:
    """A 64-bit hash of a row's values, compared within one process to find which rows of a large load
    differ from the stored ones without building a model instance per stored row.

    Python's own hash of the tuple: equal values hash equal whatever their spelling (Decimal("41.50") and
    Decimal("41.5"), a date read from either database), strings are hashed with SipHash. Values of one
    column have one type, so the cross-type equalities of numbers (1 == True) never meet. Two different
    rows share a hash with a probability of about 2⁻⁶⁴ per changed row."""
    return hash(tuple(values))
