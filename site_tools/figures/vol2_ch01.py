"""Volume 2, chapter 1 figures: the Repeat, Sum and MatMul nodes with the values the layers
compute, the spiral data, and the book's spiral run as recorded in
``docs/vol2/ch01/results/spiral.json`` (``python -m site_tools record spiral``)."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import ListedColormap

from scratch.vol2 import SGD, MatMul, Repeat, Sum, Trainer, TwoLayerNet, load_data
from site_tools.figures import figure, new_figure, text
from site_tools.figures.graphs import Edge, Node, draw_graph, number
from site_tools.records import recorded

COLORS = ("tab:blue", "tab:orange", "tab:green")
MARKERS = ("o", "x", "^")
GRAPH_TITLE = (
    "순전파(검정, 위)와 역전파(빨강, 아래)",
    "forward (black, above), backward (red, below)",
)


def _row(values: np.ndarray) -> str:
    return "[" + ", ".join(number(v, 2) for v in np.ravel(values)) + "]"


def _name(xy: tuple[float, float], label: str) -> Node:
    return Node(xy, label, kind="text", size=0.25, width=0.35)


def _title(ax, lang: str, node: str) -> None:
    ko, en = GRAPH_TITLE
    ax.set_title(text(lang, f"{node} 노드: {ko}", f"The {node} node: {en}"))


@figure("vol2/ch01/repeat-graph")
def repeat_graph(lang: str):
    x = np.array([[1.0, 2.0]])
    dy = np.array([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]])
    node = Repeat(3)
    y = node.forward(x)
    dx = node.backward(dy)
    nodes = {"x": _name((0, 0), "$x$"), "repeat": Node((3.2, 0), "Repeat", "box", 0.4, 0.85)}
    edges = [Edge("x", "repeat", _row(x), _row(dx))]
    for n in range(3):
        nodes[f"y{n}"] = _name((7.2, 2.2 * (1 - n)), f"$y_{n + 1}$")
        edges.append(Edge("repeat", f"y{n}", _row(y[n]), _row(dy[n]), at=0.6))
    fig, ax = new_figure(lang, figsize=(7.5, 4.2))
    draw_graph(ax, nodes, edges, fontsize=12, offset=0.3)
    _title(ax, lang, "Repeat")
    return fig


@figure("vol2/ch01/sum-graph")
def sum_graph(lang: str):
    x = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    dy = np.array([[0.1, 0.2]])
    node = Sum()
    y = node.forward(x)
    dx = node.backward(dy)
    nodes = {"sum": Node((4.0, 0), "Sum", "box", 0.4, 0.7), "y": _name((7.6, 0), "$y$")}
    edges = [Edge("sum", "y", _row(y), _row(dy))]
    for n in range(3):
        nodes[f"x{n}"] = _name((0, 2.2 * (1 - n)), f"$x_{n + 1}$")
        edges.append(Edge(f"x{n}", "sum", _row(x[n]), _row(dx[n]), at=0.4))
    fig, ax = new_figure(lang, figsize=(7.5, 4.2))
    draw_graph(ax, nodes, edges, fontsize=12, offset=0.3)
    _title(ax, lang, "Sum")
    return fig


@figure("vol2/ch01/matmul-graph")
def matmul_graph(lang: str):
    rng = np.random.default_rng(0)
    x, W = rng.standard_normal((2, 3)), rng.standard_normal((3, 4))
    node = MatMul(W)
    y = node.forward(x)
    dx = node.backward(np.ones_like(y))
    dW = node.grads[0]
    dL = r"\partial L / \partial y"
    nodes = {
        "x": _name((0, 1.3), "$x$"),
        "W": _name((0, -1.3), "$W$"),
        "matmul": Node((4.2, 0), "MatMul", "box", 0.4, 0.95),
        "y": _name((8.6, 0), "$y$"),
    }
    edges = [
        Edge("x", "matmul", f"{x.shape}", rf"$({dL})\,W^T$  {dx.shape}", at=0.45),
        Edge("W", "matmul", f"{W.shape}", rf"$x^T ({dL})$  {dW.shape}", at=0.45),
        Edge("matmul", "y", f"$y = xW$  {y.shape}", rf"${dL}$  {y.shape}"),
    ]
    fig, ax = new_figure(lang, figsize=(8.5, 4.0))
    draw_graph(ax, nodes, edges, fontsize=12, offset=0.34)
    _title(ax, lang, "MatMul")
    return fig


def _scatter_arms(ax, x: np.ndarray, t: np.ndarray, lang: str) -> None:
    for arm in range(t.shape[1]):
        points = x[t[:, arm] == 1]
        label = text(lang, f"클래스 {arm}", f"class {arm}")
        ax.scatter(
            points[:, 0], points[:, 1], s=22, c=COLORS[arm], marker=MARKERS[arm], label=label
        )
    ax.set_aspect("equal")
    ax.set_xlim(-1.1, 1.1)
    ax.set_ylim(-1.1, 1.1)


@figure("vol2/ch01/spiral")
def spiral(lang: str):
    x, t = load_data()
    fig, ax = new_figure(lang, figsize=(5.2, 5.2))
    _scatter_arms(ax, x, t, lang)
    ax.legend(loc="upper right", fontsize=9)
    ax.set_title(text(lang, "스파이럴 데이터셋 (seed 1984)", "The spiral data set (seed 1984)"))
    return fig


def _trained_model() -> tuple[TwoLayerNet, dict]:
    """The network of the recorded run, its parameters put back in place."""
    run = recorded("spiral")
    model = TwoLayerNet(2, run["settings"]["hidden_size"], 3, rng=0)
    for param, value in zip(model.params, run["results"]["params"], strict=True):
        param[...] = np.asarray(value)
    return model, run


@figure("vol2/ch01/loss-curve")
def loss_curve(lang: str):
    model, run = _trained_model()
    trainer = Trainer(model, SGD(lr=run["settings"]["lr"]))
    trainer.loss_list = run["results"]["loss_list"]
    trainer.eval_interval = run["settings"]["eval_interval"]
    fig, ax = new_figure(lang, figsize=(6.4, 4.0))
    trainer.plot(ax=ax, lang=lang)
    ax.grid(alpha=0.3)
    epochs = run["settings"]["max_epoch"]
    ax.set_title(text(lang, f"Trainer.plot(): 스파이럴 학습 {epochs}에폭",
                      f"Trainer.plot(): {epochs} epochs on the spiral"))  # fmt: skip
    return fig


@figure("vol2/ch01/decision-regions")
def decision_regions(lang: str):
    model, run = _trained_model()
    xx, yy = np.meshgrid(np.linspace(-1.1, 1.1, 441), np.linspace(-1.1, 1.1, 441))
    regions = model.predict(np.c_[xx.ravel(), yy.ravel()]).argmax(axis=1).reshape(xx.shape)
    fig, ax = new_figure(lang, figsize=(5.2, 5.2))
    cmap = ListedColormap(["#c6dbef", "#fdd0a2", "#c7e9c0"])
    ax.contourf(xx, yy, regions, levels=[-0.5, 0.5, 1.5, 2.5], cmap=cmap)
    x, t = load_data(run["settings"]["seed"])
    _scatter_arms(ax, x, t, lang)
    accuracy = run["results"]["accuracy"]
    title = text(lang, "학습한 신경망의 결정 영역", "Decision regions of the trained network")
    accuracy_label = text(lang, "정확도", "accuracy")
    ax.set_title(f"{title} ({accuracy_label} {accuracy:.2f})")
    return fig
