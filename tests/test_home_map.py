"""The home page maps every section of the book to the place on the site that covers it.

Each row of the home page's map is ``| N.M | [title](chNN/index.md#anchor) |``. The test
checks, in both languages and chapter by chapter, that the rows are the book's sections in the
book's order, none missing, and that each link lands on a heading of its page numbered as the
book numbers it (the anchors are those the build makes: ``toc`` with ``pymdownx.slugs.slugify``).
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from pymdownx.slugs import slugify

from tests.docs_inventory import DOCS, FRONT_MATTER, english_twin

# Each chapter of the book: its page and how many N.M sections it has.
BOOK = {
    "1": ("ch01", 7),
    "2": ("ch02", 7),
    "3": ("ch03", 7),
    "4": ("ch04", 6),
    "5": ("ch05", 8),
    "6": ("ch06", 6),
    "7": ("ch07", 8),
    "8": ("ch08", 6),
    "A": ("appendix-a", 3),
}
# Chapters whose page does not number its headings as the book does yet; strict, so the mark
# must go as soon as the page and its rows of the map are numbered.
NOT_YET: dict[str, str] = {}
ROW = re.compile(
    r"^\|\s*(?P<number>(?:\d+|A)\.\d+)\s*\|\s*\[[^\]]+\]"
    r"\((?P<page>[^)#]+)(?:#(?P<anchor>[^)]+))?\)",
    re.M,
)


def headings(page: Path) -> dict[str, str]:
    """Heading anchor -> heading text, as the site's build makes them."""
    text = FRONT_MATTER.sub("", page.read_text(encoding="utf-8"))
    md = markdown.Markdown(
        extensions=["fenced_code", "attr_list", "admonition", "tables", "toc"],
        extension_configs={"toc": {"slugify": slugify(case="lower")}},
    )
    md.convert(text)
    found: dict[str, str] = {}

    def walk(tokens: list[dict]) -> None:
        for token in tokens:
            found[token["id"]] = token["name"]
            walk(token["children"])

    walk(md.toc_tokens)  # type: ignore[attr-defined]
    return found


CASES = [
    pytest.param(
        home,
        chapter,
        id=f"{home}-{chapter}",
        marks=[pytest.mark.xfail(strict=True, reason=NOT_YET[chapter])]
        if chapter in NOT_YET
        else [],
    )
    for home in ("index.md", "index.en.md")
    for chapter in BOOK
]


@pytest.mark.parametrize(("home", "chapter"), CASES)
def test_home_page_maps_every_section_of_the_chapter(home: str, chapter: str) -> None:
    folder, count = BOOK[chapter]
    rows = [
        row
        for row in ROW.finditer((DOCS / home).read_text(encoding="utf-8"))
        if row["number"].split(".")[0] == chapter
    ]
    expected = [f"{chapter}.{n}" for n in range(1, count + 1)]
    assert [row["number"] for row in rows] == expected, "the map must list the book's sections"
    target = DOCS / folder / "index.md"
    if home.endswith(".en.md"):
        target = english_twin(target)
    found = headings(target)
    wrong = []
    for row in rows:
        number, anchor = row["number"], row["anchor"]
        if row["page"] != f"{folder}/index.md":
            wrong.append(f"{number}: links {row['page']}, not {folder}/index.md")
        elif anchor not in found:
            wrong.append(f"{number}: no heading #{anchor} in {target.relative_to(DOCS)}")
        elif not found[anchor].startswith(f"{number} "):
            wrong.append(f"{number}: #{anchor} is {found[anchor]!r}, not section {number}")
    assert not wrong, "\n".join(wrong)
