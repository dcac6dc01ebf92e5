"""Chapter 8 figures: DeepConvNet's layers and shapes, its mistakes, and augmented digits."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from matplotlib.patches import FancyBboxPatch

from site_tools.figures import figure, new_figure, text

# Mathtext symbols: the Hangul fonts draw these glyphs poorly or not at all.
ARROW = r"$\rightarrow$"
DEGREE = r"$^\circ$"

# Box colours by layer kind.
COLORS = {
    "Conv": "#cfe0f5",
    "Relu": "#fbe8b0",
    "Pool": "#cdeccd",
    "Affine": "#f8d2b8",
    "Dropout": "#e4e4e4",
    "Softmax": "#e8d5f2",
}


def layer_shapes(network, input_shape: tuple[int, ...] = (1, 1, 28, 28)) -> list[tuple[str, tuple]]:
    """(layer name, output shape) for one forward pass of a zero batch, in test mode."""
    x = np.zeros(input_shape, dtype=np.float64)
    shapes = []
    for name, layer in network.layers.items():
        x = layer.forward(x, train_flg=False)
        shapes.append((name, x.shape))
    return shapes


def _describe(name: str, layer, lang: str) -> str:
    if name.startswith("Conv"):
        fn, _, fh, fw = layer.W.shape
        return f"Conv {fh}×{fw}, {fn}" + (f", pad {layer.pad}" if layer.pad != 1 else "")
    if name.startswith("Pool"):
        return f"Pool {layer.pool_h}×{layer.pool_w}"
    if name.startswith("Affine"):
        return f"Affine {layer.W.shape[0]}" + ARROW + f"{layer.W.shape[1]}"
    if name.startswith("Dropout"):
        return f"Dropout {layer.dropout_ratio:g}"
    return "ReLU"


@figure("ch08/deep-convnet")
def deep_convnet(lang: str):
    """The book's DeepConvNet, one box per layer, with the output shape each one computes."""
    from scratch.networks import DeepConvNet

    network = DeepConvNet(rng=0)
    shapes = layer_shapes(network)
    rows = [(text(lang, "입력", "input"), "(1, 28, 28)", "#ffffff")]
    for name, shape in shapes:
        kind = next(k for k in COLORS if name.startswith(k))
        rows.append((_describe(name, network.layers[name], lang), str(shape[1:]), COLORS[kind]))
    rows.append(("Softmax", "(10,)", COLORS["Softmax"]))

    fig, ax = new_figure(lang, figsize=(8.6, 4.6))
    per_row = 11
    for i, (label, shape, color) in enumerate(rows):
        col, pos = divmod(i, per_row)
        x, y = col * 4.4, -pos * 0.8
        ax.add_patch(
            FancyBboxPatch(
                (x, y - 0.3), 2.3, 0.6, boxstyle="round,pad=0.02,rounding_size=0.1",
                facecolor=color, edgecolor="#555555",
            )
        )  # fmt: skip
        ax.text(x + 1.15, y, label, ha="center", va="center", fontsize=9)
        ax.text(x + 2.45, y, shape, ha="left", va="center", fontsize=8.5, family="monospace")
    ax.set_xlim(-0.2, 8.9)
    ax.set_ylim(-(per_row - 1) * 0.8 - 0.5, 0.9)
    ax.axis("off")
    ax.set_title(
        text(
            lang,
            "DeepConvNet: 계층마다 출력 형상 (배치 축 제외, 더미 배치의 순전파로 계산)",
            "DeepConvNet: output shape of each layer (batch axis left out; from a forward pass)",
        ),
        fontsize=11,
    )
    return fig


@lru_cache(maxsize=1)  # the ko and en figures share one evaluation
def book_network_predictions(batch_size: int = 100) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """MNIST test images, labels and DeepConvNet's predictions with the book's weights."""
    from scratch.datasets import mnist
    from scratch.networks import DeepConvNet
    from scratch.weights import load_book_params

    x, t = mnist("test", flatten=False)
    network = DeepConvNet(dtype=np.float32)
    network.load_params(load_book_params("deep_convnet"))
    pred = np.concatenate(
        [
            network.predict(x[i : i + batch_size]).argmax(axis=1)
            for i in range(0, len(x), batch_size)
        ]
    )
    return x, t, pred


@figure("ch08/misclassified", needs=("mnist",))
def misclassified(lang: str):
    """The first 24 test digits DeepConvNet gets wrong, with the label and the prediction."""
    x, t, pred = book_network_predictions()
    wrong = np.flatnonzero(pred != t)
    fig, axes = new_figure(lang, 3, 8, figsize=(10, 5.4))
    for ax, i in zip(axes.flat, wrong[:24], strict=False):
        ax.imshow(x[i, 0], cmap="gray_r")
        label = text(lang, f"정답 {t[i]}", f"true {t[i]}") + f" {ARROW} {pred[i]}"
        ax.set_title(f"#{i}\n{label}", fontsize=9, color="#b22222")
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle(
        text(
            lang,
            f"DeepConvNet이 틀린 시험 이미지 {len(wrong)}장 중 앞의 24장 (정답 " + ARROW + " 예측)",
            f"The first 24 of the {len(wrong)} test images DeepConvNet gets wrong "
            f"(true {ARROW} predicted)",
        ),
        fontsize=11,
    )
    fig.tight_layout()
    return fig


@figure("ch08/augmentation", needs=("mnist",))
def augmentation(lang: str):
    """Four test digits, each shifted, rotated, randomly cropped and randomly augmented."""
    from scratch.augment import random_augment, random_crop, rotate, shift
    from scratch.datasets import mnist

    x, _ = mnist("test", flatten=False)
    digits = x[:4, 0]
    columns = [
        (text(lang, "원본", "original"), digits),
        (text(lang, "아래 3, 왼쪽 3 이동", "3 down, 3 left"), shift(digits, 3, -3)),
        (text(lang, "회전 +20", "rotate +20") + DEGREE, rotate(digits, 20)),
        (text(lang, "회전 -20", "rotate -20") + DEGREE, rotate(digits, -20)),
        (text(lang, "무작위 자르기 (pad 4)", "random crop (pad 4)"), random_crop(digits, 4, rng=0)),
        (text(lang, "무작위 확장", "random augment"), random_augment(digits, rng=0)),
    ]
    fig, axes = new_figure(lang, len(digits), len(columns), figsize=(9.6, 6.6))
    for j, (title, images) in enumerate(columns):
        axes[0, j].set_title(title, fontsize=10)
        for i in range(len(digits)):
            axes[i, j].imshow(images[i], cmap="gray_r", vmin=0, vmax=1)
            axes[i, j].set_xticks([])
            axes[i, j].set_yticks([])
    fig.tight_layout()
    return fig
