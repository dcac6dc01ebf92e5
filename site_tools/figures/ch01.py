"""Chapter 1 figures: a first plot, broadcasting drawn as grids, and an MNIST digit."""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle

from site_tools.figures import figure, new_figure, text


@figure("ch01/sin-cos")
def sin_cos(lang: str):
    """The page's first plot: the same data and styles as the code on the page."""
    x = np.arange(0, 6, 0.1)
    fig, ax = new_figure(lang, figsize=(6, 3.6))
    ax.plot(x, np.sin(x), label="sin")
    ax.plot(x, np.cos(x), linestyle="--", label="cos")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(text(lang, "sin과 cos", "sin & cos"))
    ax.legend()
    return fig


def _grid(ax, values: np.ndarray, x0: float, y0: float, ghost_from: tuple[int, int] | None):
    """Draw a 2-D array as labelled cells; cells outside ``ghost_from`` are stretched copies."""
    rows, cols = values.shape
    for i in range(rows):
        for j in range(cols):
            ghost = ghost_from is not None and (i >= ghost_from[0] or j >= ghost_from[1])
            ax.add_patch(
                Rectangle(
                    (x0 + j, y0 - i - 1),
                    1,
                    1,
                    facecolor="#e8e8e8" if ghost else "#cfe0f5",
                    edgecolor="#555555",
                    linestyle=":" if ghost else "-",
                )
            )
            ax.text(
                x0 + j + 0.5,
                y0 - i - 0.5,
                f"{values[i, j]:g}",
                ha="center",
                va="center",
                color="#888888" if ghost else "black",
                fontsize=11,
            )


@figure("ch01/broadcast")
def broadcast(lang: str):
    """(3, 1) + (1, 4) -> (3, 4): each operand is stretched along its length-1 axis."""
    a = np.array([[0], [10], [20]])
    b = np.array([[1, 2, 3, 4]])
    total = a + b  # computed, not typed: the right-hand grid is numpy's answer
    fig, ax = new_figure(lang, figsize=(9, 2.8))
    _grid(ax, np.broadcast_to(a, total.shape), 0, 0, ghost_from=(3, 1))
    _grid(ax, np.broadcast_to(b, total.shape), 6, 0, ghost_from=(1, 4))
    _grid(ax, total, 12, 0, ghost_from=None)
    for x, sign in ((5, "+"), (11, "=")):
        ax.text(x, -1.5, sign, ha="center", va="center", fontsize=18)
    shapes = (
        (2, f"a {a.shape}"),
        (8, f"b {b.shape}"),
        (14, f"a + b {total.shape}"),
    )
    for x, label in shapes:
        ax.text(x, 0.45, label, ha="center", va="bottom", fontsize=11, family="monospace")
    ax.text(
        8,
        -3.6,
        text(
            lang,
            "회색 칸: 길이 1인 축을 따라 늘려 본 값 (메모리에 실제로 복사되지는 않음)",
            "grey cells: values stretched along a length-1 axis (never copied in memory)",
        ),
        ha="center",
        va="top",
        fontsize=10,
        color="#555555",
    )
    ax.set_xlim(-0.5, 16.5)
    ax.set_ylim(-4.3, 1.2)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig


@figure("ch01/mnist-digit", needs=("mnist",))
def mnist_digit(lang: str):
    """The first image of the MNIST test set, drawn with imshow as the page does."""
    from scratch.datasets import mnist

    x, t = mnist("test", normalize=False, flatten=False)
    img = x[0, 0]
    fig, ax = new_figure(lang, figsize=(3.6, 3.6))
    ax.imshow(img, cmap="gray")
    ax.set_title(
        text(lang, f"MNIST 시험 데이터 0번: 정답 {t[0]}", f"MNIST test image 0: label {t[0]}")
    )
    return fig
