"""Library source shown on the pages, single-sourced.

A page shows a class or function of the library by including a *section* of its module,
with the syntax of ``pymdownx.snippets`` (which does the same at build time)::

    ```python
    --8<-- "scratch/layers/activation.py:relu"
    ```

and the module marks the section with comment lines ``# --8<-- [start:relu]`` and
``# --8<-- [end:relu]``. :func:`expand` performs the inclusion for the tests, so the code a
page's test runs is the code its reader sees: the library's own lines, never a copy.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INCLUDE = re.compile(
    r'^(?P<indent>[ \t]*)--8<-- "(?P<path>[^":]+)(?::(?P<name>[\w.-]+))?"[ \t]*$', re.M
)
MARKER = re.compile(r"--8<-- \[(?P<kind>start|end):(?P<name>[\w.-]+)\]")


def section(path: str, name: str | None = None, root: Path = ROOT) -> str:
    """The lines of ``path`` between its ``start:name`` and ``end:name`` markers, dedented
    (the whole file without marker lines when ``name`` is None)."""
    lines = (root / path).read_text(encoding="utf-8").splitlines()
    kept: list[str] = []
    inside = name is None
    found = name is None
    for line in lines:
        marker = MARKER.search(line)
        if marker is None:
            if inside:
                kept.append(line)
            continue
        if marker["name"] == name:
            inside = marker["kind"] == "start"
            found = True
    if not found or (name is not None and inside):
        raise ValueError(f"{path}: no complete section {name!r} (markers '# --8<-- [start:{name}]'"
                         f" and '# --8<-- [end:{name}]')")  # fmt: skip
    return textwrap.dedent("\n".join(kept)).strip("\n")


def expand(source: str, root: Path = ROOT) -> str:
    """``source`` with every include line replaced by the section it names."""

    def include(match: re.Match[str]) -> str:
        text = section(match["path"], match["name"], root)
        return textwrap.indent(text, match["indent"])

    return INCLUDE.sub(include, source)
