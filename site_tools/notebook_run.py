"""Execute the chapter notebooks and store them with their outputs.

``python -m site_tools notebooks [--only chNN]`` makes each chapter's notebooks from its pages
(:mod:`site_tools.notebooks`; the practice notebooks of the exercises sections,
:mod:`site_tools.practice`), runs them top to bottom in a fresh kernel (working directory a
temporary one, ``MPLBACKEND=Agg``) and writes them with their outputs, so the notebook pages on
the site show what the code prints. A cell tagged ``requires:FLAG`` runs only where the flag
holds, as on the page; where it does not, the cell is kept without outputs and its part of the
notebook opens with a note saying what it needs.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import nbformat
from nbformat import NotebookNode

from site_tools.notebooks import (
    DOCS,
    NEEDS,
    chapter_pages,
    fetch_commands,
    notebook_path,
    page_to_notebook,
    required_flags,
)
from site_tools.practice import has_exercises, page_to_practice, practice_path

ROOT = DOCS.parent
CELL_TIMEOUT = 900  # seconds; the slowest default cell takes well under a minute


def page_flags() -> dict[str, bool]:
    """The flags the pages see on this machine (``conftest.page_flags``, the one definition),
    so that a notebook leaves out exactly what its page skips."""
    spec = importlib.util.spec_from_file_location("_pages_conftest", ROOT / "conftest.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.page_flags()


class NotRun(NamedTuple):
    """A cell left out because a flag it needs is false here."""

    index: int
    missing: tuple[str, ...]


def not_run_reason(cells: Iterable[NotRun]) -> str:
    """Which cells were left out and the remedy, in words for a reader (and a skip message)."""
    groups: dict[tuple[str, ...], int] = {}
    for cell in cells:
        groups[cell.missing] = groups.get(cell.missing, 0) + 1
    parts = []
    for missing, count in groups.items():
        if "skip" in missing:
            parts.append(f"{count} cell(s) the page does not run either")
            continue
        needs = [f"{NEEDS[f].en} (`pip install {NEEDS[f].install}`)"
                 for f in missing if f in NEEDS and NEEDS[f].install]  # fmt: skip
        data = [NEEDS[f].en if f in NEEDS else f for f in missing
                if f != "FULL" and not (f in NEEDS and NEEDS[f].install)]  # fmt: skip
        if data:
            fetch = " and ".join(f"`{c}`" for c in fetch_commands(list(missing)))
            needs.append(f"{' and '.join(data)} ({fetch})")
        if "FULL" in missing:
            needs.append("SCRATCH_FULL=1 (full size, minutes each)")
        parts.append(f"{count} cell(s) need {' and '.join(needs)}")
    return "not run: " + "; ".join(parts)


class CellFailed(Exception):
    """A cell raised where the page does not show it raising."""

    def __init__(self, index: int, source: str, error: str) -> None:
        super().__init__(f"cell {index} raised {error}\n{source}")


def kernel_env() -> dict[str, str]:
    """The kernel's environment: the pages' settings, and the repository importable as it is
    for the pages under pytest (chapter 6 reads its recorded runs through site_tools)."""
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    settings = {"MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1", "PYTHONHASHSEED": "0"}
    return {**os.environ, "PYTHONPATH": path, **settings}


def execute(notebook: NotebookNode, flags: dict[str, bool], workdir: Path) -> list[NotRun]:
    """Run the cells whose flags hold, in order, in one fresh kernel working in ``workdir``;
    the others lose their outputs. A cell that raises, unless tagged ``raises-exception``,
    stops the run with :class:`CellFailed`."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from traitlets.config import Config

    not_run = []
    with tempfile.TemporaryDirectory(prefix="scratch-kernel-") as sockets:
        client = NotebookClient(
            notebook,
            timeout=CELL_TIMEOUT,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": str(workdir)}},
            # Local sockets, not TCP ports that another process may take meanwhile.
            config=Config(KernelManager={"transport": "ipc", "ip": f"{sockets}/kernel"}),
        )
        with client.setup_kernel(env=kernel_env()):
            for index, cell in enumerate(notebook.cells):
                if cell.cell_type != "code":
                    continue
                missing = [f for f in required_flags(cell) if not flags.get(f, False)]
                if missing or "skip" in cell.metadata.get("tags", []):
                    cell.outputs, cell.execution_count = [], None
                    not_run.append(NotRun(index, tuple(missing) or ("skip",)))
                    continue
                try:
                    client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
                except CellExecutionError as error:
                    raise CellFailed(index, cell.source, f"{error.ename}: {error.evalue}") from None
    return not_run


def clean(notebook: NotebookNode) -> NotebookNode:
    """Drop what changes from run to run and says nothing: timings, kernel details."""
    notebook.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    }
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            output.get("metadata", {}).pop("execution", None)
            if output.output_type == "error":
                # What the page shows of an exception, as IPython's ``%xmode Minimal`` prints
                # it: its last line. The frames name files on the machine that made it.
                output.traceback = output.traceback[-1:]
    return notebook


def build_notebook(
    page: Path, flags: dict[str, bool], practice: bool = False
) -> tuple[NotebookNode, list[NotRun]]:
    """The notebook of ``page`` (its practice notebook if ``practice``), executed in a
    temporary directory."""
    notebook = page_to_practice(page) if practice else page_to_notebook(page)
    with tempfile.TemporaryDirectory(prefix="scratch-notebook-") as workdir:
        not_run = execute(notebook, flags, Path(workdir))
    return clean(notebook), not_run


def write_notebooks(docs: Path = DOCS, only: str | None = None) -> Iterator[tuple[bool, str]]:
    """Regenerate and execute the notebooks of the chapter ``only`` names (see
    :func:`_selected`), or of every chapter, saying for each whether it was written and what
    happened. A notebook with a cell that fails is not written: the page's code is broken,
    and the error says where."""
    flags = page_flags()
    for page in _selected(chapter_pages(docs), docs, only):
        # The practice notebook too, once the page has its exercises section.
        for practice in [False, True] if has_exercises(page) else [False]:
            out = practice_path(page) if practice else notebook_path(page)
            name = out.relative_to(docs.parent)
            try:
                notebook, not_run = build_notebook(page, flags, practice)
            except CellFailed as error:
                yield False, f"FAILED {name}, left as it was: {error}"
                continue
            nbformat.write(notebook, out)
            yield True, f"wrote {name}" + (f" ({not_run_reason(not_run)})" if not_run else "")


def _selected(pages: list[Path], docs: Path, only: str | None) -> list[Path]:
    """The pages of the chapter ``only`` names: its folder under docs (``ch01``, ``vol2/ch01``,
    ``beyond/framework``) or, when no folder is named so, its last part (``framework``). So
    ``--only ch01`` is chapter 1 of volume 1, never volume 2's chapter 1 as well."""
    if not only:
        return pages
    exact = [p for p in pages if _chapter(p, docs) == only]
    return exact or [p for p in pages if p.parent.name == only]


def _chapter(page: Path, docs: Path) -> str:
    """``ch05``, or ``vol2/ch01`` for a later volume's chapter: what ``--only`` matches."""
    return page.parent.relative_to(docs).as_posix()
