"""Fonts and wording shared by every figure."""

from __future__ import annotations

import os

import matplotlib

matplotlib.use("Agg", force=False)

import matplotlib.pyplot as plt
from matplotlib import font_manager

LANGS = ("ko", "en")
# Fonts with Hangul glyphs, in order of preference (Debian: fonts-nanum, fonts-noto-cjk).
HANGUL_FONTS = ("NanumGothic", "NanumBarunGothic", "Noto Sans CJK KR", "Noto Sans KR", "UnDotum")
HANGUL_FONT_REMEDY = (
    "Korean figures need a font with Hangul glyphs; install one, e.g. on Debian/Ubuntu "
    "`apt-get install fonts-nanum` (or `fonts-noto-cjk`)"
)

_rescanned = False  # whether fonts installed after matplotlib's cache were added


def _installed_hangul_font() -> str | None:
    # The cache may also list fonts removed since; only a file that exists can draw.
    installed = {f.name for f in font_manager.fontManager.ttflist if os.path.exists(f.fname)}
    return next((name for name in HANGUL_FONTS if name in installed), None)


def _add_fonts_installed_since_cache() -> None:
    """matplotlib lists the system's fonts once and caches the list (``fontlist-*.json`` in its
    config dir), so a font installed later is unknown to it. Add such fonts to the one
    ``fontManager`` that all of matplotlib shares: replacing that object would not do, because
    the Agg renderer keeps the instance it saw first."""
    global _rescanned
    if _rescanned:
        return
    _rescanned = True
    manager = font_manager.fontManager
    known = {f.fname for f in manager.ttflist}
    for path in font_manager.findSystemFonts():
        if path not in known:
            try:
                manager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                pass  # a file FreeType cannot read is no font for us either


def hangul_font() -> str:
    """The first installed font that can draw Korean; a clear error if there is none."""
    name = _installed_hangul_font()
    if name is None:
        _add_fonts_installed_since_cache()
        name = _installed_hangul_font()
    if name is None:
        raise RuntimeError(f"no font for matplotlib can draw Hangul. {HANGUL_FONT_REMEDY}.")
    return name


def have_hangul_font() -> bool:
    """Whether Korean figures can be drawn on this machine."""
    try:
        hangul_font()
    except RuntimeError:
        return False
    return True


def use_language(lang: str) -> None:
    """Set matplotlib's fonts for figures labelled in ``lang``."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    if lang == "ko":
        plt.rcParams["font.family"] = [hangul_font(), "DejaVu Sans"]
        plt.rcParams["axes.unicode_minus"] = False  # Nanum fonts lack U+2212 MINUS SIGN
    else:
        plt.rcParams["font.family"] = ["DejaVu Sans"]
        plt.rcParams["axes.unicode_minus"] = True


def text(lang: str, ko: str, en: str) -> str:
    """The label in the figure's language."""
    return ko if lang == "ko" else en


def new_figure(lang: str, *args, **kwargs):
    """``plt.subplots`` after choosing the language's fonts."""
    use_language(lang)
    return plt.subplots(*args, **kwargs)


#: The PNG text field in which ``render`` records the figure's smallest text, in points, so
#: that its size on the page can be checked without drawing the figure again (some train).
SMALLEST_TEXT_KEY = "Smallest text (pt)"


def drawn_texts(fig) -> list:
    """The non-empty texts ``fig`` draws (tick labels of hidden axes are not drawn); draw
    the figure first, so that its tick labels exist."""
    from matplotlib.text import Text

    hidden: set[int] = set()
    for ax in fig.axes:
        if not ax.axison:
            for axis in (ax.xaxis, ax.yaxis):
                hidden.update(id(t) for t in axis.findobj(Text))
    return [
        t
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and id(t) not in hidden
    ]
