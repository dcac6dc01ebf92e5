"""Every teaching page ends with exercises laid out as CONTRIBUTING.md ("Exercises") says.

For each teaching page (``site_tools.notebooks.chapter_pages``), Korean and English:

- its last ``##`` section is ``## 연습 문제`` / ``## Exercises``, with 4–8 exercises, as many
  in Korean as in English;
- each exercise is headed ``### 연습 3.2 title`` / ``### Exercise 3.2 title`` (numbered in
  order; ``A.k`` on appendix A, ``1.k`` on volume 2's chapter 1, plain ``k`` on the pages beyond
  the book), defines its ``check_*`` functions in visible code (each raising ``AssertionError``
  itself and printing on success), and has one collapsed tip, one collapsed failure (a doctest
  showing a check reject a wrong answer with ``AssertionError``) and one collapsed success (the
  solution, calling a check);
- the section runs **on its own**: cut out of its page and run by Sybil with the page parsers
  of ``conftest.py`` in a fresh namespace, every block passes (so the practice notebook, which
  holds only this section, is self-contained), each solution prints the check's
  "통과"/"passed", and no block takes more than a second of CPU.
"""

from __future__ import annotations

import ast
import contextlib
import doctest
import io
import re
import time
from pathlib import Path

import pytest
from sybil import Sybil

from conftest import DOCS_PARSERS, setup, teardown
from site_tools.exercises import (
    SECTION,
    WORD,
    Exercise,
    Section,
    called_checks,
    defined_checks,
    find_section,
    headings,
    python_blocks,
    strip_front_matter,
)
from site_tools.notebooks import chapter_pages, language
from tests.docs_inventory import DOCS

PAGES = chapter_pages(DOCS)
SEE = "see CONTRIBUTING.md, 'Exercises'"
TITLES = {
    "ko": {"tip": "힌트", "failure": "틀린 답을 넣으면", "success": "풀이"},
    "en": {"tip": "Hint", "failure": "What a wrong answer gives", "success": "Solution"},
}
PASSED = {"ko": "통과", "en": "passed"}
CPU_SECONDS = 1.0  # per block; the convention asks for well under a second


def rel(page: Path) -> str:
    return str(page.relative_to(DOCS))


def label(page: Path) -> str | None:
    """The exercises' number prefix: the chapter's number, ``A`` for appendix A, ``1`` for
    volume 2's chapter 1; None on a page beyond the book (plain ``연습 k``)."""
    parts = page.parent.relative_to(DOCS).parts
    if parts[0] == "beyond":
        return None
    name = parts[-1]
    if name.startswith("appendix-"):
        return name.removeprefix("appendix-").upper()
    return str(int(name.removeprefix("ch")))


def section_of(page: Path) -> Section:
    lang = language(page)
    section = find_section(page.read_text(encoding="utf-8"), lang)
    if section is None:
        pytest.fail(
            f"{rel(page)} has no `{SECTION[lang]}` section: every teaching page ends with one, "
            f"after its summary, holding 4-8 exercises ({SEE})"
        )
    return section


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_the_page_ends_with_its_exercises(page: Path) -> None:
    section = section_of(page)
    body = strip_front_matter(page.read_text(encoding="utf-8"))
    offset = page.read_text(encoding="utf-8").count("\n") - body.count("\n")
    later = [
        f"line {offset + i + 1}: {h}"
        for i, level, h in headings(body)
        if level <= 2 and offset + i + 1 > section.line
    ]
    assert not later, (
        f"{rel(page)}: `{SECTION[language(page)]}` (line {section.line}) must be the page's "
        f"last ## section, but these follow it: {later}"
    )
    count = len(section.exercises)
    assert 4 <= count <= 8, (
        f"{rel(page)}: {count} exercise(s) under `{SECTION[language(page)]}`; the convention "
        f"asks for 4-8, each a `### {WORD[language(page)]} ...` heading ({SEE})"
    )


@pytest.mark.parametrize("page", [p for p in PAGES if language(p) == "ko"], ids=rel)
def test_korean_and_english_have_as_many_exercises(page: Path) -> None:
    english = page.with_name("index.en.md")
    ko, en = section_of(page), section_of(english)
    assert len(ko.exercises) == len(en.exercises), (
        f"{rel(page)} has {len(ko.exercises)} exercises, {rel(english)} {len(en.exercises)}: "
        "the two pages carry the same exercises"
    )


def check_problems(name: str, source: str) -> list[str]:
    """What a ``check_*`` function lacks: an explicit AssertionError, a printed success."""
    tree = ast.parse(source)
    function = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == name)
    nodes = list(ast.walk(function))
    problems = []
    if any(isinstance(n, ast.Assert) for n in nodes):
        problems.append(
            f"`{name}` uses a bare `assert` (python -O strips it): raise AssertionError"
        )
    if not any(
        isinstance(n, ast.Raise) and "AssertionError" in ast.unparse(n.exc or ast.Pass())
        for n in nodes
    ):
        problems.append(f"`{name}` never raises AssertionError(...) with a message")
    if not any(isinstance(n, ast.Call) and ast.unparse(n.func) == "print" for n in nodes):
        problems.append(f"`{name}` prints nothing on success (a short 통과: / passed: line)")
    return problems


def exercise_problems(exercise: Exercise, number: int, page: Path) -> list[str]:
    lang = language(page)
    prefix = label(page)
    expected = f"{WORD[lang]} {prefix}.{number}" if prefix else f"{WORD[lang]} {number}"
    problems = []
    if not re.fullmatch(rf"{re.escape(expected)} \S.*", exercise.heading):
        problems.append(f"heading should read `### {expected} <title>`")
    checks = defined_checks(exercise.code)
    if not checks:
        problems.append(
            "no visible code block (outside the admonitions) defines a `check_...` function"
        )
    for block in exercise.code:
        for name in defined_checks([block]):
            problems += check_problems(name, block)
    for kind, title in TITLES[lang].items():
        found = exercise.admonitions_of(kind)
        if len(found) != 1:
            problems.append(f'needs exactly one `??? {kind} "{title}"`, has {len(found)}')
            continue
        admonition = found[0]
        if admonition.marker != "???":
            problems.append(f"`{admonition.marker} {kind}` must be collapsed: `??? {kind}`")
        if admonition.title != title:
            problems.append(f'`??? {kind}` should be titled "{title}", not "{admonition.title}"')
    for failure in exercise.admonitions_of("failure")[:1]:
        doctests = [b for b in failure.code if b.lstrip().startswith(">>>")]
        examples = [e for b in doctests for e in doctest.DocTestParser().get_examples(b)]
        if not set(called_checks(doctests)) & set(checks):
            problems.append(
                "`??? failure` needs a ```python doctest (>>>) calling this exercise's check "
                "with a wrong answer"
            )
        elif not any((e.exc_msg or "").startswith("AssertionError") for e in examples):
            problems.append(
                "`??? failure`'s doctest must show the check raising: `Traceback (most recent "
                "call last):`, `...`, `AssertionError: <its message>`"
            )
    for success in exercise.admonitions_of("success")[:1]:
        if not set(called_checks(success.code)) & set(checks):
            problems.append("`??? success` needs a ```python block that calls the check")
    return problems


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_each_exercise_has_the_parts_the_convention_asks_for(page: Path) -> None:
    section = section_of(page)
    problems = []
    first = next(
        (b for b in python_blocks(section.text) if b.strip()),
        None,
    )
    if first is None or not re.search(r"^(import|from) ", first, re.MULTILINE):
        problems.append(
            f"line {section.line}: the section's first code block must import what the "
            "exercises use (`import numpy as np`, `from scratch... import ...`)"
        )
    for number, exercise in enumerate(section.exercises, 1):
        problems += [
            f"line {exercise.line} `{exercise.heading}`: {p}"
            for p in exercise_problems(exercise, number, page)
        ]
    assert not problems, f"{rel(page)} ({SEE}):\n" + "\n".join(problems)


def exercise_at(section: Section, line: int) -> str:
    """Which exercise (or the introduction) a page line belongs to."""
    owner = "the section's introduction"
    for exercise in section.exercises:
        if exercise.line <= line:
            owner = f"`{exercise.heading}`"
    return owner


def solution_at(section: Section, line: int) -> int | None:
    """The line of the ``??? success`` admonition a page line is in, if any."""
    for exercise in section.exercises:
        for admonition in exercise.admonitions_of("success"):
            end = admonition.line + admonition.body.count("\n") + 1
            if admonition.line < line <= end:
                return admonition.line
    return None


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_the_section_runs_on_its_own(page: Path, tmp_path: Path) -> None:
    section = section_of(page)
    alone = tmp_path / page.name
    alone.write_text(section.text, encoding="utf-8")
    document = Sybil(DOCS_PARSERS, path=str(tmp_path), patterns=[page.name]).parse(alone)
    namespace = document.namespace
    setup(namespace)
    problems, printed = [], {}  # what each solution printed, by its admonition's line
    for exercise in section.exercises:
        for admonition in exercise.admonitions_of("success"):
            printed[admonition.line] = ""
    try:
        for example in document.examples():
            line = section.line + document.text.count("\n", 0, example.region.start)
            where = f"line {line} ({exercise_at(section, line)})"
            out = io.StringIO()
            start = time.process_time()
            try:
                with contextlib.redirect_stdout(out):
                    example.evaluate()
            except Exception as error:  # each failure is reported with its line
                problems.append(f"{where}: {type(error).__name__}: {error}")
                continue
            spent = time.process_time() - start
            if spent > CPU_SECONDS:
                problems.append(f"{where}: took {spent:.1f} s of CPU; keep blocks well under 1 s")
            solution = solution_at(section, line)
            if solution is not None:  # a doctest's output is its shown one, checked already
                shown = example.parsed.want if isinstance(example.parsed, doctest.Example) else ""
                printed[solution] += out.getvalue() + shown
    finally:
        teardown(namespace)
    passed = PASSED[language(page)]
    problems += [
        f"line {line} ({exercise_at(section, line)}): the solution printed no `{passed}` line"
        for line, text in printed.items()
        if passed not in text
    ]
    assert not problems, (
        f"{rel(page)}: run on its own in a fresh namespace, as the practice notebook runs it "
        f"(nothing defined earlier on the page is there):\n" + "\n".join(problems)
    )
