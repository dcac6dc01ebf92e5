"""The chapter notebooks: one per chapter page, made from it, stored with outputs, and they run.

``python -m site_tools notebooks`` regenerates them (see site_tools/notebooks.py).
"""

from __future__ import annotations

import ast
import functools
import tempfile
from pathlib import Path

import nbformat
import pytest

from conftest import page_flags
from site_tools.notebook_run import NotRun, execute, not_run_reason
from site_tools.notebook_run import page_flags as generator_flags
from site_tools.notebooks import (
    chapter_pages,
    notebook_path,
    page_to_notebook,
    required_flags,
    requirement_note,
)
from tests.docs_inventory import DOCS, page_blocks

PAGES = chapter_pages(DOCS)
REGENERATE = "python -m site_tools notebooks --only {}"


def rel(page: Path) -> str:
    return str(page.relative_to(DOCS))


def committed(page: Path) -> nbformat.NotebookNode:
    return nbformat.read(notebook_path(page), as_version=4)


def test_every_chapter_page_has_both_notebooks() -> None:
    chapters = sorted({page.parent for page in PAGES})
    assert len(chapters) >= 9
    for chapter in chapters:
        for name in ("index.md", "index.en.md", "notebook.ipynb", "notebook.en.ipynb"):
            assert (chapter / name).is_file(), f"{rel(chapter)}/{name} is missing"


def test_the_generator_sees_the_flags_the_pages_see() -> None:
    assert generator_flags() == page_flags()


def _shape(notebook: nbformat.NotebookNode) -> list[tuple]:
    return [
        (
            cell.cell_type,
            cell.source,
            tuple(cell.metadata.get("tags", [])),
            tuple(sorted(cell.get("attachments", {}))),
        )
        for cell in notebook.cells
    ]


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_notebook_is_up_to_date_with_its_page(page: Path) -> None:
    fresh, stored = _shape(page_to_notebook(page)), _shape(committed(page))
    first_change = next(
        (i for i, (a, b) in enumerate(zip(fresh, stored, strict=False)) if a != b),
        min(len(fresh), len(stored)),
    )
    assert fresh == stored, (
        f"{notebook_path(page).name} of {page.parent.name} is stale from cell {first_change}: "
        f"run `{REGENERATE.format(page.parent.name)}`"
    )


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_notebook_is_stored_with_its_outputs(page: Path) -> None:
    notebook = committed(page)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    # Cells that need nothing ran when the notebook was made ...
    unrun = [c.source[:60] for c in code if not required_flags(c) and c.execution_count is None]
    remedy = REGENERATE.format(page.parent.name)
    assert not unrun, f"stored without running: {unrun}; run `{remedy}`"
    # ... and the outputs the page shows are there (a shown output ends a notebook cell).
    shown = sum(
        1
        for block in page_blocks(page)
        if block.always_runs
        for source, want in zip(block.sources, block.wants, strict=False)
        if jupyter_shows(source, want)
    )
    with_output = sum(1 for c in code if not required_flags(c) and c.get("outputs"))
    assert with_output >= shown, f"{with_output} cells with stored outputs, the page shows {shown}"
    assert "execution" not in str([c.metadata for c in notebook.cells]), "timings were stored"


def jupyter_shows(source: str, want: str) -> bool:
    """Whether Jupyter shows output for a doctest example the page shows output for. The
    interpreter echoes every expression statement, even inside ``with`` or ``for``; Jupyter
    shows the value of a cell's last statement only when it is an expression."""
    if not want:
        return False
    if want.startswith("Traceback (most recent call last)"):
        return True
    body = ast.parse(source).body
    return bool(body) and isinstance(body[-1], ast.Expr)


@functools.cache
def run(page: Path) -> tuple[nbformat.NotebookNode, tuple[NotRun, ...]]:
    """The committed notebook, executed here in a fresh kernel (cells needing absent data
    left out, as on the page)."""
    notebook = committed(page)
    with tempfile.TemporaryDirectory(prefix="scratch-notebook-test-") as workdir:
        not_run = execute(notebook, page_flags(), Path(workdir))
    return notebook, tuple(not_run)


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_notebook_runs(page: Path) -> None:
    notebook, _ = run(page)  # a cell that raises unexpectedly fails here, with its traceback
    for cell in notebook.cells:
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        if errors:  # only where the page shows the exception
            assert "raises-exception" in cell.metadata.get("tags", []), cell.source


def _needs_data(page: Path) -> bool:
    return any(required_flags(cell) for cell in committed(page).cells)


@pytest.mark.parametrize("page", [p for p in PAGES if _needs_data(p)], ids=rel)
def test_notebook_cells_that_need_data_run_where_it_is(page: Path) -> None:
    notebook, not_run = run(page)
    if not_run:
        pytest.skip(not_run_reason(not_run))
    needing = [c for c in notebook.cells if c.cell_type == "code" and required_flags(c)]
    assert all(c.execution_count is not None for c in needing)


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_each_part_that_needs_data_opens_with_a_note(page: Path) -> None:
    lang = "en" if page.name.endswith(".en.md") else "ko"
    cells = committed(page).cells
    for i, cell in enumerate(cells):
        flags = required_flags(cell)
        if cell.cell_type != "code" or not flags:
            continue
        before = [c for c in cells[:i] if "note" in c.metadata.get("tags", [])]
        assert before and before[-1].source == requirement_note(flags, lang), cell.source[:80]


def test_skip_reason_names_the_remedy() -> None:
    reason = not_run_reason([NotRun(3, ("HAVE_MNIST_TRAIN",)), NotRun(4, ("HAVE_MNIST_TRAIN",))])
    assert "2 cell(s) need the MNIST training images (`scratch data fetch mnist`)" in reason
    assert "SCRATCH_FULL=1" in not_run_reason([NotRun(1, ("FULL",))])
    # A package is installed, not fetched: the remedy is pip, and data is named apart.
    both = not_run_reason([NotRun(5, ("HAVE_TORCH", "HAVE_FASHION_MNIST"))])
    assert "PyTorch (`pip install torch`) and Fashion-MNIST" in both, both
    for lang in ("ko", "en"):
        note = requirement_note(["HAVE_TORCH"], lang)
        assert "`pip install torch`" in note and "scratch data fetch" not in note, note


PAGE = """---
min_examples: 2
---

# 99장 시험

글 \\(x^2\\) 와 그림 ![고리](figures/ring.png)

```python
>>> 1 + 1
2
>>> y = 3
>>> int("a")
Traceback (most recent call last):
ValueError: invalid literal for int() with base 10: 'a'
```

```bash
scratch data fetch mnist
```

<!-- skip: start if(not FULL or not HAVE_MNIST_TEST, reason="...") -->

```python
z = 1
```

<!-- skip: end -->
"""


def test_the_command_makes_and_runs_the_notebooks(tmp_path: Path, capsys) -> None:
    from site_tools.__main__ import main as site_main

    chapter = tmp_path / "docs" / "ch99"
    (chapter / "figures").mkdir(parents=True)
    (chapter / "figures" / "ring.png").write_bytes(b"ko-png")
    (chapter / "figures" / "ring.en.png").write_bytes(b"en-png")
    (chapter / "index.md").write_text(PAGE, encoding="utf-8")
    (chapter / "index.en.md").write_text(PAGE.replace("99장 시험", "Chapter 99"), encoding="utf-8")
    assert site_main(["notebooks", "--docs", str(tmp_path / "docs"), "--only", "ch99"]) == 0
    assert "wrote docs/ch99/notebook.en.ipynb" in capsys.readouterr().out

    notebook = nbformat.read(chapter / "notebook.ipynb", as_version=4)
    title, two, three, bash, note, z = notebook.cells
    assert title.source.startswith("# 99장 시험 — 노트북\n\n글 $x^2$ 와 그림 ![고리](attachment:")
    assert list(title.attachments) == ["ring.png"]
    assert (two.source, two.outputs[0].data["text/plain"]) == ("1 + 1", "2")
    assert three.source == 'y = 3\nint("a")' and three.metadata.tags == ["raises-exception"]
    assert three.outputs[0].ename == "ValueError" and len(three.outputs[0].traceback) == 1
    assert bash.cell_type == "markdown" and "```bash" in bash.source
    assert note.source == requirement_note(["FULL", "HAVE_MNIST_TEST"], "ko")
    assert z.metadata.tags == ["requires:FULL", "requires:HAVE_MNIST_TEST"]
    flags = page_flags()
    assert (z.execution_count is not None) == (flags["FULL"] and flags["HAVE_MNIST_TEST"])
    english = nbformat.read(chapter / "notebook.en.ipynb", as_version=4)
    assert list(english.cells[0].attachments) == ["ring.en.png"]
    assert english.cells[4].source == requirement_note(["FULL", "HAVE_MNIST_TEST"], "en")


def test_the_command_says_when_no_chapter_matches(capsys) -> None:
    from site_tools.__main__ import main as site_main

    assert site_main(["notebooks", "--only", "no-such-chapter"]) == 1
    assert "no chapter matches" in capsys.readouterr().err
