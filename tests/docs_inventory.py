"""What a documentation page contains, as the tests of the site see it.

Sybil is the ground truth for what runs: ``page_blocks`` asks Sybil to parse a page and
groups the examples it found by the fenced block (or invisible block) they came from,
together with the skip directive that governs each block.
"""

from __future__ import annotations

import doctest
import io
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

from sybil import Sybil

from conftest import DOCS_PARSERS

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


def pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if "assets" not in p.parts)


def korean_pages() -> list[Path]:
    return [p for p in pages() if not p.name.endswith(".en.md")]


def english_twin(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(".md") + ".en.md")


def front_matter(path: Path) -> dict[str, str]:
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    if not match:
        return {}
    pairs = (line.split(":", 1) for line in match.group(1).splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}


@dataclass
class Block:
    """One fenced or invisible Python block and the examples Sybil found in it."""

    start: int
    kind: str  # "code" or "doctest"
    sources: list[str] = field(default_factory=list)
    wants: list[str] = field(default_factory=list)
    invisible: bool = False
    skip: str | None = None  # the skip directive's arguments, if one governs this block

    @property
    def always_runs(self) -> bool:
        return self.skip is None


def page_blocks(path: Path) -> list[Block]:
    document = Sybil(DOCS_PARSERS, path=str(path.parent), patterns=[path.name]).parse(path)
    text = document.text
    blocks: list[Block] = []
    pending_skip: str | None = None
    skip_range: str | None = None
    for example in document.examples():
        region = example.region
        parsed = example.parsed
        if isinstance(parsed, tuple):  # a skip directive: (action, arguments)
            action, arguments = parsed
            if action == "next":
                pending_skip = arguments or ""
            elif action == "start":
                skip_range = arguments or ""
            elif action == "end":
                skip_range = None
            continue
        fence_start = text.rfind("```", 0, region.start + 3)
        invisible = "directive" in (region.lexemes or {})
        if isinstance(parsed, doctest.Example):
            if blocks and blocks[-1].kind == "doctest" and blocks[-1].start == fence_start:
                blocks[-1].sources.append(parsed.source)
                blocks[-1].wants.append(parsed.want)
                continue
            block = Block(fence_start, "doctest", [parsed.source], [parsed.want])
        else:
            block = Block(region.start, "code", [str(parsed)], invisible=invisible)
        block.skip = pending_skip if pending_skip is not None else skip_range
        pending_skip = None
        blocks.append(block)
    return blocks


def skip_reason_missing(arguments: str) -> bool:
    return "reason=" not in arguments


def code_tokens(source: str) -> list[tuple[int, str]]:
    """The tokens of a code snippet that carry meaning: no comments, no layout."""
    layout = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
    return [
        (tok.type, tok.string)
        for tok in tokenize.generate_tokens(io.StringIO(source).readline)
        if tok.type not in layout and tok.type != tokenize.ENDMARKER
    ]


def _translatable(ko: tuple[int, str], en: tuple[int, str]) -> bool:
    """A pair of strings the two pages may word differently: Korean text, or the language."""
    if ko[0] != tokenize.STRING or en[0] != tokenize.STRING:
        return False
    return bool(HANGUL.search(ko[1])) or {ko[1].strip("'\""), en[1].strip("'\"")} == {"ko", "en"}


def same_code(ko_source: str, en_source: str) -> bool:
    """The Korean and English pages may translate comments and the human-readable strings
    (labels, titles, docstrings written in Korean), nothing else."""
    ko, en = code_tokens(ko_source), code_tokens(en_source)
    return len(ko) == len(en) and all(
        k == e or _translatable(k, e) for k, e in zip(ko, en, strict=True)
    )


def skip_condition(arguments: str | None) -> str | None:
    """A skip directive without its reason, which each page words in its own language."""
    return None if arguments is None else arguments.split("reason=")[0].rstrip(" ,")


def block_difference(ko: Block, en: Block) -> str | None:
    """Why two blocks are not the same code, or None when they are.

    Shown outputs must match too, except where the Korean one contains Korean text.
    """
    ko_kind = (ko.kind, ko.invisible, skip_condition(ko.skip))
    en_kind = (en.kind, en.invisible, skip_condition(en.skip))
    if ko_kind != en_kind:
        return f"kind/skip differ: {ko_kind} vs {en_kind}"
    if len(ko.sources) != len(en.sources):
        return f"{len(ko.sources)} examples vs {len(en.sources)}"
    for k_src, e_src in zip(ko.sources, en.sources, strict=True):
        if not same_code(k_src, e_src):
            return f"code differs:\n{k_src}\nvs\n{e_src}"
    for k_want, e_want in zip(ko.wants, en.wants, strict=True):
        if k_want != e_want and not HANGUL.search(k_want):
            return f"shown output differs:\n{k_want}\nvs\n{e_want}"
    return None
