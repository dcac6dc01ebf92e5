"""One term per concept, the glossary's; one particle style; Korean comments on Korean pages.

The glossary pages are the one list of terms. Each row of their table gives the term, the
words to avoid for it (column "쓰지 않는 말" of ``docs/glossary.md`` for the Korean pages,
"Avoid" of ``docs/glossary.en.md`` for the English ones) and a link to the section that
introduces it. The prose of every page (code blocks, inline code, math, link targets and
HTML comments aside) must not use a word to avoid, except right after the term itself in
parentheses, the way a page introduces the Korean edition's word: "NumPy(넘파이)".

Korean pages attach particles to inline code and math ("`x`를", "\\(W\\)의", not "`x` 를"),
and their code comments are Korean.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

import pytest
from pymdownx.slugs import slugify

from tests.docs_inventory import DOCS, ROOT, pages

GLOSSARY = {"ko": DOCS / "glossary.md", "en": DOCS / "glossary.en.md"}
AVOID_COLUMN = {"ko": "쓰지 않는 말", "en": "Avoid"}
HANGUL = re.compile(r"[\uac00-\ud7a3]")
FENCE = re.compile(r"^[ \t]*(```|~~~)[^\n]*\n.*?^[ \t]*\1[ \t]*$", re.S | re.M)
INLINE_CODE = re.compile(r"`[^`\n]+`")
# Math: \( ... \) inline (no "\)" inside), \[ ... \] and $$ ... $$ displays.
INLINE_MATH = re.compile(r"\\\((?:[^\\\n]|\\(?!\)))*\\\)")
DISPLAY_MATH = re.compile(r"\$\$.*?\$\$|\\\[.*?\\\]", re.S)
COMMENT = re.compile(r"<!--.*?-->", re.S)
LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
SLUG = slugify(case="lower")


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def language(page: Path) -> str:
    return "en" if page.name.endswith(".en.md") else "ko"


def blank(match: re.Match[str]) -> str:
    """The match replaced by spaces, its line breaks kept: line numbers stay right."""
    return re.sub(r"[^\n]", " ", match.group(0))


def prose(text: str) -> str:
    """The page's running text: what the terminology rules apply to."""
    for pattern in (FRONT_MATTER, FENCE, COMMENT, DISPLAY_MATH, INLINE_CODE, INLINE_MATH):
        text = pattern.sub(blank, text)
    return LINK_TARGET.sub(lambda m: "]" + blank(m)[1:], text)


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


# -- the glossary ------------------------------------------------------------------------
@dataclass(frozen=True)
class Term:
    terms: tuple[str, ...]  # "중심 차분 / 전방 차분" is two terms
    avoid: tuple[str, ...]
    links: tuple[str, ...]


def split(cell: str, sep: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(sep) if part.strip())


def glossary(lang: str) -> list[Term]:
    """The rows of the glossary table in ``lang``."""
    rows = [line for line in GLOSSARY[lang].read_text(encoding="utf-8").splitlines()
            if line.startswith("|")]  # fmt: skip
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    avoid_at, link_at = header.index(AVOID_COLUMN[lang]), len(header) - 1
    terms = []
    for row in rows[2:]:
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", row.strip().strip("|"))]
        assert len(cells) == len(header), (
            f"{rel(GLOSSARY[lang])}: row has {len(cells)} cells: {row}"
        )
        terms.append(Term(split(cells[0], " / "), split(cells[avoid_at], ", "),
                          tuple(LINK.findall(cells[link_at]))))  # fmt: skip
    return terms


def words_to_avoid(lang: str) -> list[tuple[str, str, re.Pattern[str]]]:
    """(word, the term to use instead, pattern finding the word where it is not allowed)."""
    found = []
    for term in glossary(lang):
        for word in term.avoid:
            # English words stand alone (plurals too); Korean words are matched inside longer
            # words, since particles attach to them.
            edge = (r"(?<![\w-])", r"(?:s|es)?(?![\w-])") if lang == "en" else ("", "")
            found.append((word, " / ".join(term.terms),
                          re.compile(edge[0] + re.escape(word) + edge[1])))  # fmt: skip
    return found


def introduced(text: str, term: Term, word: str) -> str:
    """``text`` without the allowed form "term(word)" or "term (word)"."""
    for name in term.terms:
        text = re.sub(re.escape(name) + r"[ \t]?\(" + re.escape(word) + r"\)", blank, text)
    return text


CONTENT_PAGES = [p for p in pages() if p not in GLOSSARY.values()]


@pytest.mark.parametrize("page", CONTENT_PAGES, ids=rel)
def test_pages_use_the_glossary_terms(page: Path) -> None:
    lang = language(page)
    text = prose(page.read_text(encoding="utf-8"))
    terms = {word: term for term in glossary(lang) for word in term.avoid}
    problems = []
    for word, instead, pattern in words_to_avoid(lang):
        for match in pattern.finditer(introduced(text, terms[word], word)):
            problems.append(f"line {line_of(text, match.start())}: '{word}' -> '{instead}'")
    assert not problems, (
        f"{rel(page)} uses words the glossary ({rel(GLOSSARY[lang])}) avoids:\n"
        + "\n".join(problems)
    )


def test_each_word_to_avoid_belongs_to_one_term() -> None:
    for lang in GLOSSARY:
        words = [word for term in glossary(lang) for word in term.avoid]
        canon = {name for term in glossary(lang) for name in term.terms}
        assert len(words) == len(set(words)), f"{lang}: a word is listed twice"
        assert not canon & set(words), f"{lang}: {sorted(canon & set(words))} is a term and avoided"


# -- the glossary's links ----------------------------------------------------------------
def anchors(page: Path) -> set[str]:
    """The ids the site gives the page's headings (markup stripped, as the toc does)."""
    text = FENCE.sub(blank, page.read_text(encoding="utf-8"))
    titles = (re.sub(r"[`*_]", "", m.group(1)) for m in HEADING.finditer(text))
    return {SLUG(title, "-") for title in titles}


@pytest.mark.parametrize("lang", GLOSSARY)
def test_glossary_links_lead_to_a_section(lang: str) -> None:
    broken = []
    for term in glossary(lang):
        assert term.links, (
            f"{rel(GLOSSARY[lang])}: {term.terms} has no link to where it is introduced"
        )
        for link in term.links:
            target, _, anchor = link.partition("#")
            page = DOCS / target
            if lang == "en":
                page = page.with_name(page.name.removesuffix(".md") + ".en.md")
            if not page.is_file():
                broken.append(f"{link}: no page {rel(page)}")
            elif anchor and anchor not in anchors(page):
                broken.append(f"{link}: {rel(page)} has no heading with id '{anchor}'")
    assert not broken, f"{rel(GLOSSARY[lang])}: links that lead nowhere (a heading renamed?):\n" + (
        "\n".join(broken)
    )


def test_the_two_glossaries_list_the_same_terms() -> None:
    ko, en = glossary("ko"), glossary("en")
    assert len(ko) == len(en), f"{len(ko)} terms in the Korean glossary, {len(en)} in the English"


# -- Korean pages: particles and comments ------------------------------------------------
PARTICLES = "|".join(
    (
        "은 는 이 가 을 를 의 에 에서 에게 와 과 로 으로 로서 으로서 로써 도 만 "
        "까지 부터 처럼 보다 마다 이나 나 이며 이고 이면 이다 입니다 "
        "이라는 라는 이라고 라고 인 일"
    ).split()
)
SPACED_PARTICLE = re.compile(
    rf"({INLINE_CODE.pattern}|{INLINE_MATH.pattern})[ \t]+({PARTICLES})(?=[\s.,;:!?)\]]|$)", re.M
)
KOREAN_PAGES = [p for p in pages() if language(p) == "ko"]


@pytest.mark.parametrize("page", KOREAN_PAGES, ids=rel)
def test_particles_attach_to_code_and_math(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    text = COMMENT.sub(blank, FENCE.sub(blank, FRONT_MATTER.sub(blank, text)))
    spaced = [f"line {line_of(text, m.start())}: {m.group(0)!r}"
              for m in SPACED_PARTICLE.finditer(text)]  # fmt: skip
    assert not spaced, (
        f"{rel(page)}: attach the particle to the code or math before it "
        "('`x`를', '\\(W\\)의'):\n" + "\n".join(spaced)
    )


PYTHON_FENCE = re.compile(r"^```python[^\n]*\n(.*?)^```", re.S | re.M)
ENGLISH_WORDS = re.compile(r"[A-Za-z]{2,}(?:[ -]+[A-Za-z]{2,}){2,}")  # three words or more


def comments(code: str) -> list[tuple[int, str]]:
    """(line within the block, comment) for the code of a fenced block; doctest output and
    include lines are not code."""
    lines = []
    for line in code.splitlines():
        if line.startswith((">>> ", "... ")) or line in (">>>", "..."):
            lines.append(line[4:])
        elif code.lstrip().startswith(">>>") or line.lstrip().startswith("--8<--"):
            lines.append("")  # an output line, or an include
        else:
            lines.append(line)
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return []
    return [(tok.start[0], tok.string) for tok in tokens if tok.type == tokenize.COMMENT]


@pytest.mark.parametrize("page", KOREAN_PAGES, ids=rel)
def test_korean_pages_comment_code_in_korean(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    english = []
    for block in PYTHON_FENCE.finditer(text):
        first = line_of(text, block.start(1))
        for n, comment in comments(block.group(1)):
            if ENGLISH_WORDS.search(comment) and not HANGUL.search(comment):
                english.append(f"line {first + n - 1}: {comment}")
    assert not english, f"{rel(page)}: English code comments on a Korean page:\n" + "\n".join(
        english
    )
