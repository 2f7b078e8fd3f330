"""Portable SQL helpers so the same aggregate queries run on SQLite and PostgreSQL (the bilan, the funding)."""

from django.db.models import FloatField, Func


class DayNumber(Func):
    """A date as a number of days (difference of two is a duration in days, on every backend)."""

    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="julianday", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql})::date - DATE '1970-01-01')::double precision", params

    def as_sql(self, compiler, connection, function=None, **extra):
        if function is None:  # other backends: fall back to the SQL-standard extraction
            sql, params = compiler.compile(self.source_expressions[0])
            return f"CAST(({sql}) - DATE '1970-01-01' AS DOUBLE PRECISION)", params
        return super().as_sql(compiler, connection, function=function, **extra)
