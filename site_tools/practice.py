"""Practice notebooks, made from the exercises section of a teaching page.

Beside a page that ends with an exercises section (:mod:`site_tools.exercises`),
``python -m site_tools notebooks`` writes ``practice.ipynb`` (ko) / ``practice.en.ipynb`` (en):

- a title and a cell on how to use the notebook, in the page's language;
- the section's introduction (its imports) and, for each exercise, its heading, prose and the
  code that defines its checks, as on the page;
- the hint as a ``<details>`` block (a Markdown cell tagged ``hint``), closed until opened;
- no wrong-answer demonstration and no solution: in their place one empty code cell tagged
  ``answer`` whose one-line comment says what to write and which check to call.

The notebook is executed like a chapter notebook (the checks are defined; the answer cells
hold only a comment), and ``tests/test_notebooks.py`` fails when it is stale.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat import NotebookNode

from site_tools import exercises, snippets
from site_tools.notebooks import language, markdown_cells

PRACTICE = {"ko": "practice.ipynb", "en": "practice.en.ipynb"}
TITLE = {"ko": " — 연습 문제 노트북", "en": " — practice notebook"}
HINT = {"ko": "힌트", "en": "Hint"}
HOW_TO = {
    "ko": "이 장의 연습 문제를 직접 풀어 보는 노트북입니다. 장 노트북과 같은 커널(`scratch`를 "
    "불러올 수 있는 가상 환경)에서 위에서부터 차례로 실행하세요.\n\n"
    "- 문제마다 코드 셀이 자기 점검 함수(`check_…`)를 정의합니다. 먼저 실행해 두세요.\n"
    "- 문제 아래의 빈 셀에 답을 쓰고, 셀의 주석이 말하는 점검 함수를 호출하세요. 맞으면 "
    "`통과: …`가 출력되고, 틀리면 무엇이 틀렸는지 말하는 `AssertionError`가 납니다.\n"
    "- 막히면 **힌트**를 펼쳐 보세요. 풀이는 장 페이지 끝의 ‘연습 문제’ 절에 접혀 있습니다.",
    "en": "A notebook for solving this chapter's exercises yourself. Run it from the top, in "
    "the same kernel as the chapter notebook (a virtual environment that can import "
    "`scratch`).\n\n"
    "- Each exercise has a code cell that defines its self-check (`check_…`): run it first.\n"
    "- Write your answer in the empty cell below the exercise and call the check its comment "
    "names. A right answer prints `passed: …`; a wrong one raises an `AssertionError` that "
    "says what is wrong.\n"
    "- Stuck? Open the **Hint**. The solutions are folded away in the 'Exercises' section at "
    "the end of the chapter's page.",
}


def practice_path(page: Path) -> Path:
    return page.parent / PRACTICE[language(page)]


def has_exercises(page: Path) -> bool:
    text = page.read_text(encoding="utf-8")
    return exercises.find_section(text, language(page)) is not None


def answer_comment(exercise: exercises.Exercise, lang: str) -> str:
    """One line saying what to write and which check to call, from the checks the solution
    calls and the parameters they take (never the solution's own arguments: a predicted
    value would be given away)."""
    solution = [b for a in exercise.admonitions_of("success") for b in a.code]
    defined = exercises.defined_checks(exercise.code)
    names = [n for n in exercises.called_checks(solution) if n in defined] or list(defined)
    params = list(dict.fromkeys(p for n in names for p in defined[n]))
    calls = [f"{n}({', '.join(defined[n])})" for n in names]
    if lang == "ko":  # no particle after code: its reading decides the particle's form
        what = f" (정의할 것: {', '.join(params)})" if params else ""
        return f"# 여기에 답을 쓰세요{what}. 확인: {', '.join(calls)}"
    call = " and ".join(calls)
    if not params:
        return f"# Write your answer here, then call {call}"
    return f"# Your answer: define {', '.join(params)}, then call {call}"


def _hint(admonition: exercises.Admonition, lang: str) -> str:
    title = admonition.title or HINT[lang]
    return (
        '<!-- #region tags=["hint"] -->\n'
        f"<details><summary>{title}</summary>\n\n{admonition.body}\n\n</details>\n"
        "<!-- #endregion -->\n\n"
    )


def practice_markdown(section: exercises.Section, lang: str) -> str:
    """The section as the practice notebook shows it, in the page's Markdown."""
    parts = [section.intro]
    for exercise in section.exercises:
        text = exercise.text
        for admonition in exercise.admonitions_of("tip"):
            text += "\n" + _hint(admonition, lang)
        # Other admonitions (a note) stay as the page has them; failure and success go.
        for admonition in exercise.admonitions:
            if admonition.kind not in ("tip", "failure", "success"):
                body = "\n".join(f"> {line}" for line in admonition.body.splitlines())
                text += f"\n> **{admonition.title}**\n>\n{body}\n\n"
        text += f"\n```python\n{answer_comment(exercise, lang)}\n```\n"
        parts.append(text.rstrip("\n") + "\n\n")
    return "".join(parts)


def page_to_practice(page: Path) -> NotebookNode:
    """The practice notebook of a page with an exercises section, without outputs."""
    lang = language(page)
    text = page.read_text(encoding="utf-8")
    section = exercises.find_section(text, lang)
    if section is None:
        raise ValueError(f"{page}: no '{exercises.SECTION[lang]}' section to make practice of")
    body = exercises.strip_front_matter(text)
    title = next((h for _, level, h in exercises.headings(body) if level == 1), "# ")
    markdown = snippets.expand(practice_markdown(section, lang))
    cells = [nbformat.v4.new_markdown_cell(f"{title}{TITLE[lang]}\n\n{HOW_TO[lang]}")]
    cells += markdown_cells(markdown, lang, page.parent)
    answers = {answer_comment(exercise, lang) for exercise in section.exercises}
    for cell in cells:
        if cell.cell_type == "code" and cell.source in answers:
            cell.metadata["tags"] = ["answer"]
    for i, cell in enumerate(cells):
        cell["id"] = f"cell-{i}"
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    }
    return notebook


def answer_cells(notebook: NotebookNode) -> list[NotebookNode]:
    return [c for c in notebook.cells if "answer" in c.metadata.get("tags", [])]
