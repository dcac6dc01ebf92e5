"""Figures of chapter 3: activation functions and real MNIST test digits."""

from __future__ import annotations

import numpy as np

from scratch.functions import relu, sigmoid, step_function
from site_tools.figures import figure, new_figure, text


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
