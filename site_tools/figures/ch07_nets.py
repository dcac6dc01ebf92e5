"""Chapter 7's network diagrams: a fully connected network beside a CNN, and LeNet and AlexNet
with the output shape and the parameter count of every layer, computed from their layers'
settings with the library's conv_output_size."""

from __future__ import annotations

from matplotlib.patches import FancyBboxPatch

from scratch.im2col import conv_output_size
from site_tools.figures import figure, new_figure, text

# Box colours by layer kind (chapter 8's DeepConvNet figure uses the same).
KIND_COLORS = {
    "input": "#ffffff",
    "Conv": "#cfe0f5",
    "ReLU": "#fbe8b0",
    "Sigmoid": "#fbe8b0",
    "Pool": "#cdeccd",
    "Affine": "#f8d2b8",
    "Softmax": "#e8d5f2",
}
ARROW = r"$\rightarrow$"

# ("conv", filters, size, stride, pad) | ("pool", size, stride) | ("affine", outputs)
LENET = (
    ("conv", 6, 5, 1, 0),
    ("pool", 2, 2),
    ("conv", 16, 5, 1, 0),
    ("pool", 2, 2),
    ("affine", 120),
    ("affine", 84),
    ("affine", 10),
)
LENET_INPUT = (1, 32, 32)
ALEXNET = (
    ("conv", 96, 11, 4, 0),
    ("pool", 3, 2),
    ("conv", 256, 5, 1, 2),
    ("pool", 3, 2),
    ("conv", 384, 3, 1, 1),
    ("conv", 384, 3, 1, 1),
    ("conv", 256, 3, 1, 1),
    ("pool", 3, 2),
    ("affine", 4096),
    ("affine", 4096),
    ("affine", 1000),
)
ALEXNET_INPUT = (3, 227, 227)


def walk(layers, input_shape: tuple[int, ...]) -> list[tuple[str, str, tuple[int, ...], int]]:
    """(kind, description, output shape, parameter count) of each layer, in order."""
    shape, rows = tuple(input_shape), []
    for layer in layers:
        kind = layer[0]
        if kind == "conv":
            _, filters, size, stride, pad = layer
            c, h, w = shape
            shape = (filters, conv_output_size(h, size, stride, pad),
                     conv_output_size(w, size, stride, pad))  # fmt: skip
            params = filters * (c * size * size + 1)
            extra = (f", s{stride}" if stride != 1 else "") + (f", p{pad}" if pad else "")
            rows.append(("Conv", f"Conv {size}×{size}, {filters}{extra}", shape, params))
        elif kind == "pool":
            _, size, stride = layer
            c, h, w = shape
            shape = (c, conv_output_size(h, size, stride), conv_output_size(w, size, stride))
            rows.append(("Pool", f"Pool {size}×{size}, s{stride}", shape, 0))
        else:
            inputs = 1
            for n in shape:
                inputs *= n
            shape = (layer[1],)
            params = inputs * layer[1] + layer[1]
            rows.append(("Affine", f"Affine {inputs}{ARROW}{layer[1]}", shape, params))
    return rows


def _box(ax, x: float, y: float, width: float, label: str, kind: str, fontsize: float) -> None:
    ax.add_patch(
        FancyBboxPatch((x, y - 0.32), width, 0.64, boxstyle="round,pad=0.02,rounding_size=0.12",
                       fc=KIND_COLORS[kind], ec="#555555")
    )  # fmt: skip
    ax.text(x + width / 2, y, label, ha="center", va="center", fontsize=fontsize)


def draw_architecture(lang: str, title: str, input_shape, rows, note: str):
    """One box per layer with its output shape, and a bar for its parameter count; ``rows`` as
    :func:`walk` gives them (chapter 8 draws DeepConvNet with it too)."""
    total = sum(params for *_, params in rows)
    largest = max(params for *_, params in rows)
    height = len(rows) + 3
    fig, ax = new_figure(lang, figsize=(7.0, 0.36 * height + 0.5))
    bar_x, bar_w = 6.6, 3.4  # where the parameter bars start, and the longest bar
    y = 0.0
    _box(ax, 0, y, 3.1, text(lang, "입력", "input"), "input", 10)
    ax.text(3.3, y, str(tuple(input_shape)), va="center", fontsize=10, family="monospace")
    for kind, description, shape, params in rows:
        y -= 1
        _box(ax, 0, y, 3.1, description, kind, 10)
        ax.text(3.3, y, str(shape), va="center", fontsize=10, family="monospace")
        if params:
            ax.barh(y, bar_w * params / largest, left=bar_x, height=0.5, color="#9db7d5")
            ax.text(bar_x + bar_w * params / largest + 0.1, y, f"{params:,}", va="center",
                    fontsize=10)  # fmt: skip
    y -= 1
    _box(ax, 0, y, 3.1, "Softmax", "Softmax", 10)
    ax.text(bar_x, 1.0, text(lang, "매개변수 수", "parameters"), fontsize=10, va="center")
    ax.text(3.3, 1.0, text(lang, "출력 형상", "output shape"), fontsize=10, va="center")
    ax.text(bar_x, y, text(lang, f"합계 {total:,}", f"total {total:,}"), va="center",
            fontsize=10, fontweight="bold")  # fmt: skip
    ax.text(0, y - 0.7, note, fontsize=10, color="#555555", va="top", linespacing=1.5)
    ax.set_xlim(-0.1, bar_x + bar_w + 1.4)
    ax.set_ylim(y - 0.9 - 0.75 * (note.count("\n") + 1), 1.5)
    ax.axis("off")
    ax.set_title(title, fontsize=12)
    return fig


def _architecture(lang: str, name: str, layers, input_shape, activation: str):
    note = text(
        lang,
        f"합성곱 계층과 은닉층의 Affine 계층 뒤에 {activation}",
        f"{activation} after every Conv and hidden Affine layer",
    )
    return draw_architecture(lang, name, input_shape, walk(layers, input_shape), note)


@figure("ch07/lenet")
def lenet(lang: str):
    """LeNet (1998) as a modern reading of it: 5x5 convolutions, 2x2 pooling, three Affine."""
    return _architecture(lang, "LeNet", LENET, LENET_INPUT, text(lang, "시그모이드", "sigmoid"))


@figure("ch07/alexnet")
def alexnet(lang: str):
    """AlexNet (2012) on one device: five convolutions, three max poolings, three Affine."""
    return _architecture(lang, "AlexNet", ALEXNET, ALEXNET_INPUT, "ReLU")


PIPELINES = {
    "affine": ("input", "Affine", "ReLU", "Affine", "ReLU", "Affine", "Softmax"),
    "cnn": ("input", *("Conv", "ReLU", "Pool") * 2, "Affine", "ReLU", "Affine", "Softmax"),
}


@figure("ch07/cnn-pipeline")
def cnn_pipeline(lang: str):
    """A network of Affine layers beside a CNN: Conv-ReLU-Pool replaces Affine-ReLU near the
    input; near the output the CNN keeps Affine-ReLU and Affine-Softmax."""
    fig, ax = new_figure(lang, figsize=(7.6, 2.2))
    widths = {"input": 0.86, "Conv": 0.72, "ReLU": 0.72, "Pool": 0.72, "Affine": 0.86,
              "Softmax": 1.0}  # fmt: skip
    titles = (text(lang, "Affine 계층만으로 된 신경망", "A network of Affine layers"),
              text(lang, "합성곱 신경망(CNN)", "A convolutional neural network (CNN)"))  # fmt: skip
    for row, (key, title) in enumerate(zip(PIPELINES, titles, strict=True)):
        y, x = -row * 1.55, 0.0
        ax.text(0, y + 0.55, title, fontsize=10, va="center")
        for i, kind in enumerate(PIPELINES[key]):
            words = text(lang, "입력", "input") if kind == "input" else kind
            _box(ax, x, y, widths[kind], words, kind, 9.5)
            x += widths[kind]
            if i < len(PIPELINES[key]) - 1:
                ax.annotate("", xy=(x + 0.2, y), xytext=(x + 0.02, y),
                            arrowprops={"arrowstyle": "-|>", "color": "#555555"})  # fmt: skip
                x += 0.22
    ax.set_xlim(-0.05, 10.9)
    ax.set_ylim(-2.0, 0.9)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig
