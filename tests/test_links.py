"""No broken link or anchor inside the built site, in either language.

LinkChecker crawls the site served locally from both home pages and both 404 pages and follows
every internal link (pages, figures, notebooks, downloads, stylesheets and what they load).
Links to other hosts are not followed: the site must work offline, and tests/test_built_site.py
checks that it loads nothing from elsewhere.

Anchors (``page/#section``) are checked by reading the built pages: LinkChecker's AnchorCheck
parses a page again for every link into it, which took eight minutes for this site's few
thousand anchor links; the same check over the built HTML takes a second.
"""

from __future__ import annotations

import csv
import html
import io
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests import browser_site as bs

CONFIG = """\
[checking]
# LinkChecker waits between requests to one host (10 a second by default); this host is ours.
maxrequestspersecond=1000
[filtering]
checkextern=0
"""
STARTS = ("/", "/en/", "/404.html", "/en/404.html")
ID = re.compile(r"""\b(?:id|name)=["']([^"']+)["']""")
HREF = re.compile(r"""<a\b[^>]*\bhref=["']([^"']*#[^"']*)["']""")


def test_no_broken_internal_link(site: Path, tmp_path: Path) -> None:
    if reason := bs.missing_linkchecker():
        pytest.skip(reason)
    config = tmp_path / "linkcheckerrc"
    config.write_text(CONFIG, encoding="utf-8")
    with bs.serve(site) as base:
        result = subprocess.run(
            [sys.executable, "-m", "linkcheck", "--config", str(config), "--no-status"]
            + ["--verbose", "--output", "csv", "--threads", "4"]
            + [base + start for start in STARTS],
            capture_output=True,
            text=True,
            timeout=900,
            env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        )
    csv.field_size_limit(sys.maxsize)  # a data: URI is one long field
    rows = list(csv.DictReader(io.StringIO(_csv_part(result.stdout)), delimiter=";"))
    checked = {r["url"] for r in rows}
    assert len(checked) > 100, f"LinkChecker checked too little:\n{result.stdout[-2000:]}"
    assert {base + s for s in STARTS} <= checked, "LinkChecker did not start from every page"
    broken = [
        f"{r['parentname'] or '(start)'} -> {r['urlname']}: {r['result']}"
        for r in rows
        if r["valid"] != "True"
    ]
    assert not broken, "broken links:\n" + "\n".join(sorted(set(broken)))


def _csv_part(output: str) -> str:
    """LinkChecker's CSV output starts and ends with ``#`` comment lines."""
    return "\n".join(line for line in output.splitlines() if line and not line.startswith("#"))


def test_no_link_into_a_missing_anchor(site: Path) -> None:
    pages = {"/" + p.relative_to(site).as_posix(): p for p in site.rglob("*.html")}
    ids: dict[str, set[str]] = {}

    def anchors(url: str) -> set[str] | None:
        path = url if url.endswith(".html") else url + "index.html"
        if path not in pages:
            return None
        if path not in ids:
            ids[path] = {html.unescape(i) for i in ID.findall(pages[path].read_text("utf-8"))}
        return ids[path]

    missing, checked = [], 0
    for path, page in pages.items():
        if path.startswith("/assets/"):
            continue
        for href in HREF.findall(page.read_text(encoding="utf-8")):
            target = urlsplit(urljoin(f"http://site{path}", html.unescape(href)))
            if target.netloc != "site" or not target.fragment:
                continue
            found = anchors(target.path)
            if found is None:
                continue  # not a page of this site: LinkChecker reports a missing page
            checked += 1
            if unquote(target.fragment) not in found:
                missing.append(f"{path} -> {href}")
    assert checked > 1000, f"only {checked} anchor links found"
    assert not missing, "links into missing anchors:\n" + "\n".join(sorted(set(missing)))
