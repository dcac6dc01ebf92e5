"""Layered network diagrams drawn from a network's shape (chapter 3).

``draw_network(ax, sizes, ...)`` places one column of neurons per layer, ``sizes[i]`` of
them in layer ``i``, joins every neuron to every neuron of the next layer, and can add a
bias node "1" under each layer but the last, with the edges it sends. Labels and
highlighted edges are given by (layer, index) pairs; nothing is typed as coordinates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
from matplotlib.patches import Circle

NODE_RADIUS = 0.28
COLUMN_GAP = 2.2
ROW_GAP = 1.0
HIGHLIGHT = "#d62728"

Key = tuple[int, int]  # (layer, neuron index from 0); neuron -1 is the layer's bias node


def node_positions(sizes: Sequence[int], bias: bool) -> dict[Key, tuple[float, float]]:
    """Centres of the neurons, each layer centred on y = 0; bias nodes sit under the layer."""
    tallest = max(sizes) + (1 if bias else 0)
    positions: dict[Key, tuple[float, float]] = {}
    for layer, size in enumerate(sizes):
        x = layer * COLUMN_GAP
        top = (size - 1) / 2 * ROW_GAP
        for i in range(size):
            positions[(layer, i)] = (x, top - i * ROW_GAP)
        if bias and layer < len(sizes) - 1:
            positions[(layer, -1)] = (x, -(tallest - 1) / 2 * ROW_GAP - 0.4)
    return positions


def _edge(ax, a: tuple[float, float], b: tuple[float, float], **style) -> None:
    start, end = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    unit = (end - start) / np.hypot(*(end - start))
    s, e = start + unit * NODE_RADIUS, end - unit * NODE_RADIUS
    ax.annotate("", xy=e, xytext=s, arrowprops={"arrowstyle": "-|>", "shrinkA": 0,
                                                "shrinkB": 0, **style})  # fmt: skip


def draw_network(
    ax,
    sizes: Sequence[int],
    labels: Callable[[int, int], str] | None = None,
    bias: bool = False,
    highlight: Mapping[tuple[Key, Key], str] | None = None,
    fontsize: float = 12,
) -> dict[Key, tuple[float, float]]:
    """Draw the network ``sizes`` on ``ax``; return where each neuron was put.

    ``labels(layer, i)`` writes inside neuron ``i`` of ``layer`` (bias nodes show "1");
    ``highlight`` maps an edge ``((layer, i), (layer + 1, j))`` to a label drawn beside it,
    and that edge in red. Use ``i = -1`` for the bias node of ``layer``.
    """
    pos = node_positions(sizes, bias)
    highlight = dict(highlight or {})
    for layer in range(len(sizes) - 1):
        sources = [*range(sizes[layer]), *([-1] if bias else [])]
        for i in sources:
            for j in range(sizes[layer + 1]):
                edge = ((layer, i), (layer + 1, j))
                if edge in highlight:
                    continue
                color = "0.75" if i == -1 else "0.55"
                _edge(ax, pos[edge[0]], pos[edge[1]], color=color, lw=0.9)
    for ((la, i), (lb, j)), label in highlight.items():
        a, b = np.asarray(pos[(la, i)]), np.asarray(pos[(lb, j)])
        _edge(ax, a, b, color=HIGHLIGHT, lw=2.2)
        # The label sits a third of the way along, off the edge on its upper-left side
        # (lower-right for a bias edge, which rises steeply past the neurons above it).
        unit = (b - a) / np.hypot(*(b - a))
        normal = np.array([-unit[1], unit[0]]) * (-1 if i == -1 else 1)
        spot = a + 0.3 * (b - a) + 0.3 * normal
        ax.text(
            *spot,
            label,
            color=HIGHLIGHT,
            fontsize=fontsize + 1,
            ha="center",
            va="center",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
        )
    for (layer, i), (x, y) in pos.items():
        is_bias = i == -1
        face = "#f3f3f3" if is_bias else "white"
        ax.add_patch(Circle((x, y), NODE_RADIUS, facecolor=face, edgecolor="0.2", lw=1.2,
                            ls="--" if is_bias else "-", zorder=3))  # fmt: skip
        label = "1" if is_bias else (labels(layer, i) if labels else "")
        ax.text(x, y, label, ha="center", va="center", fontsize=fontsize, zorder=4)
    ax.set_aspect("equal")
    ax.set_axis_off()
    xs, ys = zip(*pos.values(), strict=True)
    ax.set_xlim(min(xs) - 0.8, max(xs) + 0.8)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.8)
    return pos
