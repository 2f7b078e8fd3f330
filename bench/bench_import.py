"""Benchmark: import_iml of the national dataset into an empty database, the JSON bilan, then a re-import.

    DATABASE_URL=postgres://… python bench/bench_import.py bench/data/national
    python bench/bench_import.py bench/data/national            # SQLite file var/bench.sqlite3
    python bench/bench_import.py bench/data/national --phase reimport   # re-import only (data loaded)

Each phase (first import, bilan, re-import of the same folder) runs in a process of its own, so that its
peak memory (resident set size, from getrusage) is its own. Prints one JSON line with the timings
(seconds) and peak memory (MiB) of each phase; not part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
PHASES = ("import", "bilan", "reimport")


def _peak_mib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # kilobytes on Linux


def _cpu_s() -> float:
    """CPU time of this process (the machine is shared: wall time depends on the neighbours' load)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _import(folder: Path):
    from clef.exchange.importer import import_dataset
    from clef.exchange.reader import read_dataset

    return import_dataset(
        read_dataset(folder, max_rows=10_000_000)
    )  # the national file is over the web limit


def phase_import(folder: Path) -> dict:
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        Path(connection.settings_dict["NAME"]).unlink(missing_ok=True)
        connection.close()
    else:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    started, cpu = time.perf_counter(), _cpu_s()
    report = _import(folder)
    result: dict[str, object] = {
        "import_s": round(time.perf_counter() - started, 1),
        "import_cpu_s": round(_cpu_s() - cpu, 1),
    }
    assert report.ok, [str(p) for p in report.errors[:5]]
    result["rows"] = {name: c["créés"] for name, c in report.counts.items()}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result["import_peak_mib"] = _peak_mib()
    return result


def phase_bilan(folder: Path) -> dict:
    from clef.bilan.indicators import compute

    compute(2024)  # warm-up
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        compute(2024)
        runs.append(time.perf_counter() - started)
    return {
        "bilan_json_s_median": round(statistics.median(runs), 2),
        "bilan_json_s_runs": [round(r, 2) for r in runs],
    }


def phase_reimport(folder: Path) -> dict:
    started, cpu = time.perf_counter(), _cpu_s()
    again = _import(folder)
    result = {
        "reimport_unchanged_s": round(time.perf_counter() - started, 1),
        "reimport_cpu_s": round(_cpu_s() - cpu, 1),
        "reimport_peak_mib": _peak_mib(),
    }
    assert again.ok, [str(p) for p in again.errors[:5]]
    assert all(c["créés"] == 0 and c["modifiés"] == 0 for c in again.counts.values()), again.counts
    return result


def run_phase(phase: str, folder: Path) -> dict:
    import django

    django.setup()
    from django.db import connection

    result = {"import": phase_import, "bilan": phase_bilan, "reimport": phase_reimport}[phase](folder)
    return {"database": connection.vendor, **result}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--phase", choices=(*PHASES, "all"), default="all")
    args = parser.parse_args()
    if args.phase != "all":
        print(json.dumps(run_phase(args.phase, args.folder), ensure_ascii=False))
        return
    result: dict[str, object] = {}
    for phase in PHASES:
        output = subprocess.run(
            [sys.executable, __file__, str(args.folder), "--phase", phase],
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        result.update(json.loads(output.strip().splitlines()[-1]))
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
