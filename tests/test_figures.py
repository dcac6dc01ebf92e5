"""Every registered figure is drawn by code, exists in both languages, and is shown."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from site_tools import figures as plots
from tests.docs_inventory import DOCS

FIGURES = plots.registry()


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
    with warnings.catch_warnings():
        # A label in a font without Hangul shows as boxes; matplotlib only warns.
        warnings.filterwarnings("error", message=".*missing from font.*")
        out = plots.render(fig, tmp_path, lang, dpi=40)
    assert out.stat().st_size > 1000
