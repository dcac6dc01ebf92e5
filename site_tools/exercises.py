"""The exercises section of a teaching page, read as the convention lays it out.

Every teaching page ends with ``## 연습 문제`` (ko) / ``## Exercises`` (en): an introduction
whose first code block imports what the exercises use, then 4–8 exercises, each
``### 연습 3.2 title`` / ``### Exercise 3.2 title`` with visible code defining its ``check_*``
functions, one ``??? tip``, one ``??? failure`` (a doctest showing the check reject a wrong
answer) and one ``??? success`` (the solution, calling the check). See CONTRIBUTING.md.

This module only reads the Markdown; ``tests/test_exercises.py`` says what a page lacks and
:mod:`site_tools.practice` turns the section into the practice notebook.
"""

from __future__ import annotations

import ast
import itertools
import re
import textwrap
from dataclasses import dataclass, field

SECTION = {"ko": "## 연습 문제", "en": "## Exercises"}
WORD = {"ko": "연습", "en": "Exercise"}
_FENCE = re.compile(r"^\s*```")
_ADMONITION = re.compile(r'^(\?\?\?\+?|!!!)\s+([\w-]+)(?:\s+"([^"]*)")?\s*$')
_HEADING = re.compile(r"^(#{1,6})\s")


@dataclass
class Admonition:
    marker: str  # "???", "???+" or "!!!"
    kind: str  # tip, failure, success, note ...
    title: str
    body: str  # dedented
    line: int  # 1-based line of the marker in the page

    @property
    def code(self) -> list[str]:
        return python_blocks(self.body)


@dataclass
class Exercise:
    heading: str  # the heading's text after the ###
    line: int
    lines: list[str]  # the exercise's own Markdown, heading included
    text: str = ""  # the Markdown outside admonitions, heading included
    admonitions: list[Admonition] = field(default_factory=list)

    @property
    def code(self) -> list[str]:
        """The visible code blocks (outside admonitions)."""
        return python_blocks(self.text)

    def admonitions_of(self, kind: str) -> list[Admonition]:
        return [a for a in self.admonitions if a.kind == kind]


@dataclass
class Section:
    line: int  # of the ## heading
    text: str  # the whole section, heading included
    intro: str  # between the ## heading and the first ###
    exercises: list[Exercise]


def strip_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        return text[text.index("\n---\n", 4) + 5 :]
    return text


def headings(text: str) -> list[tuple[int, int, str]]:
    """``(index of the line, level, line)`` of every heading outside fenced code."""
    found, fenced = [], False
    for i, line in enumerate(text.splitlines()):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and (match := _HEADING.match(line)):
            found.append((i, len(match.group(1)), line.rstrip()))
    return found


def find_section(text: str, lang: str) -> Section | None:
    """The exercises section of a page's text (front matter included or not), or None."""
    offset = text.count("\n", 0, len(text) - len(strip_front_matter(text)))
    body = strip_front_matter(text)
    lines = body.splitlines(keepends=True)
    start = next((i for i, _, h in headings(body) if h == SECTION[lang]), None)
    if start is None:
        return None
    section = lines[start:]
    subs = [i for i, level, _ in headings("".join(section)) if level == 3]
    bounds = [*subs, len(section)]
    exercises = [
        split_admonitions(
            Exercise(section[a].strip()[4:], offset + start + a + 1, section[a:b]),
            offset + start + a + 1,
        )
        for a, b in itertools.pairwise(bounds)
    ]
    intro = "".join(section[1 : subs[0] if subs else len(section)])
    return Section(offset + start + 1, "".join(section), intro, exercises)


def split_admonitions(exercise: Exercise, first_line: int) -> Exercise:
    """Separate the exercise's admonitions (marker and indented body) from its other text."""
    lines, kept, i = exercise.lines, [], 0
    while i < len(lines):
        match = _ADMONITION.match(lines[i])
        if not match:
            kept.append(lines[i])
            i += 1
            continue
        j = i + 1
        while j < len(lines) and (not lines[j].strip() or lines[j].startswith("    ")):
            j += 1
        while j > i + 1 and not lines[j - 1].strip():  # trailing blank lines stay outside
            j -= 1
        body = textwrap.dedent("".join(lines[i + 1 : j]).replace("\t", "    ")).strip("\n")
        marker, kind, title = match.group(1), match.group(2), match.group(3) or ""
        exercise.admonitions.append(Admonition(marker, kind, title, body, first_line + i))
        i = j
    exercise.text = "".join(kept)
    return exercise


def python_blocks(text: str) -> list[str]:
    """The contents of the ```python fences of ``text`` (not indented ones: those are in
    admonitions, which callers read through :class:`Admonition`)."""
    blocks, current = [], None
    for line in text.splitlines(keepends=True):
        if current is None and line.rstrip() == "```python":
            current = []
        elif current is not None and line.rstrip() == "```":
            blocks.append("".join(current))
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def doctest_source(block: str) -> str:
    """The code of a block: a doctest's examples without prompts or outputs."""
    if not block.lstrip().startswith(">>>"):
        return block
    import doctest

    return "".join(e.source for e in doctest.DocTestParser().get_examples(block))


def defined_checks(blocks: list[str]) -> dict[str, list[str]]:
    """``check_*`` functions the blocks define, with the parameters a caller must pass."""
    checks = {}
    for block in blocks:
        for node in ast.walk(_parse(doctest_source(block))):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("check_"):
                args = node.args.posonlyargs + node.args.args
                required = args[: len(args) - len(node.args.defaults)]
                checks[node.name] = [a.arg for a in required]
    return checks


def called_checks(blocks: list[str]) -> list[str]:
    """Names of the ``check_*`` functions the blocks call, in order, each once."""
    names: list[str] = []
    for block in blocks:
        for node in ast.walk(_parse(doctest_source(block))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id.startswith("check_")
                and node.func.id not in names
            ):
                names.append(node.func.id)
    return names


def _parse(source: str) -> ast.Module:
    try:
        return ast.parse(source)
    except SyntaxError:
        return ast.Module(body=[], type_ignores=[])


def unfold_collapsed(text: str) -> str:
    """For the chapter notebook: every ``???`` admonition of the page made plain Markdown a
    notebook shows (Jupyter knows no admonitions). One without code becomes a ``<details>``
    block; one with code, its title in bold and its body unindented, so its code is cells."""
    out, lines, i = [], text.splitlines(keepends=True), 0
    while i < len(lines):
        match = _ADMONITION.match(lines[i])
        if not match or not match.group(1).startswith("???"):
            out.append(lines[i])
            i += 1
            continue
        j = i + 1
        while j < len(lines) and (not lines[j].strip() or lines[j].startswith("    ")):
            j += 1
        body = textwrap.dedent("".join(lines[i + 1 : j])).strip("\n")
        title = match.group(3) or match.group(2).capitalize()
        if "```" in body:
            out.append(f"**{title}**\n\n{body}\n\n")
        else:
            out.append(f"<details><summary>{title}</summary>\n\n{body}\n\n</details>\n\n")
        i = j
    return "".join(out)
