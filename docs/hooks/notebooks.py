"""Make mkdocs-jupyter notebooks build in both languages.

mkdocs-static-i18n rebuilds the file list in its own ``on_files`` (priority -100), after
mkdocs-jupyter has wrapped ``.ipynb`` files as pages. The wrapping is lost: the notebook
is copied as a static file over its page URL (the site serves raw JSON), and the English
notebook lands beside the Korean one instead of under ``en/``. This hook runs after i18n
and wraps each notebook again, at the URL i18n chose for that language.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs_jupyter.plugin import NotebookFile


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
        dest = PurePosixPath(file.dest_uri)
        stem = dest.with_suffix("") if dest.suffix == ".ipynb" else dest.parent
        page.dest_path = str(stem / "index.html")
        page.abs_dest_path = os.path.normpath(os.path.join(config.site_dir, page.dest_path))
        page.url = f"{stem}/"
        files.remove(file)
        files.append(page)
    return files


# nbconvert's template loads MathJax from an empty URL and carries a Mermaid loader that
# imports from a CDN; the site typesets notebook math with its own KaTeX (katex-init.js)
# and must load nothing from another host, so both are taken out of notebook pages.
_MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.DOTALL)
_MERMAID = re.compile(r'<script type="module">(?:(?!</script>).)*?mermaid.*?</script>', re.DOTALL)


def on_post_page(output: str, page, config) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    output = _MERMAID.sub("", _MATHJAX.sub("", output))
    return output.replace(WRAPPER, download_link(page.file.src_uri) + WRAPPER, 1)


WRAPPER = '<div class="jupyter-wrapper">'


def download_link(src_uri: str) -> str:
    """A link to the .ipynb that mkdocs-jupyter copies beside the rendered page."""
    name = PurePosixPath(src_uri).name
    label = "노트북 내려받기" if ".en." not in name else "Download the notebook"
    return f'<p class="notebook-download"><a href="{name}" download>⬇ {label} ({name})</a></p>'


# -- the chapter notebooks are generated from the chapter pages ---------------------------
#
# ``python docs/hooks/notebooks.py`` rewrites every ``docs/chNN/notebook{,.en}.ipynb`` listed
# in NOTEBOOK_PAGES from its page, so the notebook never drifts from the tested text; a test
# regenerates them and compares. Code cells are the page's Python blocks (doctests become
# their sources); figures are embedded as attachments so the notebook stands alone; blocks
# the page skips on a condition carry a ``requires:FLAG`` tag.

NOTEBOOK_PAGES = ("ch05",)

_FENCE = re.compile(r"^```(\w*)\s*$")
_SKIP = re.compile(r"<!--\s*skip:\s*(start|end|next)\s*(?:if\((.*)\))?.*?-->")
_FLAG = re.compile(r"not\s+(\w+)")
_IMAGE = re.compile(r"!\[([^\]]*)\]\((figures/[^)\s]+\.png)\)")


def _doctest_to_code(source: str) -> list[tuple[str, bool]]:
    """(code, shows_output) per doctest example."""
    import doctest

    return [(ex.source, bool(ex.want)) for ex in doctest.DocTestParser().get_examples(source)]


def _code_cells(source: str, tags: list[str]) -> list:
    import nbformat

    if not source.lstrip().startswith(">>>"):
        return [nbformat.v4.new_code_cell(source.rstrip("\n"), metadata={"tags": tags})]
    cells, pending = [], ""
    for code, shows in _doctest_to_code(source):
        pending += code
        if shows:  # a shown output ends a cell, so the notebook shows it too
            cells.append(pending)
            pending = ""
    if pending:
        cells.append(pending)
    return [nbformat.v4.new_code_cell(c.rstrip("\n"), metadata={"tags": tags}) for c in cells]


def _markdown_cell(text: str, page_dir: Path, lang: str):
    import base64

    import nbformat

    attachments = {}

    def attach(match: re.Match[str]) -> str:
        path = page_dir / match.group(2)
        if lang != "ko":
            localized = path.with_name(f"{path.stem}.{lang}.png")
            path = localized if localized.exists() else path
        attachments[path.name] = {"image/png": base64.b64encode(path.read_bytes()).decode()}
        return f"![{match.group(1)}](attachment:{path.name})"

    text = _IMAGE.sub(attach, text)
    # Jupyter's markdown knows $...$ and $$...$$, not arithmatex's \( \) and \[ \].
    text = text.replace("\\(", "$").replace("\\)", "$").replace("\\[", "$$").replace("\\]", "$$")
    cell = nbformat.v4.new_markdown_cell(text.strip("\n"))
    if attachments:
        cell["attachments"] = attachments
    return cell


def page_to_notebook(page: Path):
    """The notebook of a chapter page: its prose as markdown, its Python blocks as code."""
    import nbformat

    lang = "en" if page.name.endswith(".en.md") else "ko"
    text = page.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        text = text[text.index("\n---\n", 4) + 5 :]
    cells: list = []
    prose: list[str] = []
    lines = iter(text.splitlines(keepends=True))
    requires: list[str] = []
    next_requires: list[str] = []

    def flush() -> None:
        if "".join(prose).strip():
            cells.append(_markdown_cell("".join(prose), page.parent, lang))
        prose.clear()

    for line in lines:
        skip = _SKIP.search(line)
        if skip:
            action, condition = skip.group(1), skip.group(2) or ""
            flags = [f"requires:{f}" for f in _FLAG.findall(condition)] or ["skip"]
            if action == "start":
                requires = flags
            elif action == "end":
                requires = []
            else:
                next_requires = flags
            continue
        if line.startswith("<!-- invisible-code-block: python"):
            flush()
            body = []
            for inner in lines:
                if inner.strip() == "-->":
                    break
                body.append(inner)
            cells += _code_cells("".join(body), ["setup", *requires])
            continue
        fence = _FENCE.match(line)
        if fence and fence.group(1) == "python":
            flush()
            body = []
            for inner in lines:
                if inner.startswith("```"):
                    break
                body.append(inner)
            cells += _code_cells("".join(body), requires + next_requires)
            next_requires = []
            continue
        if "(notebook.ipynb)" in line:  # the page's pointer to this very notebook
            continue
        prose.append(line)
        if fence:  # another language: keep the whole fence in the prose
            for inner in lines:
                prose.append(inner)
                if inner.startswith("```"):
                    break
    flush()
    # The nav and the page title say which of the chapter's two pages this is.
    title = cells[0]["source"].split("\n", 1)
    if title[0].startswith("# "):
        title[0] += " — 노트북" if lang == "ko" else " — notebook"
        cells[0]["source"] = "\n".join(title)
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    notebook.metadata["language_info"] = {"name": "python"}
    for i, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{i}"  # stable ids keep the committed file reproducible
    return notebook


def notebook_path(page: Path) -> Path:
    suffix = ".en" if page.name.endswith(".en.md") else ""
    return page.parent / f"notebook{suffix}.ipynb"


def chapter_pages(docs: Path) -> list[Path]:
    return [docs / ch / name for ch in NOTEBOOK_PAGES for name in ("index.md", "index.en.md")]


def write_notebooks(docs: Path) -> list[Path]:
    import nbformat

    written = []
    for page in chapter_pages(docs):
        out = notebook_path(page)
        nbformat.write(page_to_notebook(page), out)
        written.append(out)
    return written


if __name__ == "__main__":
    for path in write_notebooks(Path(__file__).resolve().parents[1]):
        print(f"wrote {path}")
