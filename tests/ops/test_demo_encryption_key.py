"""`make demo` seeds owners' bank details and serves them with the same encryption key: a key drawn once
for the installation (var/demo-encryption-key), never one derived from a SECRET_KEY that differs between
the seed (none) and the server (var/demo-secret-key) — which made every page with bank details fail."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KEY = 'CLEF_FIELD_ENCRYPTION_KEYS="$(cat var/demo-encryption-key)"'


def dry_run(target: str) -> str:
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", target], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout


def test_the_seed_and_the_server_use_the_same_encryption_key():
    seed = [line for line in dry_run("seed").splitlines() if "seed_demo" in line]
    web = [line for line in dry_run("web").splitlines() if "runserver" in line]
    assert seed and KEY in seed[0]
    assert web and KEY in web[0]
