"""Benchmark: import_iml of the national dataset into an empty database, then the JSON bilan.

    DATABASE_URL=postgres://… python bench/bench_import.py bench/data/national
    python bench/bench_import.py bench/data/national            # SQLite file var/bench.sqlite3

Prints one JSON line with the timings (seconds) of each phase; not part of `make test`.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")


def main(folder: Path) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from clef.bilan.indicators import compute
    from clef.exchange.importer import import_dataset
    from clef.exchange.reader import read_dataset

    if connection.vendor == "sqlite":
        Path(connection.settings_dict["NAME"]).unlink(missing_ok=True)
        connection.close()
    else:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    result: dict[str, object] = {"database": connection.vendor}
    started = time.perf_counter()
    dataset = read_dataset(folder, max_rows=10_000_000)  # the national file is over the web limit
    report = import_dataset(dataset)
    result["import_s"] = round(time.perf_counter() - started, 1)
    result["rows"] = {name: c["créés"] for name, c in report.counts.items()}
    assert report.ok, [str(p) for p in report.errors[:5]]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    compute(2024)  # warm-up
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        compute(2024)
        runs.append(time.perf_counter() - started)
    result["bilan_json_s_median"] = round(statistics.median(runs), 2)
    result["bilan_json_s_runs"] = [round(r, 2) for r in runs]
    started = time.perf_counter()
    again = import_dataset(read_dataset(folder, max_rows=10_000_000))
    result["reimport_unchanged_s"] = round(time.perf_counter() - started, 1)
    assert all(c["créés"] == 0 and c["modifiés"] == 0 for c in again.counts.values())
    return result


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1])), ensure_ascii=False))
