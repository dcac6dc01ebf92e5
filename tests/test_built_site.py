"""Checks on the built HTML that ``mkdocs build --strict`` does not make."""

from __future__ import annotations

import html
import json
import re
import sys
import zipfile
from pathlib import Path

import pytest

from tests.docs_inventory import DOCS, ROOT, page_blocks, pages
from tests.test_copy_run import copy_of

sys.path.insert(0, str(ROOT / "docs" / "hooks"))
from copy_doctest import _code_text, add_copy_attributes, runnable_source

EXTERNAL = re.compile(
    r"""<(?:script|img|iframe|source)\b[^>]*\bsrc=["']?(?:https?:)?//"""
    r"""|<link\b[^>]*\bhref=["']?(?:https?:)?//[^"'>]*["'][^>]*rel=["']?(?:stylesheet|preload|modulepreload)"""
    r"""|<link\b[^>]*rel=["']?(?:stylesheet|preload|modulepreload)["']?[^>]*\bhref=["']?(?:https?:)?//"""
    r"""|@import\s+url\(["']?(?:https?:)?//""",
    re.IGNORECASE,
)


def built_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_nothing_is_loaded_from_another_host(site: Path) -> None:
    offenders = []
    for page in built_pages(site):
        for match in EXTERNAL.finditer(page.read_text(encoding="utf-8")):
            offenders.append(f"{page.relative_to(site)}: {match.group(0)[:120]}")
    assert not offenders, "the site must work offline:\n" + "\n".join(offenders[:20])


# Script text may import from a host too (nbconvert's Mermaid loader did).
CDN_HOST = re.compile(
    r"(?:https?:)?//[\w.-]*(?:cdn|jsdelivr|unpkg|googleapis|mathjax)[\w.-]*/", re.I
)


# Images embedded in notebook pages: base64 text, which can spell anything.
DATA_URI = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+")


def test_no_cdn_address_anywhere_in_the_html(site: Path) -> None:
    offenders = [
        f"{page.relative_to(site)}: {match.group(0)}"
        for page in built_pages(site)
        for match in CDN_HOST.finditer(DATA_URI.sub("", page.read_text(encoding="utf-8")))
    ]
    assert not offenders, "\n".join(offenders[:20])


def test_katex_is_served_from_the_site(site: Path) -> None:
    assert (site / "assets/katex/katex.min.js").is_file()
    fonts = list((site / "assets/katex/fonts").glob("*.woff2"))
    assert len(fonts) >= 20
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "assets/katex/katex.min.js" in index


def notebook_pages() -> list[Path]:
    return sorted(DOCS.rglob("*.ipynb"))


@pytest.mark.parametrize("notebook", notebook_pages(), ids=lambda p: p.name)
def test_notebook_is_rendered_as_html_in_its_language(site: Path, notebook: Path) -> None:
    rel = notebook.relative_to(DOCS)
    english = notebook.name.endswith(".en.ipynb")
    stem = rel.name.removesuffix(".en.ipynb").removesuffix(".ipynb")
    page = site / ("en" if english else "") / rel.parent / stem / "index.html"
    assert page.is_file(), f"no page for {rel}"
    text = page.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<!doctype html>"), f"{page} is not HTML (raw notebook JSON?)"
    assert '"cell_type"' not in text
    assert f'lang="{"en" if english else "ko"}"' in text
    # The page shows this notebook's own first heading, not the other language's.
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    heading = next(c for c in cells if c["cell_type"] == "markdown")["source"]
    heading = "".join(heading).splitlines()[0].lstrip("# ").strip()
    assert html.escape(heading, quote=False) in text
    # The page offers its notebook for download, and the file is there.
    link = re.search(r'<a href="([^"]+\.ipynb)" download(?:="[^"]+")?>', text)
    assert link and (page.parent / link.group(1)).read_bytes() == notebook.read_bytes()
    # It shows the stored outputs, not only the code. (A practice notebook's cells define
    # checks and print nothing until the reader answers: it was run all the same.)
    outputs = sum(len(c.get("outputs", [])) for c in cells if c["cell_type"] == "code")
    if stem == "practice":
        assert all(c["execution_count"] for c in cells if c["cell_type"] == "code"), rel
    else:
        assert outputs > 0, f"{rel} was stored without outputs"
    assert text.count('class="jp-OutputArea-child') >= outputs


def chapter_pages() -> list[Path]:
    return sorted(DOCS.rglob("notebook.ipynb"))


def chapter(notebook: Path) -> str:
    """``ch05``, or ``vol2/ch01`` for a later volume's chapter."""
    return notebook.parent.relative_to(DOCS).as_posix()


@pytest.mark.parametrize("english", [False, True], ids=["ko", "en"])
@pytest.mark.parametrize("notebook", chapter_pages(), ids=chapter)
def test_chapter_page_links_its_notebook_under_its_title(
    site: Path, notebook: Path, english: bool
) -> None:
    page = site / ("en" if english else "") / chapter(notebook) / "index.html"
    text = page.read_text(encoding="utf-8")
    links = re.search(r'<p class="notebook-links">(.*?)</p>', text)
    assert links, f"{page.relative_to(site)} has no notebook links"
    assert text.index("</h1>") < links.start() < text.index("<h2"), "not right under the title"
    assert bool(re.search(r"[\uac00-\ud7a3]", links.group(1))) != english, "wrong language"
    view, download = re.findall(r'href="([^"]+)"', links.group(1))
    assert (page.parent / view / "index.html").is_file(), f"{view}: no notebook page"
    source = notebook.with_name("notebook.en.ipynb") if english else notebook
    assert (page.parent / download).read_bytes() == source.read_bytes(), "download is not it"
    assert f'href="{download}" download=' in links.group(1)


def practice_notebooks() -> list[Path]:
    return sorted(DOCS.rglob("practice.ipynb"))


@pytest.mark.parametrize("english", [False, True], ids=["ko", "en"])
@pytest.mark.parametrize("notebook", practice_notebooks(), ids=chapter)
def test_exercises_heading_links_the_practice_notebook(
    site: Path, notebook: Path, english: bool
) -> None:
    page = site / ("en" if english else "") / chapter(notebook) / "index.html"
    text = page.read_text(encoding="utf-8")
    heading = re.search(r"<h2 id=\"[^\"]*\">(연습 문제|Exercises)<a", text)
    assert heading, f"{page.relative_to(site)}: no exercises heading"
    links = re.search(r'<p class="practice-links">(.*?)</p>', text)
    assert links, f"{page.relative_to(site)} has no practice notebook links"
    between = text[heading.end() : links.start()]
    assert "</h2>" in between and "<p" not in between, "not right under the exercises heading"
    assert bool(re.search(r"[\uac00-\ud7a3]", links.group(1))) != english, "wrong language"
    view, download = re.findall(r'href="([^"]+)"', links.group(1))
    view_page = page.parent / view / "index.html"
    assert view_page.is_file(), f"{view}: no practice notebook page"
    source = notebook.with_name("practice.en.ipynb") if english else notebook
    assert (page.parent / download).read_bytes() == source.read_bytes(), "download is not it"
    name = f"{chapter(notebook).replace('/', '-')}-practice{'.en' if english else ''}.ipynb"
    assert f'href="{download}" download="{name}"' in links.group(1)
    # The practice page offers the same file, under the same name.
    shown = view_page.read_text(encoding="utf-8")
    assert f'download="{name}"' in shown and 'lang="{}"'.format("en" if english else "ko") in shown


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_home_page_links_the_archive_of_its_notebooks(site: Path, lang: str) -> None:
    home = site / ("en" if lang == "en" else "") / "index.html"
    link = re.search(rf'href="([^"]*notebooks-{lang}\.zip)"', home.read_text(encoding="utf-8"))
    assert link, f"the {lang} home page does not link notebooks-{lang}.zip"
    suffix = ".en" if lang == "en" else ""
    expected = {
        f"notebooks-{lang}/{chapter(nb).replace('/', '-')}.ipynb": nb.with_name(
            f"notebook{suffix}.ipynb"
        )
        for nb in chapter_pages()
    }
    expected |= {  # and each practice notebook beside its chapter's
        f"notebooks-{lang}/{chapter(nb).replace('/', '-')}-practice.ipynb": nb.with_name(
            f"practice{suffix}.ipynb"
        )
        for nb in practice_notebooks()
    }
    with zipfile.ZipFile(home.parent / link.group(1)) as archive:
        assert sorted(archive.namelist()) == sorted(expected)
        for name, source in expected.items():
            assert archive.read(name) == source.read_bytes(), f"{name} differs from {source}"


def test_every_image_on_every_page_exists(site: Path) -> None:
    missing = []
    for page in built_pages(site):
        for src in re.findall(r'<img\b[^>]*\bsrc="([^"]+)"', page.read_text(encoding="utf-8")):
            if src.startswith("data:"):
                continue
            target = (page.parent / src.split("#")[0]).resolve()
            if not target.is_file():
                missing.append(f"{page.relative_to(site)} -> {src}")
    assert not missing, "\n".join(missing)


def test_english_pages_are_english(site: Path) -> None:
    for page in (site / "en").rglob("index.html"):
        assert 'lang="en"' in page.read_text(encoding="utf-8"), page


def test_doctest_copy_button_copies_runnable_code(site: Path) -> None:
    text = (site / "ch05" / "index.html").read_text(encoding="utf-8")
    copies = [html.unescape(c) for c in re.findall(r'data-copy="([^"]*)"', text)]
    assert copies, "no doctest block got a data-copy attribute"
    for code in copies:
        assert ">>>" not in code and "..." not in code.splitlines()[0]
        compile(code, "<copied>", "exec")  # what the reader pastes is valid Python


def test_copy_attribute_strips_prompts_and_output() -> None:
    block = (
        '<div class="language-python highlight"><pre><span></span><code>'
        "&gt;&gt;&gt; for i in range(2):\n...     print(i)\n0\n1\n&gt;&gt;&gt; x = 3\n"
        "</code></pre></div>"
    )
    out = add_copy_attributes(block)
    copied = html.unescape(re.search(r'data-copy="([^"]*)"', out).group(1))
    # The interactive interpreter needs a blank line after a compound statement.
    assert copied == "for i in range(2):\n    print(i)\n\nx = 3"
    plain = '<div class="language-python highlight"><pre><code>x = 1\n</code></pre></div>'
    assert add_copy_attributes(plain) == plain
    assert runnable_source(">>> 1 + 1\n2\n") == "1 + 1"


def test_copy_of_a_plain_block_pastes_into_the_repl() -> None:
    # A blank line inside a class ends it early in the REPL; the statement after it needs one;
    # a blank line inside a string is part of the string.
    code = 'class A:\n    x = 1\n\n    def f(self):\n        """A.\n\n        B."""\nA().f()\n'
    block = '<div class="language-python highlight"><pre><code>{}</code></pre></div>'
    out = add_copy_attributes(block.format(html.escape(code)))
    copied = html.unescape(re.search(r'data-copy="([^"]*)"', out).group(1))
    pasted = 'class A:\n    x = 1\n    def f(self):\n        """A.\n\n        B."""\n\nA().f()'
    assert copied == pasted


PYTHON_BLOCK = re.compile(
    r'<div class="language-python highlight"([^>]*)>(.*?)</pre></div>', re.DOTALL
)


def test_the_site_copies_what_the_paste_test_runs(site: Path) -> None:
    """tests/test_copy_run.py pastes each visible block's copy text; the built page's copy
    buttons (``data-copy``, or the block's own text) must copy exactly those texts."""
    for page in pages():
        rel = page.relative_to(DOCS)
        stem = rel.name.removesuffix(".md").removesuffix(".en")
        lang = "en" if rel.name.endswith(".en.md") else ""
        built = site / lang / rel.parent / ("" if stem == "index" else stem) / "index.html"
        copied = []
        for attributes, code in PYTHON_BLOCK.findall(built.read_text(encoding="utf-8")):
            attr = re.search(r'data-copy="([^"]*)"', attributes)
            copied.append(html.unescape(attr.group(1)) if attr else _code_text(code).rstrip())
        expected = [copy_of(b) for b in page_blocks(page) if not b.invisible]
        assert copied == expected, f"{rel}: the copy buttons copy other text than the test runs"
