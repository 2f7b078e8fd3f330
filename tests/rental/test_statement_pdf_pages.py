"""The statement PDF never leaves the closing balance alone on its last page: the last lines go with it."""

import re
import subprocess
from datetime import date
from decimal import Decimal

import pytest

from clef.rental import pdf, services
from clef.rental.enums import EntryKind
from tests.factories.rental import LeaseFactory

pytestmark = pytest.mark.django_db


def pages(content: bytes, tmp_path) -> list[str]:
    path = tmp_path / "releve.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return [page for page in text.stdout.split("\f") if page.strip()]


def test_the_closing_balance_keeps_the_last_lines_with_it(user, tmp_path):
    lease = LeaseFactory()
    seen_two_pages = False
    for count in range(1, 57):
        services.post_charge(
            lease, EntryKind.FRAIS, Decimal("1"), date(2026, 3, 2), f"Ligne {count}", acting_user=user
        )
        if count < 30 or count > 56 or count % 2:
            continue
        found = pages(pdf.statement_pdf(lease, date(2026, 3, 1), date(2026, 3, 31)), tmp_path)
        last = found[-1]
        assert "Solde au 31/03/2026" in last
        assert re.search(rf"Ligne {count}\b", last), (count, len(found))
        assert len(re.findall(r"Ligne \d+", last)) >= min(3, count)
        seen_two_pages |= len(found) > 1
    assert seen_two_pages
