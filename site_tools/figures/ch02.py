"""Chapter 2 figures: the perceptron, its decision lines, and XOR as two layers."""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Circle

from scratch.perceptron import GATES, INPUTS, XOR, perceptron
from site_tools.figures import figure, new_figure, text

POINTS = np.array(INPUTS, dtype=float)
ONE, ZERO = "#d62728", "#1f77b4"  # colours of output 1 (filled circle) and 0 (hollow square)


def _node(ax, xy: tuple[float, float], label: str, r: float = 0.32, color: str = "white") -> None:
    ax.add_patch(Circle(xy, r, facecolor=color, edgecolor="black", zorder=3))
    ax.text(*xy, label, ha="center", va="center", fontsize=13, zorder=4)


def _edge(ax, a: tuple[float, float], b: tuple[float, float], label: str, r: float = 0.32) -> None:
    (x0, y0), (x1, y1) = a, b
    d = np.hypot(x1 - x0, y1 - y0)
    ux, uy = (x1 - x0) / d, (y1 - y0) / d
    ax.annotate(
        "",
        xy=(x1 - ux * r, y1 - uy * r),
        xytext=(x0 + ux * r, y0 + uy * r),
        arrowprops={"arrowstyle": "-|>", "color": "#444444", "lw": 1.3},
        zorder=2,
    )
    if label:
        mx, my = x0 + (x1 - x0) * 0.45, y0 + (y1 - y0) * 0.45
        ax.text(mx, my + 0.17, label, ha="center", va="bottom", fontsize=11, color="#333333")


def _diagram_axes(ax, xlim: tuple[float, float], ylim: tuple[float, float]) -> None:
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")


@figure("ch02/perceptron")
def perceptron_diagram(lang: str):
    """Two inputs, two weights, one output: the whole model of this chapter."""
    fig, ax = new_figure(lang, figsize=(5, 3))
    x1, x2, y = (0.0, 1.0), (0.0, -1.0), (3.0, 0.0)
    _node(ax, x1, "$x_1$")
    _node(ax, x2, "$x_2$")
    _node(ax, y, "$y$")
    _edge(ax, x1, y, "$w_1$")
    _edge(ax, x2, y, "$w_2$")
    ax.text(3.0, -0.55, text(lang, "편향 $b$", "bias $b$"), ha="center", va="top", fontsize=11)
    ax.text(0.0, -1.5, text(lang, "입력", "inputs"), ha="center", va="top", fontsize=11)
    ax.text(3.0, 0.5, text(lang, "출력", "output"), ha="center", va="bottom", fontsize=11)
    _diagram_axes(ax, (-0.6, 3.6), (-1.9, 1.5))
    return fig


def _gate_panel(ax, lang: str, w: np.ndarray, b: float, title: str, outputs) -> None:
    """Shade the half-plane where the perceptron fires and mark the four inputs."""
    grid = np.linspace(-0.5, 1.5, 401)
    gx, gy = np.meshgrid(grid, grid)
    fired = perceptron(np.stack([gx, gy], axis=-1), w, b)
    ax.contourf(gx, gy, fired, levels=[0.5, 1.5], colors=[ONE], alpha=0.15)
    # The boundary w1*x1 + w2*x2 + b = 0, solved for x2 (no gate here has w2 == 0).
    ax.plot(grid, -(w[0] * grid + b) / w[1], color="black", lw=1.2)
    _mark_points(ax, lang, outputs)
    ax.set_title(title, fontsize=12)


def _mark_points(ax, lang: str, outputs) -> None:
    outputs = np.asarray(outputs)
    for value, marker, color in ((1, "o", ONE), (0, "s", ZERO)):
        pts = POINTS[outputs == value]
        ax.scatter(
            pts[:, 0],
            pts[:, 1],
            s=110,
            marker=marker,
            facecolors=color if value else "white",
            edgecolors=color,
            linewidths=2,
            zorder=3,
            label=text(lang, f"출력 {value}", f"output {value}"),
        )
    ax.set_xlim(-0.5, 1.5)
    ax.set_ylim(-0.5, 1.5)
    ax.set_xticks([0, 1])
    ax.set_yticks([0, 1])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_aspect("equal")


@figure("ch02/gate-boundaries")
def gate_boundaries(lang: str):
    """AND, NAND, OR: each is one straight line splitting the four inputs."""
    # 9 inches at 110 dpi shrink to the 688-px column by 0.7: 10-point text stays >= 10 px.
    fig, axes = new_figure(lang, 1, 3, figsize=(9, 3.5))
    for ax, (name, (w, b)) in zip(axes, GATES.items(), strict=True):
        w = np.array(w)
        outputs = perceptron(POINTS, w, b)
        title = f"{name}: $w=({w[0]:g}, {w[1]:g}),\\ b={b:g}$"
        _gate_panel(ax, lang, w, b, title, outputs)
    axes[0].legend(loc="upper left", fontsize=10)
    fig.tight_layout()
    return fig


@figure("ch02/xor")
def xor_regions(lang: str):
    """Left: XOR's four points, which no line separates. Right: the two-layer region."""
    fig, (left, right) = new_figure(lang, 1, 2, figsize=(8, 4))
    xor = [XOR(int(a), int(b)) for a, b in POINTS]
    _mark_points(left, lang, xor)
    left.set_title(text(lang, "XOR: 직선 하나로는 나눌 수 없다", "XOR: no single line splits it"))

    grid = np.linspace(-0.5, 1.5, 401)
    gx, gy = np.meshgrid(grid, grid)
    region = np.vectorize(XOR)(gx, gy)  # the gates accept real inputs, as in the book
    right.contourf(gx, gy, region, levels=[0.5, 1.5], colors=[ONE], alpha=0.15)
    for name, style in (("NAND", "--"), ("OR", ":")):
        w, b = GATES[name]
        right.plot(grid, -(w[0] * grid + b) / w[1], "k", ls=style, lw=1.2, label=name)
    _mark_points(right, lang, xor)
    right.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=9)
    right.set_title(
        text(lang, "NAND와 OR의 AND: 두 직선 사이", "AND of NAND and OR: between two lines")
    )
    fig.tight_layout()
    return fig


def _gate_label(name: str) -> str:
    (w1, w2), b = GATES[name]
    return f"{name}\n$w=({w1:g}, {w2:g}),\\ b={b:g}$"


@figure("ch02/xor-network")
def xor_network(lang: str):
    """XOR = AND(NAND(x1, x2), OR(x1, x2)), drawn as layers 0, 1 and 2."""
    fig, ax = new_figure(lang, figsize=(7.5, 3.6))
    x1, x2 = (0.0, 1.0), (0.0, -1.0)
    s1, s2 = (3.0, 1.0), (3.0, -1.0)
    y = (6.0, 0.0)
    for xy, label in ((x1, "$x_1$"), (x2, "$x_2$")):
        _node(ax, xy, label)
    _node(ax, s1, "$s_1$", color="#fde2c8")
    _node(ax, s2, "$s_2$", color="#d7ecd3")
    _node(ax, y, "$y$", color="#e4dcf1")
    for src in (x1, x2):
        _edge(ax, src, s1, "")
        _edge(ax, src, s2, "")
    _edge(ax, s1, y, "")
    _edge(ax, s2, y, "")
    ax.text(3.0, 1.45, _gate_label("NAND"), ha="center", va="bottom", fontsize=10)
    ax.text(3.0, -1.45, _gate_label("OR"), ha="center", va="top", fontsize=10)
    ax.text(6.0, 0.45, _gate_label("AND"), ha="center", va="bottom", fontsize=10)
    for x, n in ((0.0, 0), (3.0, 1), (6.0, 2)):
        ax.text(x, -2.25, text(lang, f"{n}층", f"layer {n}"), ha="center", va="top", fontsize=11)
    _diagram_axes(ax, (-0.7, 7.3), (-2.8, 2.3))
    return fig
