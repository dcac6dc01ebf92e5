"""Figures stay legible in the page: no text smaller than 10 px at the site's column width.

A figure wider than the content column is scaled down to fit it, and its text shrinks with
it: a 12-inch figure with 10-point tick labels shows them at 7-8 px. The check draws each
figure, finds the smallest text that is actually drawn and computes the size it gets on the
page: ``points / 72 * min(dpi, column / width in inches)``.

Every figure is checked here, without a browser; ``tests/test_browser.py`` measures the
same in Chromium from the rendered size. Data-driven figures are drawn by ``python -m
site_tools figures`` (they train or read datasets), not here: their files record their
smallest text, which the browser test checks.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from scratch.datasets import DatasetNotFoundError
from site_tools import figures as plots
from site_tools.figures import style

#: Width of mkdocs-material's content column in CSS pixels, in a 1280-px window with both
#: sidebars shown (measured in the built site).
COLUMN_PX = 688
MIN_TEXT_PX = 10.0
DPI = 110  # what ``python -m site_tools figures`` saves with

FIGURES = {key: fig for key, fig in plots.registry().items() if not fig.needs}


def smallest_text_px(fig) -> tuple[float, str]:
    """The smallest drawn text as it appears on the page, in px, and the text itself."""
    fig.set_dpi(DPI)
    fig.canvas.draw()
    bbox = fig.get_tightbbox(fig.canvas.get_renderer())
    width_in = bbox.width + 2 * plt.rcParams["savefig.pad_inches"]  # bbox_inches="tight"
    scale = min(DPI, COLUMN_PX / width_in) / 72  # px per point on the page
    text = min(style.drawn_texts(fig), key=lambda t: t.get_fontsize())
    return text.get_fontsize() * scale, text.get_text()


@pytest.mark.parametrize("key", FIGURES)
@pytest.mark.parametrize("lang", plots.LANGS)
def test_text_is_legible_at_the_column_width(key: str, lang: str) -> None:
    if lang == "ko" and not style.have_hangul_font():
        pytest.skip(style.HANGUL_FONT_REMEDY)
    style.use_language(lang)
    try:
        fig = FIGURES[key].draw(lang)
    except DatasetNotFoundError as missing:  # e.g. drawn from the book's weights
        pytest.skip(f"{key} reads {', '.join(missing.missing)}: {missing.how_to_get}")
    try:
        px, text = smallest_text_px(fig)
    finally:
        plt.close(fig)
    assert px >= MIN_TEXT_PX, (
        f"{key} ({lang}): {text!r} shows at {px:.1f} px in the {COLUMN_PX}-px column; "
        "make the figure narrower or its text larger"
    )
