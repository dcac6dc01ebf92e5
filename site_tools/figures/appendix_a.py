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


ROWS = (0.0, -2.6, -5.2)  # one row per class


def _softmax_part(v: dict[str, np.ndarray], a: np.ndarray) -> tuple[dict, list]:
    """Nodes and edges of the softmax half: exp, the sum, 1/x and the products y_k."""
    from site_tools.figures.graphs import Edge, Node

    nodes = {"S": Node((4.9, 2.4), "+"), "r": Node((7.1, 2.4), "1/x", size=0.42)}
    edges = [Edge("S", "r", _fmt(v["S"]), _fmt(v["d_S"]))]
    for i, y in enumerate(ROWS):
        k = i + 1
        nodes[f"a{k}"] = Node((0.0, y), f"$a_{k}$", kind="text", size=0.3)
        nodes[f"exp{k}"] = Node((2.0, y), "exp", size=0.42)
        nodes[f"mul{k}"] = Node((9.4, y), "×")
        nodes[f"y{k}"] = Node((11.6, y), f"$y_{k}$", kind="text", size=0.3)
        edges += [
            Edge(f"a{k}", f"exp{k}", _fmt(a[i]), _fmt(v["d_a"][i])),
            Edge(f"exp{k}", f"mul{k}", _fmt(v["exp"][i]), _fmt(v["d_exp_via_mul"][i])),
            Edge(f"exp{k}", "S"),  # labelled by _label_along
            Edge("r", f"mul{k}"),  # labelled by _label_along
            Edge(f"mul{k}", f"y{k}", _fmt(v["y"][i]), _fmt(v["d_y"][i])),
        ]
    return nodes, edges


def _cross_entropy_part(v: dict[str, np.ndarray], t: np.ndarray) -> tuple[dict, list]:
    """Nodes and edges of the cross-entropy half: log, times t_k, the sum, times -1."""
    from site_tools.figures.graphs import Edge, Node

    nodes = {
        "sum": Node((7.4, ROWS[1]), "+"),
        "neg": Node((9.9, ROWS[1]), "×(−1)", kind="box", size=0.4, width=0.65),
        "L": Node((12.0, ROWS[1]), "$L$", kind="text", size=0.3),
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
            Edge(f"t{k}", f"tmul{k}"),  # labelled by _label_along
            Edge(f"tmul{k}", "sum", _fmt(v["t_log_y"][i]), _fmt(v["d_t_log_y"][i])),
        ]
    return nodes, edges


def _label_along(ax, nodes, start: str, end: str, where: float, fwd: str, bwd: str) -> None:
    """Forward/backward labels at a chosen point of an edge (graphs.py labels the midpoint).

    The edges into the sum node and out of the 1/x node are steep and cross other edges
    near their middles, so their labels go where they are still apart, on a white patch,
    forward on the upper-left side and backward on the lower-right side.
    """
    from site_tools.figures.graphs import (
        BACKWARD_COLOR,
        FORWARD_COLOR,
        Edge,
        edge_segment,
        upward_normal,
    )

    p, q = edge_segment(nodes, Edge(start, end))
    point = p + (q - p) * where
    normal = upward_normal(p, q)
    side = normal if normal[0] <= 0 else -normal  # the normal pointing left
    patch = {"facecolor": "white", "edgecolor": "none", "pad": 0.6}
    for label, sign, color in ((fwd, 1, FORWARD_COLOR), (bwd, -1, BACKWARD_COLOR)):
        if label:
            x, y = point + sign * side * 0.5
            ax.text(x, y, label, ha="center", va="center", fontsize=11, color=color, bbox=patch)


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
    for i in range(3):
        k = i + 1
        fwd, bwd = _fmt(v["exp"][i]), _fmt(v["d_exp_via_sum"][i])
        _label_along(top, nodes, f"exp{k}", "S", 0.15, fwd, bwd)
        where = (0.55, 0.8, 0.86)[i]  # clear of the horizontal edges they cross
        _label_along(top, nodes, "r", f"mul{k}", where, _fmt(v["r"]), _fmt(v["d_r_each"][i]))
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
        top.text(8.4, 2.75 - 0.55 * j, label, color=color, fontsize=11, va="center")

    nodes, edges = _cross_entropy_part(v, t)
    draw_graph(bottom, nodes, edges, fontsize=11, offset=0.3)
    for i in range(3):
        _label_along(bottom, nodes, f"t{i + 1}", f"tmul{i + 1}", 0.45, _fmt(t[i]), "")
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
