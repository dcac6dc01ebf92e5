"""Chapter 5 figures: computational graphs from the layers' own values, training curves."""

from __future__ import annotations

import numpy as np

from scratch.layers import Affine
from scratch.node_values import apple_orange, shopping, sigmoid_nodes
from site_tools.figures import figure, new_figure, text
from site_tools.figures.graphs import Edge, Node, draw_graph, number


def _text_node(xy: tuple[float, float], label: str, width: float = 0.0) -> Node:
    """An input or output name; its room grows with the label (Hangul is about twice as wide)."""
    if not width:
        width = 0.2 + 0.065 * sum(2 if "\uac00" <= c <= "\ud7a3" else 1 for c in label)
    return Node(xy, label, kind="text", size=0.25, width=width)


@figure("ch05/shopping-graph")
def shopping_graph(lang: str):
    v = shopping()
    nodes = {
        "apple": _text_node((0, 1.0), text(lang, "사과", "apple")),
        "mul": Node((2.4, 1.0), "×"),
        "num": _text_node((2.4, -0.7), text(lang, "사과 개수", "apple count")),
        "mul_tax": Node((5.0, 1.0), "×"),
        "tax": _text_node((5.0, -0.7), text(lang, "소비세", "tax")),
        "price": _text_node((7.6, 1.0), text(lang, "지불 금액", "price")),
    }
    edges = [
        Edge("apple", "mul", number(100)),
        Edge("num", "mul", number(2)),
        Edge("mul", "mul_tax", number(v["apple_price"])),
        Edge("tax", "mul_tax", number(1.1)),
        Edge("mul_tax", "price", number(v["price"])),
    ]
    fig, ax = new_figure(lang, figsize=(7.5, 3.2))
    draw_graph(ax, nodes, edges, fontsize=13)
    ax.set_title(text(lang, "사과 쇼핑의 계산 그래프 (순전파)", "Buying apples: forward pass"))
    return fig


@figure("ch05/apple-orange-graph")
def apple_orange_graph(lang: str):
    v = apple_orange()
    nodes = {
        "apple": _text_node((0, 2.4), text(lang, "사과", "apple")),
        "mul_apple": Node((2.6, 2.4), "×"),
        "apple_num": _text_node((2.6, 0.7), text(lang, "사과 개수", "apple count")),
        "orange": _text_node((0, -0.9), text(lang, "귤", "orange")),
        "mul_orange": Node((2.6, -0.9), "×"),
        "orange_num": _text_node((2.6, -2.6), text(lang, "귤 개수", "orange count")),
        "add": Node((5.4, 0.75), "+"),
        "mul_tax": Node((8.0, 0.75), "×"),
        "tax": _text_node((8.0, -1.0), text(lang, "소비세", "tax")),
        "price": _text_node((10.6, 0.75), text(lang, "지불 금액", "price")),
    }
    edges = [
        Edge("apple", "mul_apple", number(100), number(v["dapple"])),
        Edge("apple_num", "mul_apple", number(2), number(v["dapple_num"])),
        Edge("orange", "mul_orange", number(150), number(v["dorange"])),
        Edge("orange_num", "mul_orange", number(3), number(v["dorange_num"])),
        Edge("mul_apple", "add", number(v["apple_price"]), number(v["dapple_price"])),
        Edge("mul_orange", "add", number(v["orange_price"]), number(v["dorange_price"])),
        Edge("add", "mul_tax", number(v["all_price"]), number(v["dall_price"])),
        Edge("tax", "mul_tax", number(1.1), number(v["dtax"])),
        Edge("mul_tax", "price", number(v["price"]), number(v["dprice"])),
    ]
    fig, ax = new_figure(lang, figsize=(10, 5.2))
    draw_graph(ax, nodes, edges, fontsize=13, offset=0.26)
    ax.set_title(
        text(
            lang,
            "사과와 귤: 순전파(검정, 위)와 역전파(빨강, 아래)",
            "Apples and oranges: forward (black, above) and backward (red, below)",
        )
    )
    return fig


def _sigmoid_layout() -> dict[str, Node]:
    # The first two edges carry the longest labels, so they get the most room.
    xs = {"neg": 5.0, "exp": 10.0, "add": 13.6, "div": 17.6}
    return {
        "x": _text_node((0, 0), "$x$", 0.2),
        "neg": Node((xs["neg"], 0), "×"),
        "minus_one": _text_node((xs["neg"], -1.8), "$-1$", 0.25),
        "exp": Node((xs["exp"], 0), "exp", size=0.5),
        "add": Node((xs["add"], 0), "+"),
        "one": _text_node((xs["add"], -1.8), "$1$", 0.2),
        "div": Node((xs["div"], 0), "/"),
        "y": _text_node((20.0, 0), "$y$", 0.2),
    }


def _sigmoid_edges(forward: list[str], backward: list[str]) -> list[Edge]:
    chain = ["x", "neg", "exp", "add", "div", "y"]
    edges = [
        Edge(a, b, f, d) for a, b, f, d in zip(chain, chain[1:], forward, backward, strict=False)
    ]
    return [*edges, Edge("minus_one", "neg"), Edge("one", "add")]


@figure("ch05/sigmoid-graph")
def sigmoid_graph(lang: str):
    dy = r"\partial L/\partial y"
    symbolic_fwd = ["$x$", "$-x$", r"$\exp(-x)$", r"$1+\exp(-x)$", "$y$"]
    symbolic_bwd = [
        rf"$({dy})\,y^2\exp(-x)$",
        rf"$-({dy})\,y^2\exp(-x)$",
        rf"$-({dy})\,y^2$",
        rf"$-({dy})\,y^2$",
        rf"${dy}$",
    ]
    x0 = 1.0
    fwd, bwd = sigmoid_nodes(x0)
    fig, axes = new_figure(lang, 2, 1, figsize=(10, 5.6))
    graph = {"fontsize": 12, "offset": 0.42}
    draw_graph(axes[0], _sigmoid_layout(), _sigmoid_edges(symbolic_fwd, symbolic_bwd), **graph)
    draw_graph(
        axes[1],
        _sigmoid_layout(),
        _sigmoid_edges([number(v) for v in fwd], [number(v) for v in bwd]),
        **graph,
    )
    axes[0].set_title(text(lang, "기호로 쓴 값", "Symbolic values"), fontsize=13)
    axes[1].set_title(
        text(
            lang,
            rf"$x = {x0:g}$, $\partial L/\partial y = 1$일 때의 값",
            rf"Values at $x = {x0:g}$, $\partial L/\partial y = 1$",
        ),
        fontsize=13,
    )
    return fig


@figure("ch05/affine-graph")
def affine_graph(lang: str):
    rng = np.random.default_rng(0)
    x, W, b = rng.standard_normal((4, 2)), rng.standard_normal((2, 3)), np.zeros(3)
    layer = Affine(W, b)
    y = layer.forward(x)
    dx = layer.backward(np.ones_like(y))
    sx, sw, sb, sy = x.shape, W.shape, b.shape, y.shape
    dY = r"\partial L/\partial Y"
    nodes = {
        "X": _text_node((0, 1.6), "$X$", 0.2),
        "W": _text_node((0, -1.6), "$W$", 0.2),
        "dot": Node((3.2, 0), "dot", kind="box", size=0.35, width=0.55),
        "add": Node((6.4, 0), "+"),
        "B": _text_node((6.4, -2.0), "$B$", 0.2),
        "Y": _text_node((9.2, 0), "$Y$", 0.2),
    }
    edges = [
        Edge("X", "dot", f"$X$ {sx}", rf"$({dY})\,W^{{T}}$ {dx.shape}"),
        Edge("W", "dot", f"$W$ {sw}", rf"$X^{{T}}({dY})$ {layer.dW.shape}"),
        Edge("dot", "add", f"$X\\cdot W$ {sy}", f"${dY}$ {sy}"),
        Edge(
            "B",
            "add",
            f"$B$ {sb}",
            text(lang, "axis 0으로 합 ", "sum over axis 0 ") + f"{layer.db.shape}",
        ),
        Edge("add", "Y", f"$Y$ {sy}", f"${dY}$ {sy}"),
    ]
    fig, ax = new_figure(lang, figsize=(10, 4.6))
    draw_graph(ax, nodes, edges, fontsize=12, offset=0.3)
    ax.set_title(
        text(
            lang,
            "Affine 계층의 계산 그래프와 형상 (N = 4)",
            "The Affine layer and its shapes (N = 4)",
        )
    )
    return fig


@figure("ch05/training-curves", needs=("fashion-mnist",))
def training_curves(lang: str):
    from scratch.datasets import fashion_mnist
    from scratch.networks import TwoLayerNet
    from scratch.trainer import Trainer

    (x_train, t_train), (x_test, t_test) = fashion_mnist("train"), fashion_mnist("test")
    rng = np.random.default_rng(0)  # one stream for the weights, then the shuffling
    network = TwoLayerNet(x_train.shape[1], 50, 10, rng=rng)
    trainer = Trainer(network, x_train, t_train, x_test, t_test, epochs=10,
                      optimizer_param={"lr": 0.1}, verbose=False, rng=rng)  # fmt: skip
    trained = trainer.train()
    history = {"train_acc": trained.train_acc_list[1:], "test_acc": trained.test_acc_list[1:]}
    fig, (ax_loss, ax_acc) = new_figure(lang, 1, 2, figsize=(9, 3.8))
    loss = np.asarray(trained.train_loss_list)
    ax_loss.plot(loss, lw=0.5, alpha=0.4, label=text(lang, "미니배치 손실", "mini-batch loss"))
    window = 100
    smooth = np.convolve(loss, np.ones(window) / window, mode="valid")
    ax_loss.plot(
        np.arange(window - 1, len(loss)),
        smooth,
        label=text(lang, "100회 이동 평균", "moving average over 100"),
    )
    ax_loss.set_xlabel(text(lang, "반복", "iteration"))
    ax_loss.set_ylabel(text(lang, "손실", "loss"))
    ax_loss.legend()
    epochs = np.arange(1, len(history["train_acc"]) + 1)
    ax_acc.plot(
        epochs, history["train_acc"], "o-", label=text(lang, "훈련 데이터", "training data")
    )
    ax_acc.plot(epochs, history["test_acc"], "s--", label=text(lang, "시험 데이터", "test data"))
    ax_acc.set_xlabel(text(lang, "에폭", "epoch"))
    ax_acc.set_ylabel(text(lang, "정확도", "accuracy"))
    ax_acc.legend(loc="lower right")
    fig.suptitle(
        text(
            lang,
            "Fashion-MNIST에서 오차역전파법으로 학습한 TwoLayerNet (784-50-10)",
            "TwoLayerNet (784-50-10) trained with backpropagation on Fashion-MNIST",
        )
    )
    fig.tight_layout()
    return fig
