"""Appendix A figure: the whole computational graph of Softmax-with-Loss, with its values.

``softmax_with_loss_nodes(a, t)`` runs the graph node by node, forward then backward, exactly as the
appendix page does by hand; the figure writes those computed numbers on the edges (forward
above, backward below), so nothing on the drawing is typed in.
"""

from __future__ import annotations

import numpy as np

from scratch.node_values import softmax_with_loss_nodes
from site_tools.figures import figure, new_figure, text

# The appendix's running example: three class scores, the second class is correct.
EXAMPLE_A = np.array([2.0, 1.0, 0.1])
EXAMPLE_T = np.array([0.0, 1.0, 0.0])


def _fmt(value: float) -> str:
    """Four significant digits; -0.0 (a zero that kept its sign) is shown as 0."""
    return f"{float(value) + 0.0:.4g}"


ROWS = (0.0, -2.8, -5.6)  # one row per class
SUM_XY, RECIP_XY = (4.6, 2.6), (7.4, 2.6)  # the sum node and the 1/x node, above the rows
MUL_X = (11.0, 10.0, 9.0)  # the product nodes, staggered so that the edges from 1/x spread


def _softmax_part(v: dict[str, np.ndarray], a: np.ndarray) -> tuple[dict, list]:
    """Nodes and edges of the softmax half: exp, the sum, 1/x and the products y_k. The fan
    edges (exp_k to the sum, 1/x to the products) are labelled by :func:`_fan_labels`."""
    from site_tools.figures.graphs import Edge, Node

    nodes = {"S": Node(SUM_XY, "+"), "r": Node(RECIP_XY, "1/x", size=0.42)}
    edges = [Edge("S", "r", _fmt(v["S"]), _fmt(v["d_S"]))]
    for i, y in enumerate(ROWS):
        k = i + 1
        nodes[f"a{k}"] = Node((0.0, y), f"$a_{k}$", kind="text", size=0.3)
        nodes[f"exp{k}"] = Node((2.0, y), "exp", size=0.42)
        nodes[f"mul{k}"] = Node((MUL_X[i], y), "×")
        nodes[f"y{k}"] = Node((12.8, y), f"$y_{k}$", kind="text", size=0.3)
        edges += [
            Edge(f"a{k}", f"exp{k}", _fmt(a[i]), _fmt(v["d_a"][i])),
            Edge(f"exp{k}", f"mul{k}", _fmt(v["exp"][i]), _fmt(v["d_exp_via_mul"][i]), at=0.55),
            Edge(f"exp{k}", "S"),
            Edge("r", f"mul{k}"),
            Edge(f"mul{k}", f"y{k}", _fmt(v["y"][i]), _fmt(v["d_y"][i])),
        ]
    return nodes, edges


def _cross_entropy_part(v: dict[str, np.ndarray], t: np.ndarray) -> tuple[dict, list]:
    """Nodes and edges of the cross-entropy half: log, times t_k, the sum, times -1."""
    from site_tools.figures.graphs import Edge, Node

    nodes = {
        "sum": Node((7.6, ROWS[1]), "+"),
        "neg": Node((10.1, ROWS[1]), "×(−1)", kind="box", size=0.4, width=0.65),
        "L": Node((12.2, ROWS[1]), "$L$", kind="text", size=0.3),
    }
    edges = [
        Edge("sum", "neg", _fmt(v["sum"]), _fmt(v["d_sum"])),
        Edge("neg", "L", _fmt(v["L"]), _fmt(v["d_L"])),
    ]
    for i, y in enumerate(ROWS):
        k = i + 1
        nodes[f"y{k}"] = Node((0.0, y), f"$y_{k}$", kind="text", size=0.3)
        nodes[f"log{k}"] = Node((2.2, y), "log", size=0.42)
        nodes[f"tmul{k}"] = Node((4.8, y), "×")
        nodes[f"t{k}"] = Node((4.8, y + 1.5), f"$t_{k}$", kind="text", size=0.3)
        edges += [
            Edge(f"y{k}", f"log{k}", _fmt(v["y"][i]), _fmt(v["d_y"][i])),
            Edge(f"log{k}", f"tmul{k}", _fmt(v["log_y"][i]), _fmt(v["d_log_y"][i])),
            Edge(f"t{k}", f"tmul{k}"),  # labelled beside it, see the figure function
        ]
        # the middle row is horizontal and labelled as usual; the diagonals by _diagonal
        labels = (_fmt(v["t_log_y"][i]), _fmt(v["d_t_log_y"][i])) if k == 2 else ()
        edges.append(Edge(f"tmul{k}", "sum", *labels))
    return nodes, edges


def _tag(ax, x: float, y: float, label: str, color: str, ha: str = "center") -> None:
    """A value written at (x, y) on a white patch, so that edges behind it do not cut it."""
    patch = {"facecolor": "white", "edgecolor": "none", "pad": 0.5}
    ax.text(x, y, label, ha=ha, va="center", fontsize=11, color=color, bbox=patch, zorder=5)


def _diagonal(ax, nodes, start: str, end: str, fwd: str, bwd: str) -> None:
    """Labels of a diagonal edge at its middle, farther from it than graphs.py puts them, so
    that the backward value clears its small red arrow: forward above, backward below."""
    from site_tools.figures.graphs import (
        BACKWARD_COLOR,
        FORWARD_COLOR,
        Edge,
        edge_segment,
        upward_normal,
    )

    p, q = edge_segment(nodes, Edge(start, end))
    middle, normal = (p + q) / 2, upward_normal(p, q)
    unit = (q - p) / np.hypot(*(q - p))
    beside = middle - normal * 0.2
    style = {"arrowstyle": "-|>", "color": BACKWARD_COLOR, "lw": 1.1, "shrinkA": 0, "shrinkB": 0}
    ax.annotate("", xy=beside - unit * 0.3, xytext=beside + unit * 0.3, arrowprops=style)
    _tag(ax, *(middle + normal * 0.45), fwd, FORWARD_COLOR)
    _tag(ax, *(middle - normal * 0.65), bwd, BACKWARD_COLOR)


def _fan_labels(ax, v: dict[str, np.ndarray]) -> None:
    """Values of the fan edges, each where no other edge or label is. exp_k -> sum: just after
    leaving exp_k, forward on the left and backward on the right of the edge. 1/x -> product_k:
    the forward value, the same on all three, once beside the 1/x node; each backward value on
    the right of its edge, above its product node (the staggered nodes leave room there)."""
    from site_tools.figures.graphs import BACKWARD_COLOR, FORWARD_COLOR

    sx, sy = SUM_XY
    rx, ry = RECIP_XY
    for i, y in enumerate(ROWS):
        h = y + 0.95  # exp_k -> sum, a little above the row of exp_k
        x = 2.0 + (sx - 2.0) * (h - y) / (sy - y)
        _tag(ax, x - 0.18, h, _fmt(v["exp"][i]), FORWARD_COLOR, ha="right")
        _tag(ax, x + 0.22, h - 0.05, _fmt(v["d_exp_via_sum"][i]), BACKWARD_COLOR, ha="left")
        h = y + 1.1  # 1/x -> product_k, a little above the row of product_k
        x = rx + (MUL_X[i] - rx) * (ry - h) / (ry - y)
        _tag(ax, x + 0.2, h, _fmt(v["d_r_each"][i]), BACKWARD_COLOR, ha="left")
    _tag(ax, rx + 0.6, ry + 0.45, _fmt(v["r"]), FORWARD_COLOR, ha="left")


@figure("appendix-a/softmax-with-loss-graph")
def softmax_with_loss_graph(lang: str):
    """The graph of the appendix's example, every label a value computed by softmax_with_loss_nodes.

    Two panels, so the figure fits a page column: the softmax half on top, the
    cross-entropy half below; y_1..y_3 leave the first and enter the second.
    """
    from site_tools.figures.graphs import BACKWARD_COLOR, FORWARD_COLOR, draw_graph

    a, t = EXAMPLE_A, EXAMPLE_T
    v = softmax_with_loss_nodes(a, t)
    fig, (top, bottom) = new_figure(
        lang, 2, 1, figsize=(10, 10.6), gridspec_kw={"height_ratios": [8.6, 7.0]}
    )
    nodes, edges = _softmax_part(v, a)
    draw_graph(top, nodes, edges, fontsize=11, offset=0.3)
    _fan_labels(top, v)
    top.set_title(text(lang, "(1) 소프트맥스 함수", "(1) softmax function"), fontsize=13)
    legend = [
        (FORWARD_COLOR, text(lang, "위: 순전파 값", "above: forward value")),
        (
            BACKWARD_COLOR,
            text(
                lang,
                r"아래: 역전파 값 $\partial L/\partial x$",
                r"below: backward value $\partial L/\partial x$",
            ),
        ),
    ]
    for j, (color, label) in enumerate(legend):
        top.text(9.5, 2.9 - 0.55 * j, label, color=color, fontsize=11, va="center")

    nodes, edges = _cross_entropy_part(v, t)
    draw_graph(bottom, nodes, edges, fontsize=11, offset=0.3)
    for i, y in enumerate(ROWS):
        _tag(bottom, 4.8 - 0.2, y + 0.85, _fmt(t[i]), FORWARD_COLOR, ha="right")  # t_k
        if i != 1:
            k = i + 1
            fwd, bwd = _fmt(v["t_log_y"][i]), _fmt(v["d_t_log_y"][i])
            _diagonal(bottom, nodes, f"tmul{k}", "sum", fwd, bwd)
    bottom.set_title(text(lang, "(2) 교차 엔트로피 오차", "(2) cross-entropy error"), fontsize=13)
    fig.suptitle(
        text(
            lang,
            "Softmax-with-Loss 계층의 계산 그래프: a = (2, 1, 0.1), 정답은 두 번째 클래스",
            "Computational graph of Softmax-with-Loss: a = (2, 1, 0.1), the second class correct",
        ),
        fontsize=13,
    )
    fig.tight_layout()
    return fig
