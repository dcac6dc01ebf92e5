"""The site itself: snippets that silently stop running, KO/EN drift, and the built HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_tools.notebooks import chapter_pages
from tests.docs_inventory import (
    DOCS,
    ROOT,
    block_difference,
    english_twin,
    front_matter,
    korean_pages,
    page_blocks,
    pages,
    skip_reason_missing,
)

# Info strings that look like Python but that Sybil (which matches ```python exactly) ignores.
UNRUN_FENCE = re.compile(r"^\s*```\s*(py|pycon|python3|ipython|python\s+\S.*|\{\s*\.?python.*)\s*$")
SKIP_DIRECTIVE = re.compile(r"<!--\s*skip:\s*(\w+)(.*?)-->")


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


# A line that includes the library's own source at build time (pymdownx.snippets).
SNIPPET = re.compile(r'^\s*--8<--\s+"[^"]+"\s*$')


def shows_library_source(lines: list[str], fence: int) -> bool:
    """Whether the fence opened at ``lines[fence]`` holds nothing but snippet includes: the
    library's source, shown for reading (what runs is the library itself, imported)."""
    body = []
    for line in lines[fence + 1 :]:
        if line.strip().startswith("```"):
            break
        body.append(line)
    return bool(body) and all(SNIPPET.match(line) for line in body)


@pytest.mark.parametrize("page", pages(), ids=rel)
def test_no_python_fence_escapes_sybil(page: Path) -> None:
    lines = page.read_text(encoding="utf-8").splitlines()
    bad = [
        f"line {n}: {line.strip()}"
        for n, line in enumerate(lines, 1)
        if UNRUN_FENCE.match(line) and not shows_library_source(lines, n - 1)
    ]
    assert not bad, (
        "fences Sybil will not run (use a bare ```python, or a skip with reason):\n"
        + "\n".join(bad)
    )


@pytest.mark.parametrize("page", pages(), ids=rel)
def test_every_skip_gives_a_reason(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    for action, arguments in SKIP_DIRECTIVE.findall(text):
        if action in {"next", "start"}:
            assert not skip_reason_missing(arguments), f"skip: {action}{arguments} has no reason="


@pytest.mark.parametrize("page", pages(), ids=rel)
def test_skip_next_never_guards_a_multi_example_doctest(page: Path) -> None:
    # Sybil's "skip: next" skips one example; in a doctest block that is one >>> line only.
    text = page.read_text(encoding="utf-8")
    for block in page_blocks(page):
        directive_before = text.rfind("skip: next", 0, block.start)
        guarded = directive_before != -1 and "```" not in text[directive_before : block.start]
        if guarded and block.kind == "doctest":
            assert len(block.sources) == 1, (
                f"{rel(page)}: 'skip: next' before a doctest of {len(block.sources)} examples "
                "skips only the first; use skip: start / skip: end"
            )


@pytest.mark.parametrize("page", chapter_pages(DOCS), ids=rel)
def test_chapter_meets_its_declared_example_count(page: Path) -> None:
    declared = front_matter(page).get("min_examples")
    assert declared, f"{rel(page)} must declare min_examples in its front matter"
    blocks = page_blocks(page)
    executed = sum(len(b.sources) for b in blocks if b.always_runs)
    assert executed >= int(declared), (
        f"{rel(page)}: {executed} examples always run, fewer than the declared {declared}"
    )


@pytest.mark.parametrize("page", korean_pages(), ids=rel)
def test_korean_and_english_pages_carry_the_same_code(page: Path) -> None:
    twin = english_twin(page)
    assert twin.exists(), f"{rel(page)} has no English twin {rel(twin)}"
    ko, en = page_blocks(page), page_blocks(twin)
    assert len(ko) == len(en), f"{len(ko)} code blocks in {rel(page)}, {len(en)} in {rel(twin)}"
    for i, (k, e) in enumerate(zip(ko, en, strict=True)):
        why = block_difference(k, e)
        assert why is None, f"block {i + 1} of {rel(page)} and its English twin: {why}"
    assert front_matter(page).get("min_examples") == front_matter(twin).get("min_examples")


def test_every_english_page_has_a_korean_original() -> None:
    for page in DOCS.rglob("*.en.*"):
        if "assets" in page.parts:
            continue
        original = page.with_name(page.name.replace(".en.", "."))
        assert original.exists(), f"{rel(page)} has no Korean original"
