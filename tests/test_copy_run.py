"""Copy and run: what the copy buttons of a page copy runs in a fresh ``python`` REPL.

A reader copies the visible blocks of a page, in order, and pastes each into the
interactive interpreter, pressing Enter after each. This test does the same: one
``python -i`` per page and language, fed the copy texts on stdin, with no conftest and no
hidden setup (invisible blocks are not run: whatever a block needs must be on the page).
Blocks behind a skip directive follow it, as Sybil does. Each block must raise nothing,
and a doctest block must print what the page shows. The one plain block that prints by design
is an exercise's solution (``??? success``): it calls the exercise's check, which prints its
"통과: …" / "passed: …" line, and that line is all it may print.
"""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import page_flags
from site_tools.exercises import find_section
from tests.docs_inventory import ROOT, Block, page_blocks, pages

sys.path.insert(0, str(ROOT / "docs" / "hooks"))
from copy_doctest import paste_ready

MARK = "\x1ecopied block {}"
SPLIT = re.compile("\x1ecopied block \\d+\n")
# No prompts: what is left of the session's output is what the pasted code printed.
QUIET = '__import__("sys").ps1 = __import__("sys").ps2 = ""\n'
# The REPL echoes the value of every expression statement. A doctest block shows those
# values; a plain block shows no output, and the echo of, say, ``ax.plot(...)`` is the REPL's
# habit, not an output the page hides: it is turned off for plain blocks. Anything else a
# plain block prints (print, a warning, an error) fails the test.
ECHO = {
    "doctest": '__import__("sys").displayhook = __import__("sys").__displayhook__\n',
    "code": '__import__("sys").displayhook = lambda value: None\n',
}
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def skipped(block: Block, flags: dict[str, bool]) -> bool:
    """Whether Sybil skips ``block`` on this machine, by its skip directive."""
    if block.skip is None:
        return False
    condition = block.skip.strip()
    if not condition:
        return True
    if condition.startswith("if"):  # if(COND, reason="...")
        condition = "skip_if" + condition[2:]
    namespace = {**flags, "skip_if": lambda cond, reason=None: bool(cond)}
    return bool(eval(condition, namespace))


def copy_of(block: Block) -> str:
    """The copy button's text: the same function the site's hook uses on the built page."""
    return paste_ready("".join(block.sources))


def run_in_repl(blocks: list[Block]) -> list[str]:
    """Paste each block's copy into one fresh interpreter, pressing Enter after each; return
    what each printed, errors included (stdout and stderr, in the order they came)."""
    session = QUIET + "".join(
        f"print({MARK.format(i)!r})\n{ECHO[block.kind]}{copy_of(block)}\n\n"
        for i, block in enumerate(blocks)
    )
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": str(ROOT)}
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    env.pop("PYTHONSTARTUP", None)
    with tempfile.TemporaryDirectory(prefix="scratch-paste-") as cwd:
        result = subprocess.run(
            [sys.executable, "-u", "-i", "-q"],  # unbuffered: stdout and stderr stay in order
            input=session,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=cwd,
            env=env,
            timeout=600,
        )
    outputs = SPLIT.split(result.stdout)[1:]
    assert len(outputs) == len(blocks), result.stdout[-3000:]
    return outputs


PASSED = ("통과", "passed")


def solution_lines(text: str, lang: str) -> list[range]:
    """The page lines of the exercises' solutions (``??? success`` admonitions)."""
    section = find_section(text, lang)
    exercises = section.exercises if section else []
    return [
        range(a.line, a.line + a.body.count("\n") + 2)
        for e in exercises
        for a in e.admonitions_of("success")
    ]


def without_check_passes(printed: str) -> str:
    return "".join(
        line for line in printed.splitlines(keepends=True) if not line.startswith(PASSED)
    )


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_copied_blocks_run_in_a_fresh_repl(page: Path) -> None:
    flags = page_flags()
    blocks = [b for b in page_blocks(page) if not b.invisible and not skipped(b, flags)]
    if not blocks:
        return  # nothing a reader copies (or all of it skipped on this machine)
    outputs = run_in_repl(blocks)
    text = page.read_text(encoding="utf-8")
    checker = doctest.OutputChecker()
    failures = []
    solutions = solution_lines(text, "en" if page.name.endswith(".en.md") else "ko")
    for block, got in zip(blocks, outputs, strict=True):
        want = "".join(block.wants)
        line = text.count("\n", 0, block.start) + 1
        if block.kind == "code" and any(line in lines for lines in solutions):
            got = without_check_passes(got)
        if not checker.check_output(want, got, FLAGS):
            failures.append(
                f"line {line}: pasting\n{copy_of(block)}\nprinted\n{got}\nthe page shows\n{want}"
            )
    assert not failures, f"{len(failures)} of {len(blocks)} blocks:\n\n" + "\n\n".join(failures)
