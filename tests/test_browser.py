"""The built site in a real browser (Debian's chromium driven by playwright), both languages.

Every page of the built site is visited once and looked at as a reader meets it: math
typeset (no raw TeX left), every image loaded, the language switcher leading to the same page
in the other language, the copy buttons copying the code the tests run, the dark-mode toggle
labelled in the page's language, figure text no smaller than 10 px at the site's default
width, and no serious or critical accessibility violation (axe-core). Search is typed into a
Korean and an English page. Without playwright or chromium the tests skip and say how to get
them.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests import browser_site as bs

if reason := bs.missing_browser():
    pytest.skip(reason, allow_module_level=True)

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from tests.docs_inventory import DOCS, page_blocks
from tests.test_copy_run import copy_of

VIEWPORT = {"width": 1280, "height": 800}  # the site's default width: both sidebars shown
MIN_TEXT_PX = 10.0
HANGUL = re.compile(r"[\uac00-\ud7a3]")
RAW_TEX = re.compile(  # as in browser_probe.js
    r"\\[()[\]]|\$[^$\s][^$]*\$|\$\$|\\(?:frac|sum|mathbf|mathrm|partial|cdot|times|left|right"
    r"|begin|sqrt|alpha|lambda|sigma|theta|odot|nabla|leftarrow|ldots|text)\b"
)

PROBE = Path(__file__).with_name("browser_probe.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=bs.CHROMIUM)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def base_url(site: Path):
    with bs.serve(site) as url:
        yield url


def new_page(browser, base_url: str):
    context = browser.new_context(viewport=VIEWPORT, base_url=base_url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    return context.new_page()


def serious(results: dict) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture(scope="module")
def visits(browser, base_url: str, site: Path) -> dict[str, dict]:
    """Each page once: what the probe saw after load, and axe-core's serious findings.

    axe-core checks every page whole except the insides of code blocks, whose thousands of
    highlighted tokens make it slow (10-20 s a page); their colours are the theme's, the
    same on every page, and are checked on the two pages of each language with the most
    code, a chapter page and a notebook page."""
    paths = bs.site_pages(site)
    page = new_page(browser, base_url)
    axe = Axe()
    seen = {}
    for path in paths:
        response = page.goto(path, wait_until="load")
        report = page.evaluate(PROBE)
        report["status"] = response.status if response else None
        report["axe"] = serious(axe.run(page, context={"exclude": [["pre"]]}).response)
        seen[path] = report
    for lang in ("ko", "en"):
        ours = [p for p in paths if bs.language(p) == lang]
        for kind in (lambda p: "/notebook/" in p, lambda p: "/notebook/" not in p):
            most = max(filter(kind, ours), key=lambda p: seen[p]["codeBlocks"])
            page.goto(most, wait_until="load")
            seen[most]["axe"] += serious(axe.run(page).response)
    page.context.close()
    return seen


def test_every_page_of_both_languages_was_visited(visits: dict[str, dict]) -> None:
    by_language = {lang: [p for p in visits if bs.language(p) == lang] for lang in ("ko", "en")}
    assert len(by_language["ko"]) > 10 and len(by_language["en"]) > 10, by_language
    bad = {p: r["status"] for p, r in visits.items() if r["status"] != 200}
    assert not bad, f"pages that did not load: {bad}"
    wrong = [p for p, r in visits.items() if r["lang"] != bs.language(p)]
    assert not wrong, f"<html lang> is not the page's language: {wrong}"


def test_no_raw_tex_is_left_after_load(visits: dict[str, dict]) -> None:
    offenders = {p: r["tex"][:3] for p, r in visits.items() if r["tex"]}
    errors = {p: r["katexErrors"] for p, r in visits.items() if r["katexErrors"]}
    assert not offenders, f"raw TeX visible after KaTeX ran: {offenders}"
    assert not errors, f"KaTeX could not typeset: {errors}"
    assert sum(r["typeset"] for r in visits.values()) > 100, "KaTeX typeset (almost) nothing"


def test_every_image_loaded(visits: dict[str, dict]) -> None:
    broken = {
        p: [i["src"][:80] for i in r["images"] if not i["loaded"]]
        for p, r in visits.items()
        if any(not i["loaded"] for i in r["images"])
    }
    assert not broken, f"images that did not load: {broken}"
    assert sum(len(r["images"]) for r in visits.values()) > 100


def test_language_switcher_leads_to_the_same_page(visits: dict[str, dict]) -> None:
    wrong = {}
    for path, report in visits.items():
        links = {lang: urlsplit(href).path for lang, href in report["switcher"].items()}
        other = "ko" if bs.language(path) == "en" else "en"
        expected = {bs.language(path): path, other: bs.twin(path)}
        target = visits.get(links.get(other, ""), {})
        if links != expected or target.get("lang") != other:
            wrong[path] = links
    assert not wrong, f"switcher links that miss the page's twin: {wrong}"


def built_page_source(path: str) -> Path | None:
    """The Markdown page a built page comes from (None: a notebook, the 404 page)."""
    lang = bs.language(path)
    rel = path.removeprefix("/en").strip("/")
    suffix = ".en.md" if lang == "en" else ".md"
    for candidate in (DOCS / rel / f"index{suffix}", DOCS / f"{rel}{suffix}"):
        if candidate.is_file():
            return candidate
    return None


def test_copy_buttons_copy_the_runnable_code(visits: dict[str, dict]) -> None:
    checked, wrong = 0, []
    for path, report in visits.items():
        source = built_page_source(path)
        if source is None:
            continue
        expected = [copy_of(b) for b in page_blocks(source) if not b.invisible]
        copied = [text.rstrip() for text in report["copied"]]
        checked += len(copied)
        if copied != expected:
            mismatch = next(
                (i for i, (a, b) in enumerate(zip(copied, expected, strict=False)) if a != b),
                min(len(copied), len(expected)),
            )
            wrong.append(f"{path}: block {mismatch} of {len(expected)} copies other text")
    assert not wrong, "\n".join(wrong)
    assert checked > 100, f"only {checked} copy buttons were pressed"


def test_dark_mode_toggle_speaks_the_page_language(visits: dict[str, dict]) -> None:
    wrong = {}
    for path, report in visits.items():
        labels = report["palette"]  # the two toggles' aria-labels and tooltips
        korean = {bool(HANGUL.search(label)) for label in labels}
        if len(labels) != 4 or not all(labels) or korean != {bs.language(path) == "ko"}:
            wrong[path] = labels
    assert not wrong, f"dark-mode toggle labels not in the page's language: {wrong}"


def test_figure_text_is_at_least_10_px(visits: dict[str, dict], site: Path) -> None:
    """Smallest text in points x dpi / 72 x (rendered width / the file's width)."""
    figures, small, unknown = bs.figure_files(), [], []
    for path, report in visits.items():
        for image in report["images"]:
            data = bs.image_bytes(site, path, image["src"])
            fig = figures.get(hashlib.sha256(data).hexdigest()) if data else None
            if fig is None:
                unknown.append(f"{path}: {image['src'][:60]}")
                continue
            points = fig.smallest_pt or bs.smallest_text_pt(fig.key, fig.lang)
            if points is None:
                continue  # test_data_figures_record_their_text_size names these
            px = points * fig.dpi / 72 * image["width"] / image["naturalWidth"]
            if px < MIN_TEXT_PX:
                small.append(f"{path}: {fig.key} ({fig.lang}) text at {px:.1f} px")
    assert not unknown, f"images not drawn by site_tools.figures: {unknown}"
    assert not small, "figure text below 10 px; draw it narrower or larger:\n" + "\n".join(
        sorted(set(small))
    )


def test_data_figures_record_their_text_size(visits: dict[str, dict], site: Path) -> None:
    """A figure drawn from data is not redrawn here (some train for minutes): its file
    records its smallest text when ``python -m site_tools figures`` draws it."""
    figures, unrecorded = bs.figure_files(), set()
    for path, report in visits.items():
        for image in report["images"]:
            data = bs.image_bytes(site, path, image["src"])
            fig = figures.get(hashlib.sha256(data).hexdigest()) if data else None
            if fig and fig.smallest_pt is None and bs.smallest_text_pt(fig.key, fig.lang) is None:
                unrecorded.add(f"{fig.key} ({fig.lang})")
    if unrecorded:
        pytest.skip(
            "the text size of these figures, drawn from data, is not recorded in their files "
            f"yet: {', '.join(sorted(unrecorded))}; redraw them with python -m site_tools "
            "figures --only KEY (needs their datasets) and the legibility test checks them too"
        )


def test_no_serious_accessibility_violation(visits: dict[str, dict]) -> None:
    found = {p: r["axe"] for p, r in visits.items() if r["axe"]}
    assert not found, "axe-core, serious or critical:\n" + "\n".join(
        f"{p}: {v}" for p, vs in found.items() for v in vs
    )


SEARCHES = {"ko": ("/", "기울기"), "en": ("/en/", "gradient")}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_search_lists_pages_of_the_page_language(browser, base_url: str, lang: str) -> None:
    start, term = SEARCHES[lang]
    page = new_page(browser, base_url)
    page.goto(start, wait_until="load")
    page.fill(".md-search__input", term)
    page.wait_for_selector(".md-search-result__item", timeout=30_000)
    results = page.eval_on_selector_all(
        ".md-search-result__link", "links => links.map(a => [a.href, a.innerText])"
    )
    page.context.close()
    assert results, f"{term!r} found nothing"
    elsewhere = [href for href, _ in results if bs.language(urlsplit(href).path) != lang]
    assert not elsewhere, f"{term!r} typed on a {lang} page lists other pages: {elsewhere}"
    raw = [text[:120] for _, text in results if RAW_TEX.search(text) or "¶" in text]
    assert not raw, f"snippets with raw TeX or ¶: {raw}"


def test_switcher_on_a_notebook_and_the_404_page_leads_to_their_twins(
    browser, base_url: str, site: Path
) -> None:
    notebook = next(p for p in bs.site_pages(site) if p.endswith("/notebook/"))
    page = new_page(browser, base_url)
    wrong = []
    for start, expected in [
        (notebook, bs.twin(notebook)),
        (bs.twin(notebook), notebook),
        ("/no-such-page/", "/en/404.html"),  # the server answers with the 404 page
    ]:
        page.goto(start, wait_until="load")
        other = "ko" if page.evaluate("document.documentElement.lang") == "en" else "en"
        page.hover(".md-header .md-select")
        with page.expect_navigation():
            page.click(f".md-select__link[hreflang={other}]")
        landed = urlsplit(page.url).path, page.evaluate("document.documentElement.lang")
        if landed != (expected, other):
            wrong.append(f"{start} -> {landed}, not {expected} ({other})")
    page.context.close()
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_dark_mode_switches_and_its_toggle_stays_in_the_page_language(
    browser, base_url: str, lang: str
) -> None:
    page = new_page(browser, base_url)
    page.goto(SEARCHES[lang][0], wait_until="load")
    before = page.evaluate("document.body.dataset.mdColorScheme")
    page.click("[data-md-component=palette] label:not([hidden])")
    after = page.evaluate("document.body.dataset.mdColorScheme")
    label = page.get_attribute("[data-md-component=palette] label:not([hidden])", "title")
    page.context.close()
    assert (before, after) == ("default", "slate")
    assert bool(HANGUL.search(label or "")) == (lang == "ko"), label
