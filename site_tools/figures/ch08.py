"""Chapter 8 figures: DeepConvNet's layers and shapes, its mistakes, and augmented digits."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from site_tools.figures import figure, new_figure, text

# Mathtext symbols: the Hangul fonts draw these glyphs poorly or not at all.
ARROW = r"$\rightarrow$"
DEGREE = r"$^\circ$"


def layer_shapes(network, input_shape: tuple[int, ...] = (1, 1, 28, 28)) -> list[tuple[str, tuple]]:
    """(layer name, output shape) for one forward pass of a zero batch, in test mode."""
    x = np.zeros(input_shape, dtype=np.float64)
    shapes = []
    for name, layer in network.layers.items():
        x = layer.forward(x, train_flg=False)
        shapes.append((name, x.shape))
    return shapes


def _row(name: str, layer, shape: tuple) -> tuple[str, str, tuple, int]:
    """(kind, description, output shape, parameter count) of a Conv, Pool or Affine layer."""
    params = sum(getattr(layer, key).size for key in layer.params)
    if name.startswith("Conv"):
        fn, _, fh, fw = layer.W.shape
        return (
            "Conv",
            f"Conv {fh}×{fw}, {fn}" + (f", p{layer.pad}" if layer.pad != 1 else ""),
            shape,
            params,
        )
    if name.startswith("Pool"):
        return "Pool", f"Pool {layer.pool_h}×{layer.pool_w}, s{layer.stride}", shape, params
    return "Affine", f"Affine {layer.W.shape[0]}{ARROW}{layer.W.shape[1]}", shape, params


@figure("ch08/deep-convnet")
def deep_convnet(lang: str):
    """The book's DeepConvNet, one box per layer, with the output shape one forward pass gives
    and the parameter count of every layer."""
    from scratch.networks import DeepConvNet
    from site_tools.figures.ch07_nets import draw_architecture

    network = DeepConvNet(rng=0)
    rows = [
        _row(name, network.layers[name], shape[1:])
        for name, shape in layer_shapes(network)
        if name.startswith(("Conv", "Pool", "Affine"))
    ]
    title = text(lang, "DeepConvNet: 층마다 출력 형상과 매개변수 수", "DeepConvNet, layer by layer")
    note = text(
        lang,
        "ReLU: 합성곱 계층과 Affine1 뒤, 드롭아웃 0.5: Affine 계층 뒤\n"
        "합성곱 계층의 패딩은 1 (p2는 2)",
        "ReLU after each Conv and Affine1, dropout 0.5 after each Affine\n"
        "Conv pads by 1 (p2: by 2)",
    )
    return draw_architecture(lang, title, (1, 28, 28), rows, note)


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
    fig, axes = new_figure(lang, 4, 6, figsize=(7.2, 7.4))
    for ax, i in zip(axes.flat, wrong[:24], strict=False):
        ax.imshow(x[i, 0], cmap="gray_r")
        label = text(lang, f"정답 {t[i]}", f"true {t[i]}") + f" {ARROW} {pred[i]}"
        ax.set_title(f"#{i}\n{label}", fontsize=10.5, color="#b22222")
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
    fig, axes = new_figure(lang, len(digits), len(columns), figsize=(8.2, 6.2))
    for j, (title, images) in enumerate(columns):
        axes[0, j].set_title(title, fontsize=10)
        for i in range(len(digits)):
            axes[i, j].imshow(images[i], cmap="gray_r", vmin=0, vmax=1)
            axes[i, j].set_xticks([])
            axes[i, j].set_yticks([])
    fig.tight_layout()
    return fig
