"""Chapter 5's node-level graphs: the chain rule on z = (x + y)^2, the backward pass of the
add and multiply nodes, and the ReLU node. Every number is computed by the library's layers
(``scratch.layers``, ``scratch.node_values``) when the figure is drawn."""

from __future__ import annotations

import numpy as np

from scratch.layers import AddLayer, MulLayer, Relu
from scratch.node_values import chain_rule_nodes
from site_tools.figures import figure, new_figure, text
from site_tools.figures.graphs import Edge, Node, draw_graph, number

FONT = 13
DZ = r"\partial z"
DL = r"\partial L"


def _name(xy: tuple[float, float], label: str, width: float = 0.25) -> Node:
    return Node(xy, label, kind="text", size=0.25, width=width)


@figure("ch05/chain-rule-graph")
def chain_rule_graph(lang: str):
    x, y = 1.0, 2.0
    v = chain_rule_nodes(x, y)
    nodes = {
        "x": _name((0, 0), "$x$"),
        "y": _name((4.4, -2.2), "$y$"),
        "add": Node((4.4, 0), "+"),
        "sq": Node((8.8, 0), "**2", kind="box", size=0.35, width=0.6),
        "z": _name((12.0, 0), "$z$"),
    }
    dz_dt = rf"${DZ}/{DZ}\cdot{DZ}/\partial t$"
    symbolic = [
        Edge("x", "add", "$x$", rf"${DZ}/{DZ}\cdot{DZ}/\partial t\cdot\partial t/\partial x$"),
        Edge("y", "add", "$y$", dz_dt + "\n" + r"$\cdot\,\partial t/\partial y$"),
        Edge("add", "sq", "$t$", dz_dt),
        Edge("sq", "z", "$z$", rf"${DZ}/{DZ}$"),
    ]
    numeric = [
        Edge("x", "add", number(x), number(v["dx"])),
        Edge("y", "add", number(y), number(v["dy"])),
        Edge("add", "sq", number(v["t"]), number(v["dt"])),
        Edge("sq", "z", number(v["z"]), number(v["dz"])),
    ]
    fig, axes = new_figure(lang, 2, 1, figsize=(8, 5.6))
    draw_graph(axes[0], nodes, symbolic, fontsize=FONT, offset=0.3)
    draw_graph(axes[1], nodes, numeric, fontsize=FONT, offset=0.3)
    axes[0].set_title(text(lang, "기호로 쓴 값", "Symbolic values"), fontsize=FONT)
    axes[1].set_title(
        text(lang, f"$x = {x:g}$, $y = {y:g}$일 때", f"At $x = {x:g}$, $y = {y:g}$"),
        fontsize=FONT,
    )
    fig.tight_layout()
    return fig


def _two_input_node(lang: str, op: str, a: float, b: float, dout: float):
    """One node z = a (op) b, backward from dout: symbolic on the left, numbers on the right."""
    layer = AddLayer() if op == "+" else MulLayer()
    out = layer.forward(a, b)
    da, db = layer.backward(dout)
    nodes = {
        "x": _name((0, 1.2), "$x$"),
        "y": _name((0, -1.2), "$y$"),
        "op": Node((3.0, 0), "+" if op == "+" else "×"),
        "z": _name((6.0, 0), "$z$"),
    }
    upstream = rf"${DL}/{DZ}$"
    if op == "+":
        back_x, back_y = rf"${DL}/{DZ}\cdot 1$", rf"${DL}/{DZ}\cdot 1$"
    else:
        back_x, back_y = rf"${DL}/{DZ}\cdot y$", rf"${DL}/{DZ}\cdot x$"
    forward_z = "$x + y$" if op == "+" else "$xy$"
    symbolic = [
        Edge("x", "op", "$x$", back_x, at=0.4),
        Edge("y", "op", "$y$", back_y, at=0.4),
        Edge("op", "z", forward_z, upstream),
    ]
    numeric = [
        Edge("x", "op", number(a), number(da), at=0.4),
        Edge("y", "op", number(b), number(db), at=0.4),
        Edge("op", "z", number(out), number(dout)),
    ]
    fig, axes = new_figure(lang, 1, 2, figsize=(9, 3.2))
    draw_graph(axes[0], nodes, symbolic, fontsize=FONT, offset=0.3)
    draw_graph(axes[1], nodes, numeric, fontsize=FONT, offset=0.3)
    axes[0].set_title(text(lang, "기호로 쓴 값", "Symbolic values"), fontsize=FONT)
    axes[1].set_title(
        text(
            lang,
            f"$x = {a:g}$, $y = {b:g}$, 출력 쪽에서 {dout:g}이 들어올 때",
            f"$x = {a:g}$, $y = {b:g}$, {dout:g} arriving from the output",
        ),
        fontsize=FONT,
    )
    fig.tight_layout()
    return fig


@figure("ch05/add-node-backward")
def add_node_backward(lang: str):
    return _two_input_node(lang, "+", 10, 5, 1.3)


@figure("ch05/mul-node-backward")
def mul_node_backward(lang: str):
    return _two_input_node(lang, "×", 10, 5, 1.3)


@figure("ch05/relu-graph")
def relu_graph(lang: str):
    dout = 1.5
    fig, axes = new_figure(lang, 1, 2, figsize=(9, 2.6))
    for ax, x in zip(axes, (2.0, -1.0), strict=True):
        layer = Relu()
        y = float(layer.forward(np.array([x]))[0])
        dx = float(layer.backward(np.array([dout]))[0])
        nodes = {
            "x": _name((0, 0), "$x$"),
            "relu": Node((3.0, 0), "relu", kind="box", size=0.35, width=0.6),
            "y": _name((6.0, 0), "$y$"),
        }
        edges = [
            Edge("x", "relu", f"$x = {number(x)}$", rf"${DL}/\partial x = {number(dx)}$"),
            Edge("relu", "y", f"$y = {number(y)}$", rf"${DL}/\partial y = {number(dout)}$"),
        ]
        draw_graph(ax, nodes, edges, fontsize=FONT, offset=0.3)
        case = "x > 0" if x > 0 else r"x \leq 0"
        ax.set_title(
            text(
                lang,
                f"${case}$: 기울기를 {'그대로 흘려보냄' if x > 0 else '막음'}",
                f"${case}$: gradient {'passes unchanged' if x > 0 else 'blocked'}",
            ),
            fontsize=FONT,
        )
    fig.tight_layout()
    return fig
