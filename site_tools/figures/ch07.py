"""Chapter 7 figures: first-layer filters before and after training, and what they respond to."""

from __future__ import annotations

import numpy as np

from site_tools.figures import figure, new_figure, text, use_language


def filter_grid(axes, filters: np.ndarray) -> None:
    """One filter (1, FH, FW) per axis, each scaled to its own range: black low, white high."""
    for ax, f in zip(axes.ravel(), filters, strict=True):
        ax.imshow(f[0], cmap="gray", interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])


def ring_image(size: int = 28) -> np.ndarray:
    """A hand-made '0': a bright ring, so every edge orientation appears once."""
    y, x = np.mgrid[:size, :size] - (size - 1) / 2
    r = np.hypot(x / 0.75, y)
    return np.clip(1.5 - np.abs(r - 8.5) / 1.5, 0, 1)[None, None]


@figure("ch07/filters")
def filters(lang: str):
    """SimpleConvNet's 30 first-layer filters: random at initialisation, then the book's."""
    import matplotlib.pyplot as plt

    from scratch.networks import SimpleConvNet
    from scratch.weights import load_book_params

    before = SimpleConvNet(rng=0).params["W1"]
    after = load_book_params("simple_convnet")["W1"]
    use_language(lang)
    fig = plt.figure(figsize=(10, 4.6))
    subfigs = fig.subfigures(2, 1, hspace=0.08)
    titles = (
        text(lang, "학습 전: 무작위 초기화 (표준편차 0.01)", "Before training: random (std 0.01)"),
        text(lang, "학습 후: 책이 공개한 가중치", "After training: the book's weights"),
    )
    for sub, weights, title in zip(subfigs, (before, after), titles, strict=True):
        filter_grid(sub.subplots(3, 10), weights)
        sub.suptitle(title, fontsize=12)
    return fig


@figure("ch07/responses")
def responses(lang: str):
    """A ring image through the book's trained Conv1 + ReLU: each filter lights up one edge."""
    from scratch.layers import Convolution, Relu
    from scratch.weights import load_book_params

    params = load_book_params("simple_convnet")
    image = ring_image()
    maps = Relu().forward(Convolution(params["W1"], params["b1"]).forward(image))[0]
    picks = np.argsort(-maps.reshape(30, -1).max(axis=1))[:8]  # the eight strongest filters
    fig, axes = new_figure(lang, 2, 9, figsize=(8.2, 2.5))
    axes[0, 0].imshow(image[0, 0], cmap="gray")
    axes[0, 0].set_title(text(lang, "입력", "input"), fontsize=11)
    for col, k in enumerate(picks, 1):
        axes[0, col].imshow(params["W1"][k, 0], cmap="gray", interpolation="nearest")
        axes[0, col].set_title(text(lang, f"필터 {k}", f"filter {k}"), fontsize=10.5)
        axes[1, col].imshow(maps[k], cmap="magma")
    axes[1, 0].text(
        0.5,
        0.5,
        text(lang, "반응\n(ReLU 후)", "response\n(after ReLU)"),
        ha="center",
        va="center",
        fontsize=11,
    )
    for ax in axes.ravel():
        ax.set_xticks([])
        ax.set_yticks([])
    axes[1, 0].axis("off")
    fig.subplots_adjust(wspace=0.1, hspace=0.15)
    return fig
