"""The chapter notebooks on the site, in both languages.

The notebooks themselves are made from the pages and executed by
``python -m site_tools notebooks`` (see ``site_tools/notebooks.py``); this hook only shows them:

- mkdocs-static-i18n rebuilds the file list in its own ``on_files`` (priority -100), after
  mkdocs-jupyter has wrapped ``.ipynb`` files as pages. The wrapping is lost: the notebook is
  copied as a static file over its page URL (the site serves raw JSON), and the English
  notebook lands beside the Korean one instead of under ``en/``. ``on_files`` runs after i18n
  and wraps each notebook again, at the URL i18n chose for that language;
- every chapter page gets, under its title, links to its notebook's page and to the file, and
  under its exercises heading (``## 연습 문제`` / ``## Exercises``) the same for its practice
  notebook (``practice.ipynb``, made from that section);
- each language's build carries one archive of all that language's notebooks, practice
  notebooks included (``notebooks-ko.zip``, ``notebooks-en.zip``), which the home page links;
- notebook pages lose nbconvert's CDN scripts and offer their ``.ipynb`` for download.
"""

from __future__ import annotations

import copy
import io
import os
import posixpath
import re
import zipfile
from pathlib import Path, PurePosixPath

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url
from mkdocs_jupyter.plugin import NotebookFile

NOTEBOOK = {"ko": "notebook.ipynb", "en": "notebook.en.ipynb"}
LINKS = {
    "ko": "이 페이지는 실행 결과까지 담긴 주피터 노트북으로도 있습니다: "
    '<a href="{page}">노트북 보기</a> · <a href="{file}" download="{name}">⬇ {name} 내려받기</a>',
    "en": "This page is also a Jupyter notebook, outputs included: "
    '<a href="{page}">view the notebook</a> · <a href="{file}" download="{name}">⬇ download '
    "{name}</a>",
}
DOWNLOAD = {"ko": "노트북 내려받기", "en": "Download the notebook"}
PRACTICE = {"ko": "practice.ipynb", "en": "practice.en.ipynb"}
PRACTICE_LINKS = {
    "ko": "이 연습 문제는 빈 답 칸과 자기 점검이 준비된 주피터 노트북으로도 풀 수 있습니다: "
    '<a href="{page}">연습 문제 노트북 보기</a> · <a href="{file}" download="{name}">⬇ {name} '
    "내려받기</a>",
    "en": "These exercises are also a Jupyter notebook, with empty answer cells and the checks "
    'in place: <a href="{page}">view the practice notebook</a> · <a href="{file}" '
    'download="{name}">⬇ download {name}</a>',
}
PRACTICE_DOWNLOAD = {"ko": "연습 문제 노트북 내려받기", "en": "Download the practice notebook"}
EXERCISES = re.compile(r"^## (?:연습 문제|Exercises)[ \t]*$", re.MULTILINE)
FIXED_DATE = (2024, 1, 1, 0, 0, 0)


def _language(config) -> str:
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or "ko"


def archive_name(lang: str) -> str:
    return f"notebooks-{lang}.zip"


def notebook_archive(docs_dir: Path, lang: str) -> bytes:
    """Every chapter notebook of one language, as ``notebooks-<lang>/<chapter>.ipynb``, and
    every practice notebook, as ``notebooks-<lang>/<chapter>-practice.ipynb``."""
    buffer = io.BytesIO()
    notebooks = [*docs_dir.rglob(NOTEBOOK[lang]), *docs_dir.rglob(PRACTICE[lang])]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(notebooks):
            name = download_name(path.relative_to(docs_dir).as_posix()).replace(".en.", ".")
            # A fixed date keeps the archive the same from build to build.
            entry = zipfile.ZipInfo(f"notebooks-{lang}/{name}", FIXED_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, path.read_bytes())
    return buffer.getvalue()


@event_priority(-200)
def on_files(files: Files, config) -> Files:
    plugin = config.plugins.get("mkdocs-jupyter")
    if plugin is None:
        return files
    for file in list(files):
        if isinstance(file, NotebookFile) or not plugin.should_include(file):
            continue
        page = NotebookFile(file, **config)
        # i18n already put the file under its language ("en/ch05/notebook/index.html",
        # or "en/ch05/notebook.ipynb" when it saw a static file): keep that place.
        page.url = _notebook_page_url(file)
        page.dest_path = f"{page.url}index.html"
        page.abs_dest_path = os.path.normpath(os.path.join(config.site_dir, page.dest_path))
        _keep_language_twins(file, page, config)
        files.remove(file)
        files.append(page)
    lang = _language(config)
    content = notebook_archive(Path(config.docs_dir), lang)
    files.append(File.generated(config, archive_name(lang), content=content))
    return files


def _notebook_page_url(file: File) -> str:
    """``en/ch05/notebook/`` for ``en/ch05/notebook.ipynb`` or ``en/ch05/notebook/index.html``."""
    dest = PurePosixPath(file.dest_uri)
    stem = dest.with_suffix("") if dest.suffix == ".ipynb" else dest.parent
    return f"{stem}/"


def _keep_language_twins(file: File, page: NotebookFile, config) -> None:
    """Give the page that replaces ``file`` the language data i18n keeps on its files, so
    that a notebook page's language switcher leads to the same notebook in the other
    language (without it, i18n leaves the switcher as the previous page set it). i18n took
    the notebooks for static files and found no twins for them; every language has one:
    its own notebook, or the default language's in its place."""
    i18n = config.plugins.get("i18n")
    if i18n is None or not hasattr(file, "norm_src_uri"):
        return
    stem = PurePosixPath(file.norm_src_uri).with_suffix("")  # ch05/notebook
    page.locale = file.locale
    page.locale_alternate_of = file.locale_alternate_of
    page.alternates = {}
    for lang in i18n.build_languages:
        twin = copy.copy(file)
        twin.url = f"{stem}/" if lang == i18n.default_language else f"{lang}/{stem}/"
        page.alternates[lang] = twin


def chapter_notebook(page, files: Files, names: dict[str, str] = NOTEBOOK) -> File | None:
    """The notebook page of the chapter page ``page`` in its language, if it has one
    (its practice notebook with ``names=PRACTICE``)."""
    src = PurePosixPath(page.file.src_uri)
    if src.name not in ("index.md", "index.en.md"):
        return None
    lang = "en" if src.name == "index.en.md" else "ko"
    for candidate in (names[lang], names["ko"]):  # i18n may list it under either name
        file = files.get_file_from_path(str(src.parent / candidate))
        if isinstance(file, NotebookFile):
            return file
    return None


_H1 = re.compile(r"^# .*$", re.MULTILINE)  # the page's title, looked for before any code


def _links(template: str, notebook: File, page, css: str) -> str:
    page_url = get_relative_url(notebook.url, page.file.url)
    # mkdocs-jupyter copies the .ipynb, under its own name, beside the notebook's page.
    file = PurePosixPath(notebook.src_uri).name
    file_url = get_relative_url(f"{notebook.url}{file}", page.file.url)
    links = template.format(page=page_url, file=file_url, name=download_name(notebook.src_uri))
    return f'\n\n<p class="{css}">{links}</p>\n'


def on_page_markdown(markdown: str, page, config, files: Files) -> str:
    """Under a chapter page's title: its notebook's page and file; under its exercises
    heading: its practice notebook's; in the page's language."""
    lang = _language(config)
    practice = chapter_notebook(page, files, PRACTICE)
    heading = EXERCISES.search(markdown)
    if practice is not None and heading is not None:
        paragraph = _links(PRACTICE_LINKS[lang], practice, page, "practice-links")
        markdown = markdown[: heading.end()] + paragraph + markdown[heading.end() :]
    notebook = chapter_notebook(page, files)
    fence = markdown.find("```")
    title = _H1.search(markdown, 0, fence if fence >= 0 else len(markdown))
    if notebook is None or title is None:
        return markdown
    paragraph = _links(LINKS[lang], notebook, page, "notebook-links")
    return markdown[: title.end()] + paragraph + markdown[title.end() :]


# nbconvert's template loads MathJax from an empty URL and carries a Mermaid loader that
# imports from a CDN; the site typesets notebook math with its own KaTeX (katex-init.js)
# and must load nothing from another host, so both are taken out of notebook pages.
_MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.DOTALL)
_MERMAID = re.compile(r'<script type="module">(?:(?!</script>).)*?mermaid.*?</script>', re.DOTALL)
WRAPPER = '<div class="jupyter-wrapper">'
_CELL_CODE = '<div class="highlight-ipynb hl-python"'
_FENCED_CODE = '<div class="highlight"><pre>'  # a code block inside a markdown cell


_HEADING = re.compile(r'<h([1-6]) id="([^"]*)">(.*?)<a class="anchor-link" href="#[^"]*">')


_MD_LINK = re.compile(r'href="(?![a-z]+:|/|#)([^"#]+\.md)(#[^"]*)?"')


def _page_link(match: re.Match[str], page, files: Files) -> str:
    """A link a notebook's markdown makes to a page (``../ch05/index.md#572``), written
    relative to the notebook file as the pages write theirs: mkdocs-jupyter leaves it as it
    is, one folder too shallow and to the .md source; it becomes the page's URL."""
    src = posixpath.normpath(posixpath.join(posixpath.dirname(page.file.src_uri), match[1]))
    target = files.get_file_from_path(src)
    if target is None:
        return match[0]
    return f'href="{get_relative_url(target.url, page.file.url)}{match[2] or ""}"'


def _toc_items(toc):
    for item in toc:
        yield item
        yield from _toc_items(item.children)


def on_page_content(html: str, page, config, files: Files) -> str:
    """One anchor per heading of a notebook page, the same for its heading, its ¶ link and
    the page's table of contents. mkdocs-jupyter slugs the table of contents one way
    (Python-Markdown: ASCII only, so a Korean heading becomes ``_1``) and nbconvert the
    headings another (an empty id for a Korean heading): the links led nowhere."""
    if not page.file.src_uri.endswith(".ipynb") or page.toc is None:
        return html
    html = _MD_LINK.sub(lambda m: _page_link(m, page, files), html)
    items = list(_toc_items(page.toc))
    headings = list(_HEADING.finditer(html))
    if len(items) != len(headings):
        return html  # not the same headings: leave both alone (tests/test_links.py tells)
    parts, end = [], 0
    for item, heading in zip(items, headings, strict=True):
        anchor = heading.group(2) or item.id
        item.id = anchor
        level, text = heading.group(1), heading.group(3)
        parts += [html[end : heading.start()], f'<h{level} id="{anchor}">{text}']
        parts.append(f'<a class="anchor-link" href="#{anchor}">')
        end = heading.end()
    return "".join([*parts, html[end:]])


def on_post_page(output: str, page, config) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    output = _MERMAID.sub("", _MATHJAX.sub("", output))
    # A cell's code scrolls sideways when a line is long: keyboard users reach it by Tab.
    output = output.replace(_CELL_CODE, f'{_CELL_CODE} tabindex="0"')
    output = output.replace(_FENCED_CODE, _FENCED_CODE.replace("<pre>", '<pre tabindex="0">'))
    return output.replace(WRAPPER, download_link(page.file.src_uri) + WRAPPER, 1)


def chapter_name(src_uri: str) -> str:
    """``ch05`` for ``ch05/notebook.ipynb``; ``vol2-ch01`` for volume 2's first chapter."""
    return "-".join(PurePosixPath(src_uri).parent.parts)


def download_name(src_uri: str) -> str:
    """The name a downloaded notebook gets: its chapter's (``ch05.ipynb``, ``ch05.en.ipynb``;
    ``ch05-practice.ipynb``, ``ch05-practice.en.ipynb`` for the practice notebook)."""
    path = PurePosixPath(src_uri)
    kind = "-practice" if path.name in PRACTICE.values() else ""
    english = ".en" if path.name in (NOTEBOOK["en"], PRACTICE["en"]) else ""
    return f"{chapter_name(src_uri)}{kind}{english}.ipynb"


def download_link(src_uri: str) -> str:
    """A link to the .ipynb that mkdocs-jupyter copies beside the rendered page."""
    file = PurePosixPath(src_uri).name
    name = download_name(src_uri)
    labels = PRACTICE_DOWNLOAD if file in PRACTICE.values() else DOWNLOAD
    label = labels["en" if file in (NOTEBOOK["en"], PRACTICE["en"]) else "ko"]
    link = f'<a href="{file}" download="{name}">⬇ {label} ({name})</a>'
    return f'<p class="notebook-download">{link}</p>'
