"""Where things live: the rules a newcomer relies on, checked so they cannot silently erode.

- ``scratch`` is the book's library: it never imports the site's machinery (``site_tools``)
  or the benchmark harness, and pages never take a value from a figure module.
- Every module of ``scratch``, ``site_tools`` and ``benchmarks`` is short enough to read in
  one sitting.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.docs_inventory import DOCS, ROOT, pages

MAX_LINES = 300
PACKAGES = ("scratch", "site_tools", "benchmarks")
MODULES = sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_module_is_short(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines (> {MAX_LINES})"


@pytest.mark.parametrize(
    "path", sorted((ROOT / "scratch").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_library_does_not_import_the_site_machinery(path: Path) -> None:
    outside = {n for n in _imports(path) if n.split(".")[0] in ("site_tools", "benchmarks")}
    assert not outside, f"{path.relative_to(ROOT)} imports {sorted(outside)}"


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_pages_take_no_values_from_figure_modules(page: Path) -> None:
    assert "site_tools.figures" not in page.read_text(encoding="utf-8")
