"""Figures of chapter 3: network diagrams, activation functions, softmax, matrix shapes in
the forward pass, and real MNIST test digits."""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Circle, Rectangle

from scratch.functions import relu, sigmoid, softmax, step_function
from site_tools.figures import figure, new_figure, text
from site_tools.figures.network_diagram import draw_network


@figure("ch03/activations")
def activations(lang: str):
    """Step, sigmoid and ReLU on one axis, so their shapes can be compared."""
    x = np.linspace(-5, 5, 1001)
    fig, ax = new_figure(lang, figsize=(6.4, 3.8))
    ax.plot(x, step_function(x), label=text(lang, "계단 함수", "step"), lw=2)
    ax.plot(x, sigmoid(x), label=text(lang, "시그모이드 함수", "sigmoid"), lw=2)
    ax.plot(x, relu(x), label="ReLU", lw=2, ls="--")
    ax.set_ylim(-0.2, 2.2)
    ax.axhline(0, color="0.6", lw=0.8)
    ax.axvline(0, color="0.6", lw=0.8)
    ax.set_xlabel("x")
    ax.set_ylabel("h(x)")
    ax.set_title(text(lang, "세 가지 활성화 함수", "Three activation functions"))
    ax.legend(loc="upper left")
    fig.tight_layout()
    return fig


@figure("ch03/mnist-digits", needs=("mnist",))
def mnist_digits(lang: str):
    """The first 24 images of the MNIST test set with their labels."""
    from scratch.datasets import mnist

    x, t = mnist("test", normalize=False, flatten=False)
    fig, axes = new_figure(lang, 3, 8, figsize=(8, 3.6))
    for i, ax in enumerate(axes.flat):
        ax.imshow(x[i, 0], cmap="gray_r")
        ax.set_title(text(lang, f"정답 {t[i]}", f"label {t[i]}"), fontsize=9)
        ax.set_axis_off()
    fig.suptitle(text(lang, "MNIST 시험 데이터의 처음 24장", "The first 24 MNIST test images"))
    fig.tight_layout()
    return fig


def _layer_names(lang: str, n_layers: int) -> list[str]:
    """'input layer (layer 0)', 'hidden layer (layer 1)', ..., 'output layer (layer n-1)'."""
    names = []
    for layer in range(n_layers):
        if layer == 0:
            kind = text(lang, "입력층", "input layer")
        elif layer == n_layers - 1:
            kind = text(lang, "출력층", "output layer")
        else:
            kind = text(lang, "은닉층", "hidden layer")
        names.append(f"{kind}\n" + text(lang, f"({layer}층)", f"(layer {layer})"))
    return names


def _column_titles(ax, pos, names: list[str], fontsize: float = 11) -> None:
    top = max(y for _, y in pos.values()) + 0.55
    for layer, name in enumerate(names):
        x = pos[(layer, 0)][0]
        ax.text(x, top, name, ha="center", va="bottom", fontsize=fontsize)


@figure("ch03/network")
def network(lang: str):
    """3.1: a network of 2 inputs, 3 hidden neurons and 2 outputs, layers named and numbered."""
    sizes = (2, 3, 2)
    fig, ax = new_figure(lang, figsize=(5.6, 3.9))

    def label(layer: int, i: int) -> str:
        return {0: f"$x_{i + 1}$", 2: f"$y_{i + 1}$"}.get(layer, "")

    pos = draw_network(ax, sizes, labels=label, fontsize=13)
    _column_titles(ax, pos, _layer_names(lang, len(sizes)))
    ax.set_ylim(top=ax.get_ylim()[1] + 0.9)
    fig.tight_layout()
    return fig


@figure("ch03/neuron")
def neuron(lang: str):
    """3.1.2-3.1.3: the bias as a neuron that always outputs 1, and the activation inside."""
    fig, (left, right) = new_figure(lang, 1, 2, figsize=(7.4, 3.3))
    draw_network(
        left, (2, 1), labels=lambda layer, i: f"$x_{i + 1}$" if layer == 0 else "$y$",
        bias=True,
        highlight={((0, 0), (1, 0)): "$w_1$", ((0, 1), (1, 0)): "$w_2$",
                   ((0, -1), (1, 0)): "$b$"},
        fontsize=13,
    )  # fmt: skip
    left.set_title(text(lang, "편향 = 입력이 늘 1인 뉴런의 가중치", "The bias: the weight of\n"
                               "an input that is always 1"), fontsize=11)  # fmt: skip
    # Right: one neuron opened up, weighted sum a, then the activation h.
    right.set_axis_off()
    right.set_aspect("equal")
    right.add_patch(Circle((0, 0), 1.25, facecolor="#eef3fb", edgecolor="0.2", lw=1.2))
    right.add_patch(Circle((-0.55, 0), 0.38, facecolor="white", edgecolor="0.2"))
    right.add_patch(Circle((0.55, 0), 0.38, facecolor="white", edgecolor="0.2"))
    right.text(-0.55, 0, "$a$", ha="center", va="center", fontsize=14)
    right.text(0.55, 0, "$y$", ha="center", va="center", fontsize=14)
    right.annotate("", xy=(0.17, 0), xytext=(-0.17, 0), arrowprops={"arrowstyle": "-|>"})
    right.text(0, 0.22, "$h()$", ha="center", va="bottom", fontsize=13)
    incoming = {"arrowstyle": "-|>", "color": "0.5"}
    for y in (0.6, 0.0, -0.6):
        right.annotate("", xy=(-1.0, y * 0.6), xytext=(-2.0, y), arrowprops=incoming)
    right.annotate("", xy=(2.1, 0), xytext=(1.25, 0), arrowprops={"arrowstyle": "-|>"})
    right.text(0, -1.45, "$a = b + w_1 x_1 + w_2 x_2,\\quad y = h(a)$", ha="center",
               va="top", fontsize=12)  # fmt: skip
    right.set_xlim(-2.2, 2.3)
    right.set_ylim(-2.0, 1.5)
    right.set_title(text(lang, "뉴런 안: 가중합 a와 활성화 함수 h", "Inside a neuron:\n"
                                "weighted sum a, activation h"), fontsize=11)  # fmt: skip
    fig.tight_layout()
    return fig


@figure("ch03/three-layer")
def three_layer(lang: str):
    """3.4: the page's 2-3-2-2 network with its biases and the notation of 3.4.1."""
    sizes = (2, 3, 2, 2)  # the shapes of init_network: W1 (2, 3), W2 (3, 2), W3 (2, 2)

    def label(layer: int, i: int) -> str:
        if layer == 0:
            return f"$x_{i + 1}$"
        if layer == len(sizes) - 1:
            return f"$y_{i + 1}$"
        return f"$a_{i + 1}^{{({layer})}}$"

    fig, ax = new_figure(lang, figsize=(7.4, 4.6))
    pos = draw_network(
        ax, sizes, labels=label, bias=True, fontsize=12,
        highlight={((0, 1), (1, 0)): r"$w_{12}^{(1)}$", ((0, -1), (1, 0)): r"$b_{1}^{(1)}$"},
    )  # fmt: skip
    _column_titles(ax, pos, _layer_names(lang, len(sizes)), fontsize=10.5)
    ax.set_ylim(top=ax.get_ylim()[1] + 0.9)
    fig.tight_layout()
    return fig


@figure("ch03/softmax")
def softmax_bars(lang: str):
    """3.5: the page's scores a = (0.3, 2.9, 4.0) through exp and the normalisation."""
    a = np.array([0.3, 2.9, 4.0])
    stages = (
        (a, text(lang, "입력 a", "input a"), "C0"),
        (np.exp(a), "exp(a)", "C1"),
        (softmax(a), text(lang, "출력 y = exp(a) / 합", "output y = exp(a) / sum"), "C2"),
    )
    fig, axes = new_figure(lang, 1, 3, figsize=(7.6, 3.0))
    for ax, (values, title, color) in zip(axes, stages, strict=True):
        bars = ax.bar([1, 2, 3], values, color=color, width=0.6)
        ax.bar_label(bars, labels=[f"{v:.2f}" for v in values], fontsize=10, padding=2)
        ax.set_xticks([1, 2, 3], ["1", "2", "3"])
        ax.set_xlabel("k")
        ax.set_ylim(0, values.max() * 1.22)
        ax.set_title(title, fontsize=11)
    total = f"{softmax(a).sum():.0f}"
    axes[2].text(0.05, 0.93, text(lang, f"합 = {total}", f"sum = {total}"),
                 transform=axes[2].transAxes, fontsize=10, va="top")  # fmt: skip
    fig.tight_layout()
    return fig


def _forward_shapes(batch: int | None) -> list[tuple[str, tuple[int, ...]]]:
    """Run the MNIST network's forward pass on zeros and record the shape of every array
    (sample_weight's sizes: 784 -> 50 -> 100 -> 10)."""
    x = np.zeros(784 if batch is None else (batch, 784))
    weights = [np.zeros((784, 50)), np.zeros((50, 100)), np.zeros((100, 10))]
    shapes = [("X", x.shape)]
    z = x
    for n, W in enumerate(weights, 1):
        shapes.append((f"W{n}", W.shape))
        z = sigmoid(z @ W) if n < 3 else softmax(z @ W)
    shapes.append(("Y", z.shape))
    return shapes


PAIR_COLORS = ("#f2c57c", "#9fd3a8", "#f4a7a7")  # one colour per dimension that must match


def _draw_shapes(ax, shapes: list[tuple[str, tuple[int, ...]]], y0: float) -> None:
    """Each array as its name over one cell per dimension; the last dimension of each
    matrix and the first of the next weight share a colour and are joined by a bracket."""
    cell_w, cell_h, gap = 0.95, 0.55, 0.75
    x = 0.0
    right_of_previous = None
    for n, (name, shape) in enumerate(shapes):
        is_weight = name.startswith("W")
        colours = []
        for d in range(len(shape)):
            if is_weight and d == 0:
                colours.append(PAIR_COLORS[int(name[1]) - 1])
            elif d == len(shape) - 1 and name != "Y":
                colours.append(PAIR_COLORS[n] if n < len(PAIR_COLORS) else "white")
            elif not is_weight and len(shape) == 2 and d == 0:
                colours.append("#d9d9d9")  # the batch dimension, carried through to Y
            else:
                colours.append("white")
        width = cell_w * len(shape)
        ax.text(x + width / 2, y0 + cell_h / 2 + 0.12, name, ha="center", va="bottom",
                fontsize=12)  # fmt: skip
        for d, (size, colour) in enumerate(zip(shape, colours, strict=True)):
            left = x + d * cell_w
            ax.add_patch(Rectangle((left, y0 - cell_h / 2), cell_w, cell_h, facecolor=colour,
                                   edgecolor="0.3"))  # fmt: skip
            ax.text(left + cell_w / 2, y0, str(size), ha="center", va="center", fontsize=11)
        if is_weight and right_of_previous is not None:
            # A bracket under the two cells that must agree.
            a, b = right_of_previous, x + cell_w / 2
            bottom = y0 - cell_h / 2 - 0.12
            ax.plot([a, a, b, b], [bottom, bottom - 0.18, bottom - 0.18, bottom], color="0.3",
                    lw=1.2)  # fmt: skip
        right_of_previous = x + width - cell_w / 2
        x += width
        if n < len(shapes) - 1:
            op = "→" if n == len(shapes) - 2 else "·"
            ax.text(x + gap / 2, y0, op, ha="center", va="center", fontsize=15)
            x += gap


@figure("ch03/matrix-shapes")
def matrix_shapes(lang: str):
    """3.6.3: the shapes in the forward pass, for one image and for a batch of 100."""
    fig, ax = new_figure(lang, figsize=(7.8, 3.2))
    for y0, batch, title in ((1.5, None, text(lang, "한 장", "one image")),
                             (-0.3, 100, text(lang, "100장 배치", "batch of 100"))):  # fmt: skip
        ax.text(-0.25, y0, title, ha="right", va="center", fontsize=11)
        _draw_shapes(ax, _forward_shapes(batch), y0)
    ax.set_xlim(-2.3, 12.7)
    ax.set_ylim(-1.2, 2.3)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(text(lang, "앞 배열의 마지막 차원 = 다음 가중치의 첫 차원",
                      "last dimension of one = first dimension of the next weight"),
                 fontsize=11)  # fmt: skip
    fig.tight_layout()
    return fig
