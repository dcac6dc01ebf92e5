"""Every registered figure is drawn by code, exists in both languages, and is shown."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from matplotlib import font_manager

from scratch.datasets import DatasetNotFoundError
from site_tools import figures as plots
from site_tools.figures import style
from tests.docs_inventory import DOCS

FIGURES = plots.registry()


def need_fonts_for(lang: str) -> None:
    if lang == "ko" and not style.have_hangul_font():
        pytest.skip(style.HANGUL_FONT_REMEDY)


def test_figures_are_registered() -> None:
    assert FIGURES, "site_tools.figures registers no figure"


@pytest.mark.parametrize("key", FIGURES)
@pytest.mark.parametrize("lang", plots.LANGS)
def test_committed_figure_exists(key: str, lang: str) -> None:
    path = FIGURES[key].path(DOCS, lang)
    assert path.is_file(), f"{path} missing: run `python -m site_tools figures --only {key}`"


@pytest.mark.parametrize("key", FIGURES)
def test_figure_is_used_by_its_pages(key: str) -> None:
    chapter, name = key.rsplit("/", 1)
    for page in ("index.md", "index.en.md"):
        text = (DOCS / chapter / page).read_text(encoding="utf-8")
        assert f"figures/{name}.png" in text, f"{chapter}/{page} never shows {name}.png"


@pytest.mark.parametrize("key", FIGURES)
@pytest.mark.parametrize("lang", plots.LANGS)
def test_figure_draws_without_missing_glyphs(key: str, lang: str, tmp_path: Path) -> None:
    fig = FIGURES[key]
    if fig.needs:
        pytest.skip(
            f"data-driven figure (reads {', '.join(fig.needs)}): drawn by "
            "`python -m site_tools figures`, not on every test run"
        )
    need_fonts_for(lang)
    with warnings.catch_warnings():
        # A label in a font without Hangul shows as boxes; matplotlib only warns.
        warnings.filterwarnings("error", message=".*missing from font.*")
        try:
            out = plots.render(fig, tmp_path, lang, dpi=40)
        except DatasetNotFoundError as missing:  # e.g. drawn from the book's weights
            pytest.skip(f"{key} reads {', '.join(missing.missing)}: {missing.how_to_get}")
    assert out.stat().st_size > 1000


def test_korean_after_english_with_a_font_cache_older_than_the_font(monkeypatch) -> None:
    """matplotlib caches its font list, so a Hangul font installed later is missing from it.
    Korean labels must get the font all the same, also after an English figure was drawn
    (from then on the renderer holds on to matplotlib's font manager)."""
    need_fonts_for("ko")
    manager = font_manager.fontManager
    opened_before = set(plt.get_fignums())
    try:
        english, _ = plots.new_figure("en")
        english.savefig(io.BytesIO(), format="png")
        # The cache as it was before the font was installed.
        older = [f for f in manager.ttflist if f.name not in style.HANGUL_FONTS]
        monkeypatch.setattr(manager, "ttflist", older)
        monkeypatch.setattr(style, "_rescanned", False)
        manager._findfont_cached.cache_clear()
        with warnings.catch_warnings():
            warnings.filterwarnings("error", message=".*missing from font.*")
            korean, ax = plots.new_figure("ko")
            ax.set_title("한글 제목")
            korean.savefig(io.BytesIO(), format="png")
    finally:
        for number in set(plt.get_fignums()) - opened_before:
            plt.close(number)
        monkeypatch.undo()
        manager._findfont_cached.cache_clear()
