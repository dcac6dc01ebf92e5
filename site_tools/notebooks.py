"""Chapter notebooks, generated from the chapter pages.

Every chapter page (``docs/chNN/index.md`` and ``index.en.md``, likewise ``appendix-*``) has a
notebook beside it (``notebook.ipynb``, ``notebook.en.ipynb``) made from the page, so the two
never drift: ``python -m site_tools notebooks`` regenerates and executes them (see
:mod:`site_tools.notebook_run`) and ``tests/test_notebooks.py`` fails when one is stale.

The conversion is jupytext's Markdown reader. Before it reads a page, the library source the page
includes (``--8<--`` lines, :mod:`site_tools.snippets`) is put in place, and Sybil's directives
are spelled in jupytext's own Markdown conventions:

- ``<!-- invisible-code-block: python ... -->`` becomes a code cell tagged ``setup``;
- a block under ``<!-- skip: ... if(not FLAG ...) -->`` becomes a code cell tagged
  ``requires:FLAG`` (one tag per flag the condition names; a bare skip is tagged ``skip``),
  and each skipped part opens with a note, in the page's language, saying what the cells need
  and how to get it;
- fences in other languages (```` ```bash ````) stay Markdown.

Afterwards a doctest block becomes code cells without prompts (a shown output ends a cell, so
the notebook shows it too), figures are attached so the notebook stands alone, and
arithmatex's ``\\( \\)`` / ``\\[ \\]`` become the ``$ $`` / ``$$ $$`` Jupyter understands.
"""

from __future__ import annotations

import base64
import doctest
import json
import re
from pathlib import Path
from typing import NamedTuple

import jupytext
import nbformat
from nbformat import NotebookNode

from site_tools import exercises, snippets

DOCS = Path(__file__).resolve().parents[1] / "docs"


class Need(NamedTuple):
    """What a page flag stands for, in each language, and the command that fetches it."""

    ko: str
    en: str
    fetch: str | None  # ``scratch data fetch <fetch>``; None for a flag that needs only time
    install: str | None = None  # ``pip install <install>``: a flag that needs a package


NEEDS = {
    "HAVE_MNIST_TRAIN": Need("MNIST 훈련 이미지", "the MNIST training images", "mnist"),
    "HAVE_MNIST_TEST": Need("MNIST 시험 데이터", "the MNIST test set", "mnist"),
    "HAVE_FASHION_MNIST": Need("Fashion-MNIST", "Fashion-MNIST", "fashion-mnist"),
    "HAVE_BOOK_WEIGHTS": Need("책이 공개한 가중치 파일", "the book's published weights", "weights"),
    "FULL": Need("전체 크기 실행", "the full-size run", None),
    "HAVE_TORCH": Need("PyTorch", "PyTorch", None, install="torch"),
}

_SKIP = re.compile(r"<!--\s*skip:\s*(start|end|next)\b\s*(?:if\((.*)\))?.*?-->")
_FLAG = re.compile(r"\b[A-Z][A-Z0-9_]*[A-Z0-9]\b")  # the page flags a skip condition names
_FENCE = re.compile(r"^```")
_IMAGE = re.compile(r"!\[([^\]]*)\]\((figures/[^)\s]+\.png)\)")
_INLINE_MATH = re.compile(r"\\\((.+?)\\\)", re.DOTALL)
_DISPLAY_MATH = re.compile(r"\\\[(.+?)\\\]", re.DOTALL)


def chapter_pages(docs: Path = DOCS) -> list[Path]:
    """The pages that teach, Korean and English: ``docs/chNN``, ``docs/appendix-*``, later
    volumes' chapters (``docs/vol2/ch01``) and the pages beyond the book (``docs/beyond/*``)."""
    dirs = [d for d in docs.iterdir() if d.name.startswith(("ch", "appendix-"))]
    dirs += [d for vol in docs.glob("vol*") for d in vol.iterdir() if d.name.startswith("ch")]
    dirs += [d for d in docs.glob("beyond/*") if d.is_dir()]
    return [
        d / name
        for d in sorted(dirs)
        for name in ("index.md", "index.en.md")
        if (d / name).exists()
    ]


def language(page: Path) -> str:
    return "en" if page.name.endswith(".en.md") else "ko"


def notebook_path(page: Path) -> Path:
    return page.parent / ("notebook.en.ipynb" if language(page) == "en" else "notebook.ipynb")


def required_flags(cell: NotebookNode) -> list[str]:
    """The page flags a cell needs (its ``requires:FLAG`` tags)."""
    tags = cell.get("metadata", {}).get("tags", [])
    return [tag.split(":", 1)[1] for tag in tags if tag.startswith("requires:")]


def fetch_commands(flags: list[str]) -> list[str]:
    """The ``scratch data fetch`` commands that bring what ``flags`` stand for."""
    targets = [NEEDS[f].fetch for f in flags if f in NEEDS and NEEDS[f].fetch]
    return [f"scratch data fetch {t}" for t in dict.fromkeys(targets)]


def requirement_note(flags: list[str], lang: str) -> str:
    """A Markdown note, in the page's language, on what the next cells need and how to get it."""
    ko = lang == "ko"
    packages = [f for f in flags if f in NEEDS and NEEDS[f].install]
    data = [getattr(NEEDS[f], lang) if f in NEEDS else f"`{f}`" for f in flags
            if f != "FULL" and f not in packages]  # fmt: skip
    lines = []
    if packages:
        what = _join([getattr(NEEDS[f], lang) for f in packages], lang)
        commands = _join([f"`pip install {NEEDS[f].install}`" for f in packages], lang)
        lines.append(
            f"> **패키지가 필요한 셀.** 이 부분은 {what}{_particle(what, '이', '가')} 설치되어 "
            f"있어야 실행됩니다. 터미널에서 {commands}{_particle(commands, '을', '를')} "
            "실행하세요(노트북 셀에서는 앞에 `%`를 붙입니다)."
            if ko
            else f"> **Cells that need a package.** The cells in this part need {what} "
            f"installed: run {commands} in a terminal (in a notebook cell, with a leading `%`)."
        )
    if data:
        what = _join(data, lang)
        commands = _join([f"`{c}`" for c in fetch_commands(flags)], lang)
        lines.append(
            f"> **데이터가 필요한 셀.** 이 부분의 셀은 {what}{_particle(what, '이', '가')} 있어야 "
            "실행됩니다. 컴퓨터에 없으면 처음 실행할 때 내려받으며, 미리 받아 두려면 터미널에서 "
            f"{commands}{_particle(commands, '을', '를')} 실행하세요(노트북 셀에서는 앞에 `!`를 "
            "붙입니다)."
            if ko
            else f"> **Cells that need data.** The cells in this part need {what}. If the data "
            "is not on your machine, the first run downloads it; to fetch it ahead, run "
            f"{commands} in a terminal (or the same with a leading `!` in a notebook cell)."
        )
    if "FULL" in flags:
        lines.append(
            "> **오래 걸리는 셀.** 이 부분은 전체 크기로 실행하므로 셀 하나에 몇 분씩 "
            "걸립니다. 시간이 있을 때 실행하세요."
            if ko
            else "> **Slow cells.** This part runs at full size: each cell takes minutes. "
            "Run it when you have the time."
        )
    if not lines:  # the page skips these blocks unconditionally
        lines.append(
            "> 페이지에서도 실행하지 않는 코드입니다."
            if ko
            else "> The page does not run this code either."
        )
    lines.append(
        "> 저장된 노트북에서 이 셀들의 출력이 비어 있다면, 노트북을 만들 때 실행하지 않았기 "
        "때문입니다."
        if ko
        else "> Where the saved notebook shows no output for them, they were not run when "
        "the notebook was made."
    )
    return "\n>\n".join(lines)


def _particle(word: str, after_consonant: str, after_vowel: str) -> str:
    """The Korean particle that follows ``word`` (이/가, 와/과): it depends on whether the
    last syllable ends in a consonant. Latin text is read as ending in a vowel (MNIST: 엠니스트)."""
    last = word.rstrip()[-1:]
    ends_in_consonant = "가" <= last <= "힣" and (ord(last) - ord("가")) % 28 != 0
    return after_consonant if ends_in_consonant else after_vowel


def _join(items: list[str], lang: str) -> str:
    if len(items) == 1:
        return items[0]
    if lang == "en":
        return ", ".join(items[:-1]) + " and " + items[-1]
    return ", ".join(items[:-1]) + _particle(items[-2], "과", "와") + " " + items[-1]


def _directive_tags(condition: str) -> list[str]:
    flags = _FLAG.findall(condition)
    return [f"requires:{f}" for f in dict.fromkeys(flags)] or ["skip"]


def _fence(source: list[str], tags: list[str]) -> list[str]:
    options = f" tags={json.dumps(tags, ensure_ascii=False)}" if tags else ""
    return [f"```python{options}\n", *source, "```\n"]


def page_to_jupytext(text: str, lang: str) -> str:
    """The page body in jupytext's Markdown: Sybil's directives turned into cell tags."""
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    region: list[str] = []  # tags of the current skip: start ... skip: end
    following: list[str] = []  # tags from a skip: next
    i = 0
    while i < len(lines):
        line = lines[i]
        skip = _SKIP.search(line)
        if skip:
            condition = (skip.group(2) or "").split("reason=")[0]
            action, tags = skip.group(1), _directive_tags(condition)
            if action == "end":
                region = []
            else:  # what is skipped opens with a note on what it needs
                flags = [t.split(":", 1)[1] for t in tags if t.startswith("requires:")]
                note = requirement_note(flags, lang)
                out += ['<!-- #region tags=["note"] -->\n', note + "\n", "<!-- #endregion -->\n"]
                if action == "start":
                    region = tags
                else:
                    following = tags
            i += 1
            continue
        if line.startswith("<!-- invisible-code-block: python"):
            end = next(j for j in range(i + 1, len(lines)) if lines[j].strip() == "-->")
            out += _fence(lines[i + 1 : end], ["setup", *region])
            i = end + 1
            continue
        if _FENCE.match(line):
            end = next(j for j in range(i + 1, len(lines)) if _FENCE.match(lines[j]))
            if line.strip() == "```python":
                out += _fence(lines[i + 1 : end], region + following)
                following = []
            else:  # another language: shown as text, never run
                out += ["<!-- #region -->\n", *lines[i : end + 1], "<!-- #endregion -->\n"]
            i = end + 1
            continue
        out.append(line)
        i += 1
    return "".join(out)


def _code_cells(source: str, tags: list[str]) -> list[NotebookNode]:
    """One cell for plain code; a doctest is cut after each example that shows output."""
    if not source.lstrip().startswith(">>>"):
        return [_code_cell(source, tags)]
    cells: list[NotebookNode] = []
    pending = ""
    for example in doctest.DocTestParser().get_examples(source):
        pending += example.source
        if example.want or example.exc_msg is not None:
            # An example the page shows raising is a cell that raises: Jupyter's tag for it.
            extra = ["raises-exception"] if example.exc_msg is not None else []
            cells.append(_code_cell(pending, tags + extra))
            pending = ""
    if pending:
        cells.append(_code_cell(pending, tags))
    return cells


def _code_cell(source: str, tags: list[str]) -> NotebookNode:
    return nbformat.v4.new_code_cell(source.rstrip("\n"), metadata={"tags": tags} if tags else {})


def _markdown_cell(text: str, tags: list[str], page_dir: Path, lang: str) -> NotebookNode:
    attachments = {}

    def attach(match: re.Match[str]) -> str:
        path = page_dir / match.group(2)
        localized = path.with_name(f"{path.stem}.{lang}.png")
        if lang != "ko" and localized.exists():
            path = localized
        attachments[path.name] = {"image/png": base64.b64encode(path.read_bytes()).decode()}
        return f"![{match.group(1)}](attachment:{path.name})"

    text = _IMAGE.sub(attach, text)
    text = _DISPLAY_MATH.sub(lambda m: f"$${m.group(1)}$$", text)
    text = _INLINE_MATH.sub(lambda m: f"${m.group(1).strip()}$", text)
    cell = nbformat.v4.new_markdown_cell(text.strip("\n"), metadata={"tags": tags} if tags else {})
    if attachments:
        cell["attachments"] = attachments
    return cell


def markdown_cells(text: str, lang: str, page_dir: Path) -> list[NotebookNode]:
    """Notebook cells of page Markdown: prose as Markdown, code as code (see above)."""
    cells: list[NotebookNode] = []
    for cell in jupytext.reads(page_to_jupytext(text, lang), fmt="md").cells:
        tags = list(cell.metadata.get("tags", []))
        if cell.cell_type == "code":
            cells += _code_cells(cell.source, tags)
        elif cell.source.strip():
            cells.append(_markdown_cell(cell.source, tags, page_dir, lang))
    return cells


def page_to_notebook(page: Path) -> NotebookNode:
    """The notebook of a chapter page, without outputs: prose as Markdown, code as code."""
    lang = language(page)
    text = page.read_text(encoding="utf-8")
    if text.startswith("---\n"):  # front matter is for the site's tests only
        text = text[text.index("\n---\n", 4) + 5 :]
    text = snippets.expand(text)  # library source the page includes, as the site shows it
    cells = markdown_cells(exercises.unfold_collapsed(text), lang, page.parent)
    title = cells[0]["source"].split("\n", 1)
    if title[0].startswith("# "):  # the heading says which of the chapter's two forms this is
        title[0] += " — 노트북" if lang == "ko" else " — notebook"
        cells[0]["source"] = "\n".join(title)
    for i, cell in enumerate(cells):
        cell["id"] = f"cell-{i}"  # stable ids keep the committed file reproducible
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    }
    return notebook
