"""The practice notebooks: one per page with an exercises section, made from it, stored
executed, and they work: with the page's solutions typed into their answer cells, every check
passes in a fresh kernel.

``python -m site_tools notebooks --only <dir>`` regenerates them (see site_tools/practice.py).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import nbformat
import pytest

from conftest import page_flags
from site_tools.exercises import doctest_source, find_section
from site_tools.notebook_run import execute
from site_tools.notebooks import chapter_pages, language
from site_tools.practice import answer_cells, has_exercises, page_to_practice, practice_path
from tests.docs_inventory import DOCS

PAGES = [p for p in chapter_pages(DOCS) if has_exercises(p)]
REGENERATE = "python -m site_tools notebooks --only {}"
PASSED = {"ko": "통과", "en": "passed"}
BARE_CALL = re.compile(r"check_\w+\(\w*(?:, \w+)*\)")


def rel(page: Path) -> str:
    return str(page.relative_to(DOCS))


def stored(page: Path) -> nbformat.NotebookNode:
    path = practice_path(page)
    if not path.is_file():
        pytest.fail(f"{rel(page)} has exercises but no {path.name}: run `{regenerate(page)}`")
    return nbformat.read(path, as_version=4)


def regenerate(page: Path) -> str:
    return REGENERATE.format(page.parent.relative_to(DOCS).as_posix())


def solutions(page: Path) -> list[str]:
    """Each exercise's solution code, as a learner would type it into the answer cell."""
    section = find_section(page.read_text(encoding="utf-8"), language(page))
    assert section is not None
    return [
        "".join(doctest_source(b) for a in e.admonitions_of("success") for b in a.code)
        for e in section.exercises
    ]


def _shape(notebook: nbformat.NotebookNode) -> list[tuple]:
    return [
        (c.cell_type, c.source, tuple(c.metadata.get("tags", [])), tuple(c.get("attachments", {})))
        for c in notebook.cells
    ]


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_practice_notebook_is_up_to_date_with_its_page(page: Path) -> None:
    fresh, kept = _shape(page_to_practice(page)), _shape(stored(page))
    assert fresh == kept, (
        f"{practice_path(page).name} of {rel(page)} is stale: run `{regenerate(page)}`"
    )


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_practice_notebook_holds_no_solution_and_was_run(page: Path) -> None:
    notebook = stored(page)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code), f"run `{regenerate(page)}`"
    assert not any(c.get("outputs") and c.outputs[0].output_type == "error" for c in code)
    answers = answer_cells(notebook)
    assert len(answers) == len(solutions(page)), "one empty answer cell per exercise"
    for cell in answers:
        assert cell.source.startswith("# ") and "\n" not in cell.source, cell.source
    text = "\n".join(c.source for c in notebook.cells)
    for solution in solutions(page):
        # Lines long enough to be telling; a check called on bare names is what the answer
        # cell's comment says to write anyway.
        lines = [
            line
            for line in solution.splitlines()
            if len(line.strip()) > 25 and not BARE_CALL.fullmatch(line.strip())
        ]
        assert not any(line in text for line in lines), "a solution line is in the notebook"
    assert "Traceback" not in text and "raises-exception" not in str(notebook.cells)


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_practice_notebook_passes_with_the_page_solutions(page: Path) -> None:
    notebook = stored(page)
    for cell, solution in zip(answer_cells(notebook), solutions(page), strict=True):
        cell.source += "\n" + solution
    with tempfile.TemporaryDirectory(prefix="scratch-practice-test-") as workdir:
        execute(notebook, page_flags(), Path(workdir))  # an error fails here, with its cell
    for cell in answer_cells(notebook):
        printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        assert PASSED[language(page)] in printed, f"{cell.source}\nprinted {printed!r}"


PAGE = """---
min_examples: 2
---

# 99장 시험

## 99.1 정리

끝.

## 연습 문제

```python
import numpy as np
```

### 연습 99.1 두 배

\\(2x\\)를 돌려주는 `double`을 만드세요.

```python
def check_double(double, rng=0):
    x = np.random.default_rng(rng).normal(size=3)
    if not np.allclose(double(x), 2 * x):
        raise AssertionError("두 배가 아닙니다")
    print("통과: 두 배")
```

??? tip "힌트"

    곱하기입니다.

??? failure "틀린 답을 넣으면"

    ```python
    >>> check_double(lambda x: x + 2)
    Traceback (most recent call last):
    ...
    AssertionError: 두 배가 아닙니다
    ```

??? success "풀이"

    ```python
    check_double(lambda x: 2 * x)
    ```
"""


def test_the_command_writes_the_practice_notebook(tmp_path: Path, capsys) -> None:
    from site_tools.__main__ import main as site_main

    chapter = tmp_path / "docs" / "ch99"
    chapter.mkdir(parents=True)
    (chapter / "index.md").write_text(PAGE, encoding="utf-8")
    assert site_main(["notebooks", "--docs", str(tmp_path / "docs"), "--only", "ch99"]) == 0
    assert "wrote docs/ch99/practice.ipynb" in capsys.readouterr().out
    title, imports, heading, check, hint, answer = nbformat.read(
        chapter / "practice.ipynb", as_version=4
    ).cells
    assert title.source.startswith("# 99장 시험 — 연습 문제 노트북\n\n") and "힌트" in title.source
    assert imports.source == "import numpy as np" and imports.execution_count == 1
    assert heading.source == "### 연습 99.1 두 배\n\n$2x$를 돌려주는 `double`을 만드세요."
    assert check.source.startswith("def check_double(double, rng=0):")
    assert hint.source == "<details><summary>힌트</summary>\n\n곱하기입니다.\n\n</details>"
    assert hint.metadata.tags == ["hint"]
    # The comment names the check's parameters, never the solution's arguments.
    assert answer.source == "# 여기에 답을 쓰세요 (정의할 것: double). 확인: check_double(double)"
    assert answer.metadata.tags == ["answer"] and answer.execution_count == 3
    chapter_notebook = nbformat.read(chapter / "notebook.ipynb", as_version=4)
    raising = [
        c for c in chapter_notebook.cells if "raises-exception" in c.metadata.get("tags", [])
    ]
    assert [c.outputs[0].evalue for c in raising] == ["두 배가 아닙니다"]
    assert any(c.source == "**풀이**" for c in chapter_notebook.cells)
