"""What the browser tests need: the tools, the built site served locally, its pages and the
figures they show.

The tools are optional (``pip install -e ".[browser]"``) and the browser is Debian's
``chromium``, which playwright drives as it is (no browser download). Without them the
browser tests skip and say how to get them.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import io
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

BROWSER_EXTRA = 'pip install -e ".[browser]"'
TOOLS = {"playwright": "playwright", "axe_playwright_python": "axe-playwright-python"}
CHROMIUM = os.environ.get("SCRATCH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, and how to make them run; None if they can."""
    absent = [name for module, name in TOOLS.items() if find_spec(module) is None]
    if absent:
        return (
            f"the browser tests need {', '.join(absent)}: {BROWSER_EXTRA} "
            "(the browser itself comes from Debian: apt-get install chromium)"
        )
    if not Path(CHROMIUM).is_file():
        return (
            "the browser tests drive Debian's chromium, which is not installed: "
            "apt-get install chromium (or point SCRATCH_CHROMIUM at a Chromium executable); "
            "playwright needs no browser download of its own"
        )
    return None


def missing_linkchecker() -> str | None:
    if find_spec("linkcheck") is None:
        return f"the link check needs linkchecker: {BROWSER_EXTRA} (or apt-get install linkchecker)"
    return None


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a static host does: a missing page gets the site's 404.html."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        page = Path(self.directory, "404.html")
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # A checker that has read enough hangs up mid-file: not the site's fault.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """The built site served on a free local port, in a thread; yields its base URL."""
    handler = functools.partial(_Handler, directory=str(site))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def site_pages(site: Path) -> list[str]:
    """The URL path of every page of the built site, both languages, found by walking it."""
    paths = []
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site)
        if rel.parts[0] in ("assets", "search"):
            continue
        url = "/" + rel.as_posix()
        paths.append(url.removesuffix("index.html"))
    return paths


def language(path: str) -> str:
    return "en" if path.startswith("/en/") else "ko"


def twin(path: str) -> str:
    """Where the same page is in the other language (the suffix layout: ``en/`` mirrors)."""
    return path.removeprefix("/en") if language(path) == "en" else "/en" + path


# -- figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureFile:
    key: str  # "ch02/gate-boundaries"
    lang: str
    path: Path  # the file in docs/
    dpi: float
    smallest_pt: float | None  # recorded by ``python -m site_tools figures``; None if not


@functools.cache
def figure_files() -> dict[str, FigureFile]:
    """Every registered figure's file in docs/, by the SHA-256 of its bytes."""
    from PIL import Image

    from site_tools import figures
    from site_tools.figures.style import SMALLEST_TEXT_KEY

    found = {}
    for key, fig in figures.registry().items():
        for lang in figures.LANGS:
            path = fig.path(DOCS, lang)
            if not path.is_file():
                continue
            data = path.read_bytes()
            with Image.open(io.BytesIO(data)) as image:
                dpi = float(image.info.get("dpi", (72.0, 72.0))[0])
                recorded = image.info.get(SMALLEST_TEXT_KEY)
            smallest = float(recorded) if recorded else None
            found[hashlib.sha256(data).hexdigest()] = FigureFile(key, lang, path, dpi, smallest)
    return found


def image_bytes(site: Path, page_path: str, src: str) -> bytes | None:
    """The bytes an ``<img src>`` of a page shows: a data URI's or a file's of the site."""
    if src.startswith("data:"):
        header, _, payload = src.partition(",")
        return base64.b64decode(payload) if header.endswith(";base64") else None
    from urllib.parse import unquote, urljoin, urlsplit

    target = Path(site, unquote(urlsplit(urljoin(page_path, src)).path).lstrip("/"))
    return target.read_bytes() if target.is_file() else None


@functools.cache
def smallest_text_pt(key: str, lang: str) -> float | None:
    """The smallest text the figure draws, in points, drawn now; None for a figure drawn
    from data (it may train for minutes): those rely on the size recorded in their file."""
    from site_tools import figures
    from site_tools.figures import style

    fig = figures.registry()[key]
    if fig.needs or (lang == "ko" and not style.have_hangul_font()):
        return None
    import matplotlib.pyplot as plt

    style.use_language(lang)
    drawn = fig.draw(lang)
    try:
        drawn.canvas.draw()
        return min(t.get_fontsize() for t in style.drawn_texts(drawn))
    finally:
        plt.close(drawn)
