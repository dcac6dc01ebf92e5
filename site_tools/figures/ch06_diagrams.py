"""Chapter 6's diagrams: the batch-normalization graph with the values of a small batch, and
dropout drawn from the masks of the library's Dropout layer."""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Circle

from scratch.layers import Dropout
from scratch.node_values import batchnorm_nodes
from site_tools.figures import figure, new_figure, text
from site_tools.figures.graphs import Edge, Node, draw_graph

FONT = 12

#: The small batch the batch-norm figure follows: one feature, three samples.
BN_X = np.array([1.0, 2.0, 6.0])
BN_GAMMA, BN_BETA = 2.0, 1.0
BN_DOUT = np.array([1.0, 0.5, 0.0])


def _vector(values) -> str:
    values = np.atleast_1d(np.asarray(values, dtype=float))
    shown = [f"{v:.2f}".replace("-", "−") for v in np.round(values, 2) + 0.0]
    return shown[0] if len(shown) == 1 else "(" + ", ".join(shown) + ")"


def _name(xy: tuple[float, float], label: str) -> Node:
    return Node(xy, label, kind="text", size=0.3, width=0.3)


@figure("ch06/batchnorm-graph")
def batchnorm_graph(lang: str):
    v = batchnorm_nodes(BN_X, BN_GAMMA, BN_BETA, BN_DOUT)
    low = -2.4
    nodes = {
        "x": _name((0, 0), "$x$"),
        "mean1": Node((2.2, low), "mean", kind="box", size=0.35, width=0.75),
        "sub": Node((4.4, 0), "−"),
        "sq": Node((6.6, low), "**2", kind="box", size=0.35, width=0.6),
        "mean2": Node((9.4, low), "mean", kind="box", size=0.35, width=0.75),
        "sqrt": Node((12.4, low), r"$\sqrt{\cdot+\epsilon}$", kind="box", size=0.4, width=0.8),
        "div": Node((12.4, 0), "/"),
        "mul": Node((15.2, 0), "×"),
        "gamma": _name((15.2, low), r"$\gamma$"),
        "add": Node((18.0, 0), "+"),
        "beta": _name((18.0, low), r"$\beta$"),
        "y": _name((20.4, 0), "$y$"),
    }

    def d(name: str) -> str:
        return rf"$\partial L/\partial {name}$"

    edges = [
        Edge("x", "sub", "$x$", d("x"), at=0.55),
        Edge("x", "mean1", "", ""),
        Edge("mean1", "sub", r"$\mu$", ""),
        Edge("sub", "div", "$x_c$", d("x_c"), at=0.62),
        Edge("sub", "sq", "", ""),
        Edge("sq", "mean2", "$x_c^2$", ""),
        Edge("mean2", "sqrt", r"$\sigma^2$", d(r"\sigma^2")),
        Edge("sqrt", "div", "$s$", d("s")),
        Edge("div", "mul", r"$\hat{x}$", d(r"\hat{x}")),
        Edge("gamma", "mul", "", ""),
        Edge("mul", "add", "", ""),
        Edge("beta", "add", "", ""),
        Edge("add", "y", "$y$", d("y")),
    ]
    fig, (ax, ax_table) = new_figure(
        lang, 2, 1, figsize=(9, 6.2), gridspec_kw={"height_ratios": [1.0, 1.25]}
    )
    draw_graph(ax, nodes, edges, fontsize=FONT, offset=0.32)
    rows = [
        ("x", "$x$", "x", "d_x"),
        ("mu", r"$\mu$", "mu", "d_mu"),
        ("xc", "$x_c = x - \\mu$", "xc", "d_xc"),
        ("var", r"$\sigma^2$", "var", "d_var"),
        ("std", r"$s = \sqrt{\sigma^2 + \epsilon}$", "std", "d_std"),
        ("xn", r"$\hat{x} = x_c / s$", "xn", "d_xn"),
        ("y", r"$y = \gamma\hat{x} + \beta$", "y", "d_y"),
    ]
    cells = [[label, _vector(v[value]), _vector(v[grad])] for _, label, value, grad in rows]
    cells += [
        [r"$\gamma$", _vector(BN_GAMMA), _vector(v["d_gamma"])],
        [r"$\beta$", _vector(BN_BETA), _vector(v["d_beta"])],
    ]
    header = [
        text(lang, "노드", "node"),
        text(lang, "순전파 값", "forward value"),
        text(lang, "역전파 값", "backward value") + r" ($\partial L/\partial\,\cdot$)",
    ]
    ax_table.axis("off")
    table = ax_table.table(cellText=cells, colLabels=header, loc="center", cellLoc="center")
    table.auto_set_font_size(False)
    table.set_fontsize(FONT)
    table.scale(1, 1.45)
    for (row, col), cell in table.get_celld().items():
        if col == 2 and row > 0:
            cell.get_text().set_color("#d62728")
    ax.set_title(
        text(
            lang,
            "배치 정규화의 계산 그래프: 특징 하나, 샘플 3개\n"
            r"$\gamma = 2$, $\beta = 1$, $\partial L/\partial y = (1, 0.5, 0)$",
            "Batch normalization as a graph: one feature, three samples\n"
            r"$\gamma = 2$, $\beta = 1$, $\partial L/\partial y = (1, 0.5, 0)$",
        ),
        fontsize=FONT,
    )
    fig.tight_layout()
    return fig


def _network(ax, sizes: list[int], keep: dict[int, np.ndarray]) -> None:
    """Layers of neurons joined to the next layer; a neuron whose ``keep`` is False is off."""
    gap, radius = 2.4, 0.3
    position = {
        (layer, i): (layer * gap, (size - 1) / 2 - i)
        for layer, size in enumerate(sizes)
        for i in range(size)
    }
    on = {key: bool(keep.get(key[0], np.ones(sizes[key[0]], bool))[key[1]]) for key in position}
    for (layer, i), (x0, y0) in position.items():
        if layer + 1 == len(sizes) or not on[(layer, i)]:
            continue
        for j in range(sizes[layer + 1]):
            if on[(layer + 1, j)]:
                x1, y1 = position[(layer + 1, j)]
                ax.plot([x0, x1], [y0, y1], color="0.55", lw=0.8, zorder=1)
    for key, (x, y) in position.items():
        face = "white" if on[key] else "0.85"
        ax.add_patch(Circle((x, y), radius, facecolor=face, edgecolor="0.2", lw=1.2, zorder=2))
        if not on[key]:
            ax.text(x, y, "×", ha="center", va="center", fontsize=16, color="0.35", zorder=3)
    ax.set_xlim(-0.6, (len(sizes) - 1) * gap + 0.6)
    ax.set_ylim(-max(sizes) / 2 - 0.2, max(sizes) / 2 + 0.2)
    ax.set_aspect("equal")
    ax.axis("off")


@figure("ch06/dropout")
def dropout_diagram(lang: str):
    sizes = [4, 6, 6, 3]
    # The masks of one training forward pass of the library's layer, one per hidden layer.
    drop = Dropout(dropout_ratio=0.5, rng=1)
    keep = {layer: drop.forward(np.ones(sizes[layer]), train_flg=True) > 0 for layer in (1, 2)}
    fig, axes = new_figure(lang, 1, 2, figsize=(8, 3.8))
    _network(axes[0], sizes, {})
    _network(axes[1], sizes, keep)
    axes[0].set_title(text(lang, "(a) 보통의 신경망", "(a) a plain network"), fontsize=13)
    axes[1].set_title(
        text(lang, "(b) 드롭아웃: 훈련 중 한 번의 순전파", "(b) dropout: one training pass"),
        fontsize=13,
    )
    fig.tight_layout()
    return fig
