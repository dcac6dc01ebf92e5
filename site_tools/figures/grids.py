"""Arrays drawn as grids of numbered cells, and data blocks drawn as boxes (chapter 7).

Everything is drawn in data units on one equal-aspect axis: a cell is 1 x 1, a grid's
top-left corner is the point it is placed at, and :func:`canvas` sizes the figure so that
one unit is ``unit`` inches. Symbols that the Hangul fonts lack are written in mathtext.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.patches import Polygon, Rectangle

from site_tools.figures import new_figure

CONV = r"$\circledast$"  # the convolution sign between an input and a filter
ARROW = r"$\rightarrow$"
TIMES = r"$\times$"
EDGE = "#444444"
PAD_FILL = "#e6e6e6"  # padding cells
# Highlight colours, one per window or per data block (colour-blind friendly).
COLORS = ("#4477aa", "#ee6677", "#228833", "#ccbb44", "#66ccee", "#aa3377")
LIGHT = ("#c9d7ea", "#f9d0d5", "#bfe0c4", "#efe8bd", "#cdeffa", "#e3bfd4")


def canvas(lang: str, x0: float, x1: float, y0: float, y1: float, unit: float = 0.3):
    """A figure with one axis showing x0..x1, y0..y1 at ``unit`` inches per data unit."""
    fig, ax = new_figure(lang, figsize=((x1 - x0) * unit, (y1 - y0) * unit))
    fig.subplots_adjust(0, 0, 1, 1)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig, ax


def number(value: float) -> str:
    """An array value as a cell label: integers without a decimal point, others to 2 places."""
    value = float(value) + 0.0  # -0.0 shows as 0
    return f"{value:g}" if value == round(value) else f"{value:.2f}"


def cells(
    ax,
    values: np.ndarray,
    x: float,
    y: float,
    fills: Mapping[tuple[int, int], str] | None = None,
    fontsize: float = 11,
    bold: tuple[tuple[int, int], ...] = (),
    blank: tuple[tuple[int, int], ...] = (),
    size: float = 1.0,
    corner: tuple[tuple[int, int], ...] = (),
) -> None:
    """A 2-D array as cells of ``size`` units, its top-left corner at (x, y): row i is drawn
    i cells down. Cells in ``blank`` show no number; those in ``corner`` show it towards
    their top-left corner (to leave room for a note in the other corner)."""
    fills = fills or {}
    for (i, j), value in np.ndenumerate(np.asarray(values)):
        color = fills.get((i, j), "white")
        left, top = x + j * size, y - i * size
        ax.add_patch(Rectangle((left, top - size), size, size, fc=color, ec=EDGE, lw=1))
        if (i, j) in blank or not fontsize:
            continue
        where = (0.36, 0.6) if (i, j) in corner else (0.5, 0.5)
        weight = "bold" if (i, j) in bold else "normal"
        # Digits in DejaVu Sans in both languages (its bold face is always there).
        at = (left + where[0] * size, top - where[1] * size)
        ax.text(*at, number(value), ha="center", va="center", fontsize=fontsize,
                fontweight=weight, family="DejaVu Sans")  # fmt: skip


def frame(ax, x: float, y: float, rows: int, cols: int, color: str, lw: float = 3.0, inset=0.0):
    """An outline around rows x cols cells whose top-left corner is (x, y)."""
    ax.add_patch(
        Rectangle((x + inset, y - rows + inset), cols - 2 * inset, rows - 2 * inset,
                  fill=False, ec=color, lw=lw, zorder=4)
    )  # fmt: skip


def label(ax, x: float, y: float, words: str, fontsize: float = 11, **kwargs) -> None:
    """Centred text at (x, y)."""
    kwargs = {"ha": "center", "va": "center", **kwargs}
    ax.text(x, y, words, fontsize=fontsize, **kwargs)


# -- blocks: (depth, height, width) drawn in oblique projection ------------------------------
SLANT = np.array([0.5, 0.4])  # how far one unit of depth moves up and to the right


def block_extent(depth: float, height: float, width: float) -> tuple[float, float]:
    """Width and height a block takes on the page."""
    return width + depth * SLANT[0], height + depth * SLANT[1]


def block(
    ax,
    x: float,
    y: float,
    depth: float,
    height: float,
    width: float,
    color: str,
    dims: tuple[str, str, str] | None = None,
    fontsize: float = 10,
) -> None:
    """A box whose front face has its bottom-left corner at (x, y); ``dims`` labels the
    depth, height and width edges (e.g. ("C", "H", "W"))."""
    d = depth * SLANT
    front = np.array([[x, y], [x + width, y], [x + width, y + height], [x, y + height]])
    top = np.array([front[3], front[2], front[2] + d, front[3] + d])
    side = np.array([front[1], front[1] + d, front[2] + d, front[2]])
    shade = {"front": 1.0, "top": 0.85, "side": 0.7}
    for face, points in (("side", side), ("top", top), ("front", front)):
        ax.add_patch(Polygon(points, closed=True, fc=_darker(color, shade[face]), ec=EDGE, lw=1))
    if dims:
        depth_name, height_name, width_name = dims
        ax.text(*(front[3] + d / 2 + [-0.15, 0.15]), depth_name, ha="right", va="bottom",
                fontsize=fontsize)  # fmt: skip
        ax.text(x - 0.15, y + height / 2, height_name, ha="right", va="center", fontsize=fontsize)
        ax.text(x + width / 2, y - 0.15, width_name, ha="center", va="top", fontsize=fontsize)


def _darker(color: str, factor: float) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    return tuple(channel * factor for channel in to_rgb(color))  # type: ignore[return-value]
