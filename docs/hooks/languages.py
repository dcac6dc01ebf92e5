"""Each language of the site is a site of its own for the reader: search and the 404 page.

mkdocs-static-i18n builds the Korean site, then the English one into ``en/`` of the same
directory. Two things are shared by default and so mix the languages:

- search: Material loads one index, ``search/search_index.json``, into which i18n puts the
  pages of both languages. After the last build the index is split: the English entries go
  to ``en/search/search_index.json`` and English pages load that one (their ``__config`` base
  is the ``en/`` folder, against which Material also resolves the results' links);
- the 404 page: each build writes ``404.html`` and the last (English) one wins. The English
  build's page goes to ``en/404.html`` instead, and on both the language switcher leads to
  the other language's 404 page (it otherwise keeps the links of the last page built).

What the index holds is cleaned too: math is left out (a snippet would show its raw TeX,
``\\(\\frac{1}{N}\\)``; KaTeX typesets the page, not the snippet), and so are the notebook pages,
which repeat their chapter page cell by cell, with TeX in ``$`` and "¶" anchors in headings.
The search dialog gets the accessible name Material leaves out.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

from mkdocs.plugins import event_priority

SEARCH_INDEX = Path("search", "search_index.json")
NOT_FOUND = "404.html"
SEARCH_LABEL = {"ko": "검색", "en": "Search"}

_MATH = re.compile(r'(<(?:span|div) class="arithmatex")')
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog"'


def _i18n(config):
    return config.plugins.get("i18n")


def _language(config) -> str:
    i18n = _i18n(config)
    return i18n.current_language if i18n else config.theme["language"]


def _default_language(config) -> str:
    i18n = _i18n(config)
    return i18n.default_language if i18n else config.theme["language"]


def on_page_content(html: str, page, config, files) -> str:
    # Material's search skips elements marked data-search-exclude (and strips the mark).
    if page.file.src_uri.endswith(".ipynb"):
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return _MATH.sub(r'\1 data-search-exclude="math"', html)


def _own_language(output: str, config) -> str:
    """A page of the site in ``lang``: the search dialog named, the language's own index."""
    lang = _language(config)
    output = output.replace(_SEARCH_DIALOG, f'{_SEARCH_DIALOG} aria-label="{SEARCH_LABEL[lang]}"')
    if lang == _default_language(config):
        return output

    def own_index(match: re.Match[str]) -> str:
        app = json.loads(match.group(2))
        app["base"] = posixpath.join(app["base"], lang, "")  # "../../en/"
        return match.group(1) + json.dumps(app, ensure_ascii=False) + match.group(3)

    return _CONFIG.sub(own_index, output, count=1)


def on_post_page(output: str, page, config) -> str:
    return _own_language(output, config)


def on_template_context(context, template_name: str, config):
    i18n = _i18n(config)
    if template_name == NOT_FOUND and i18n is not None and i18n.extra_alternate:
        # The 404 page is not a Page, so i18n leaves the switcher as the last page set it.
        config.extra.alternate = [
            {**alt, "link": alt["link"].lstrip("/") + NOT_FOUND}  # "/en/" -> "en/404.html"
            for alt in i18n.extra_alternate
        ]
    return context


def on_post_template(output: str, template_name: str, config) -> str:
    if template_name != NOT_FOUND:
        return output
    output = _own_language(output, config)
    lang = _language(config)
    if lang == _default_language(config):
        return output
    page = Path(config.site_dir, lang, NOT_FOUND)
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(output, encoding="utf-8")
    return ""  # mkdocs writes no 404.html from this build: the default language's stays


@event_priority(-200)  # after i18n (-100), which writes the merged index last
def on_post_build(config) -> None:
    i18n = _i18n(config)
    if i18n is None or i18n.building:  # one language's build inside i18n's: not yet
        return
    merged = Path(config.site_dir, SEARCH_INDEX)
    index = json.loads(merged.read_text(encoding="utf-8"))
    others = [lang for lang in i18n.build_languages if lang != i18n.default_language]
    by_language: dict[str, list] = {lang: [] for lang in [i18n.default_language, *others]}
    for entry in index["docs"]:
        lang = next((x for x in others if entry["location"].startswith(f"{x}/")), None)
        if lang is None:
            by_language[i18n.default_language].append(entry)
        else:
            entry["location"] = entry["location"].removeprefix(f"{lang}/")
            by_language[lang].append(entry)
    for lang, entries in by_language.items():
        path = Path(config.site_dir, "" if lang == i18n.default_language else lang, SEARCH_INDEX)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"config": index["config"], "docs": entries}
        path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
