"""Modules and functions stay small enough to read: no module over 400 lines,
no function over 60, in the app, the benchmarks and the tests. A module or
function may be longer only when a comment at its top says why, starting
``# size:`` (for a module, among its first lines; for a function, on the
line of its ``def`` or the line after). Migrations are left out: a
migration's length is that of the schema change it makes.

No linter does this: ruff and pylint count statements or branches, not
lines, and the flake8 plugins that count lines are not kept up.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("selfassess", "bench", "tests")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
REASON = "# size:"


def python_files() -> list[Path]:
    return sorted(path for folder in FOLDERS for path in (ROOT / folder).rglob("*.py"))


def explained(lines: list[str], line_number: int, span: int = 2) -> bool:
    """A ``# size:`` comment on this line (1-based) or within ``span`` lines after it."""
    return any(REASON in line for line in lines[line_number - 1 : line_number - 1 + span])


def long_functions(path: Path, root: Path = ROOT) -> list[str]:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    found = []
    for node in ast.walk(ast.parse(text, filename=str(path))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            length = node.end_lineno - first + 1  # type: ignore[operator]
            if length > MAX_FUNCTION_LINES and not explained(lines, node.lineno):
                found.append(f"{path.relative_to(root)}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_no_module_is_over_400_lines():
    too_long = []
    for path in python_files():
        lines = path.read_text(encoding="utf-8").splitlines()
        if len(lines) > MAX_MODULE_LINES and not explained(lines, 1, span=15):
            too_long.append(f"{path.relative_to(ROOT)} ({len(lines)} lines)")
    assert not too_long, "modules over 400 lines (split them, or say why with '# size:'): " + ", ".join(too_long)


def test_no_function_is_over_60_lines():
    too_long = [found for path in python_files() for found in long_functions(path)]
    assert not too_long, "functions over 60 lines (split them, or say why with '# size:'): " + ", ".join(too_long)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def f():\n" + "    x = 1\n" * 60, ["f (61 lines)"]),
        ("def f():\n" + "    x = 1\n" * 59, []),
        ("def f():  # size: a table of every case, one per line\n" + "    x = 1\n" * 80, []),
        ("@decorator\ndef f():\n" + "    x = 1\n" * 59, ["f (61 lines)"]),
    ],
)
def test_the_function_check_counts_lines_from_the_first_decorator(tmp_path, source, expected):
    path = tmp_path / "example.py"
    path.write_text(source)
    found = [line.split(" ", 1)[1] for line in long_functions(path, tmp_path)]
    assert found == expected
