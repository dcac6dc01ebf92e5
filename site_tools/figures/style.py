"""Fonts and wording shared by every figure."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg", force=False)

import matplotlib.pyplot as plt
from matplotlib import font_manager

LANGS = ("ko", "en")
# Fonts with Hangul glyphs, in order of preference (Debian: fonts-nanum, fonts-noto-cjk).
HANGUL_FONTS = ("NanumGothic", "NanumBarunGothic", "Noto Sans CJK KR", "Noto Sans KR", "UnDotum")


def hangul_font() -> str:
    """The first installed font that can draw Korean; a clear error if there is none."""
    for attempt in range(2):
        installed = {f.name for f in font_manager.fontManager.ttflist}
        for name in HANGUL_FONTS:
            if name in installed:
                return name
        if attempt == 0:
            # The font may have been installed after matplotlib cached its font list.
            font_manager.fontManager = font_manager._load_fontmanager(try_read_cache=False)
    raise RuntimeError(
        "no font with Hangul glyphs found for matplotlib; install one "
        "(Debian/Ubuntu: apt-get install fonts-nanum) and delete matplotlib's font cache"
    )


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
