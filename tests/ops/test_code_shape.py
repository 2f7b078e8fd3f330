"""The shape the house keeps (issue 7 §1): no application file over 400 lines, no function over 60, so that
each module reads as one job and each function as one step. Migrations are generated: not counted."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "clef"
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60


def _sources():
    return [p for p in sorted(ROOT.rglob("*.py")) if "migrations" not in p.parts]


def test_the_walk_sees_the_application():
    assert len(_sources()) > 100


def test_no_application_file_is_over_400_lines():
    long = {
        str(p.relative_to(ROOT)): n for p in _sources() if (n := p.read_text().count("\n")) > MAX_FILE_LINES
    }
    assert not long, long


def test_no_function_is_over_60_lines():
    long = {}
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"] = length
    assert not long, long
