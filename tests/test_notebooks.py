"""The chapter notebooks: generated from their pages, and they run top to bottom."""

from __future__ import annotations

import sys

import nbformat
import pytest

from conftest import page_flags
from tests.docs_inventory import DOCS, ROOT

sys.path.insert(0, str(ROOT / "docs" / "hooks"))
from notebooks import chapter_pages, notebook_path, page_to_notebook

PAGES = chapter_pages(DOCS)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_notebook_is_up_to_date_with_its_page(page) -> None:
    committed = nbformat.read(notebook_path(page), as_version=4)
    assert committed == page_to_notebook(page), (
        f"{notebook_path(page).name} is stale: run `python docs/hooks/notebooks.py`"
    )


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_notebook_runs(page, tmp_path, monkeypatch) -> None:
    from nbclient import NotebookClient

    notebook = nbformat.read(notebook_path(page), as_version=4)
    flags = page_flags()
    # Cells the page skips on this machine (e.g. MNIST training images absent) are dropped.
    notebook.cells = [
        cell
        for cell in notebook.cells
        if all(
            flags.get(tag.split(":", 1)[1], False)
            for tag in cell.metadata.get("tags", [])
            if tag.startswith("requires:")
        )
        and "skip" not in cell.metadata.get("tags", [])
    ]
    monkeypatch.setenv("MPLBACKEND", "Agg")
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    errors = [
        out
        for cell in notebook.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    assert not errors, errors
