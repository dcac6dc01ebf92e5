"""Figures of chapter 4: loss vs accuracy, numerical-derivative error, gradients, training."""

from __future__ import annotations

from functools import cache

import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from scratch.functions import cross_entropy_error, softmax
from scratch.gradient import gradient_descent, numerical_diff, numerical_gradient
from site_tools.figures import figure, new_figure, text


def _toy_problem() -> tuple[np.ndarray, np.ndarray]:
    """The page's one-parameter classifier data (same seed, same construction)."""
    rng = np.random.default_rng(0)
    x = rng.uniform(-2, 2, size=20)
    t = (x + 0.5 * rng.standard_normal(20) > 0).astype(int)
    return x, t


@figure("ch04/accuracy-vs-loss")
def accuracy_vs_loss(lang: str):
    x, t = _toy_problem()
    bs = np.linspace(-2.5, 2.5, 2001)
    scores = [np.stack([np.zeros_like(x), 3 * (x - b)], axis=1) for b in bs]
    acc = [np.mean(s.argmax(axis=1) == t) for s in scores]
    loss = [cross_entropy_error(softmax(s), t) for s in scores]
    fig, (ax1, ax2) = new_figure(lang, 1, 2, figsize=(9, 3.4))
    ax1.plot(bs, acc, color="C0", lw=1.5)
    ax1.set_title(text(lang, "정확도: 계단 모양", "Accuracy: a staircase"))
    ax2.plot(bs, loss, color="C3", lw=1.5)
    ax2.set_title(text(lang, "교차 엔트로피 오차: 매끄러움", "Cross-entropy: smooth"))
    for ax in (ax1, ax2):
        ax.set_xlabel(text(lang, "경계값 b", "threshold b"))
        ax.plot(x, np.full_like(x, ax.get_ylim()[0]), "|", color="0.4", ms=10)
    fig.tight_layout()
    return fig


@figure("ch04/diff-error")
def diff_error(lang: str):
    """|error| of forward and central differences of sin at 1, against h (log-log)."""
    hs = np.logspace(-16, -1, 151)
    exact = np.cos(1.0)
    fwd = np.abs((np.sin(1.0 + hs) - np.sin(1.0)) / hs - exact)
    ctr = np.abs((np.sin(1.0 + hs) - np.sin(1.0 - hs)) / (2 * hs) - exact)
    tiny = 1e-17  # an exact zero error cannot be drawn on a log axis
    fig, ax = new_figure(lang, figsize=(6.4, 4.2))
    ax.loglog(hs, np.maximum(fwd, tiny), label=text(lang, "전방 차분", "forward difference"))
    ax.loglog(hs, np.maximum(ctr, tiny), label=text(lang, "중심 차분", "central difference"))
    ax.axvline(1e-4, color="0.5", ls=":", lw=1)
    ax.text(1.3e-4, 1e-15, "h = 1e-4", color="0.3")
    ax.set_ylim(1e-16, 1)
    # Plain "1e-8" tick labels: the Hangul font has no mathtext minus sign (U+2212).
    decade = FuncFormatter(lambda v, _: f"1e{round(np.log10(v))}")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(LogLocator(base=10, numticks=20))
        axis.set_major_formatter(decade)
        axis.set_minor_formatter(NullFormatter())
    ax.set_xticks(ax.get_xticks()[::3])
    ax.set_yticks(ax.get_yticks()[::2])
    ax.set_xlabel("h")
    ax.set_ylabel(text(lang, "오차 |근사 - cos 1|", "error |approx - cos 1|"))
    ax.set_title(text(lang, "x = 1에서 sin x를 수치 미분한 오차", "Error of d/dx sin x at x = 1"))
    ax.legend(loc="lower left")
    fig.tight_layout()
    return fig


def _function_1(x):
    return 0.01 * x**2 + 0.1 * x


@figure("ch04/tangent")
def tangent(lang: str):
    """4.3.2: function_1 with its tangents at x = 5 and x = 10, slopes by numerical_diff."""
    x = np.arange(0.0, 20.0, 0.1)
    fig, ax = new_figure(lang, figsize=(6.4, 4.0))
    ax.plot(x, _function_1(x), color="C0", lw=2, label=r"$f(x) = 0.01x^2 + 0.1x$")
    for at, color in ((5.0, "C3"), (10.0, "C2")):
        slope = numerical_diff(_function_1, at)
        line = _function_1(at) + slope * (x - at)
        ax.plot(x, line, color=color, ls="--", lw=1.5,
                label=text(lang, f"x = {at:g}에서의 접선, 기울기 {slope:.3f}",
                           f"tangent at x = {at:g}, slope {slope:.3f}"))  # fmt: skip
        ax.plot(at, _function_1(at), "o", color=color)
    ax.set_xlim(0, 20)
    ax.set_ylim(-0.5, 6.5)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.legend(loc="upper left", fontsize=10)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def _function_2(x: np.ndarray) -> float:
    return float(np.sum(x**2))


@figure("ch04/function-2")
def function_2_surface(lang: str):
    """4.3.3: the surface f(x0, x1) = x0² + x1², a bowl with its lowest point at the origin."""
    g0, g1 = np.meshgrid(np.linspace(-3, 3, 61), np.linspace(-3, 3, 61))
    points = np.stack([g0.ravel(), g1.ravel()], axis=1)
    f = np.array([_function_2(p) for p in points]).reshape(g0.shape)
    fig = new_figure(lang, figsize=(6.0, 4.6), subplot_kw={"projection": "3d"})[0]
    ax = fig.axes[0]
    ax.plot_surface(g0, g1, f, cmap="viridis", edgecolor="0.3", linewidth=0.15, alpha=0.95)
    ax.set_xlabel("$x_0$", fontsize=12)
    ax.set_ylabel("$x_1$", fontsize=12)
    ax.set_zlabel("$f(x_0, x_1)$", fontsize=12)
    ax.view_init(elev=28, azim=-60)
    formula = "$f(x_0, x_1) = x_0^2 + x_1^2$"
    ax.set_title(text(lang, f"{formula}의 그래프", f"The graph of {formula}"), fontsize=12)
    fig.tight_layout()
    return fig


@figure("ch04/gradient-field")
def gradient_field(lang: str):
    """Arrows of -grad f for f = x0^2 + x1^2, computed by numerical_gradient."""
    g0, g1 = np.meshgrid(np.arange(-2, 2.5, 0.25), np.arange(-2, 2.5, 0.25))
    points = np.stack([g0.ravel(), g1.ravel()], axis=1)
    grads = np.array([numerical_gradient(_function_2, p.copy()) for p in points])
    fig, ax = new_figure(lang, figsize=(5.2, 5.2))
    ax.quiver(points[:, 0], points[:, 1], -grads[:, 0], -grads[:, 1], angles="xy", color="C0")
    ax.plot(0, 0, "o", color="C3")
    ax.set_xlim(-2.3, 2.3)
    ax.set_ylim(-2.3, 2.3)
    ax.set_aspect("equal")
    ax.set_xlabel("x0")
    ax.set_ylabel("x1")
    ax.set_title(text(lang, "음의 기울기 -∇f", "The negative gradient -∇f"))
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


@figure("ch04/descent-path")
def descent_path(lang: str):
    """Twenty steps of gradient descent from (-3, 4), one panel per learning rate."""
    g0, g1 = np.meshgrid(np.linspace(-5, 5, 201), np.linspace(-5, 5, 201))
    fig, axes = new_figure(lang, 2, 2, figsize=(7.2, 7.4), sharex=True, sharey=True)
    start = np.array([-3.0, 4.0])
    for ax, lr in zip(axes.flat, (0.01, 0.1, 0.9, 1.05), strict=True):
        ax.contour(g0, g1, g0**2 + g1**2, levels=[1, 4, 9, 16, 25], colors="0.8", linewidths=0.8)
        _, path = gradient_descent(_function_2, start, lr=lr, step_num=20, return_history=True)
        ax.plot(path[:, 0], path[:, 1], "o-", ms=3, lw=1, color="C0")
        ax.plot(*start, "s", color="C1", ms=6)
        ax.plot(0, 0, "+", color="k", ms=10)
        ax.set_aspect("equal")
        ax.set_xlim(-5, 5)
        ax.set_ylim(-5, 5)
        ax.set_title(f"lr = {lr}")
    for ax in axes[1]:
        ax.set_xlabel("x0")
    for ax in axes[:, 0]:
        ax.set_ylabel("x1")
    fig.suptitle(
        text(
            lang,
            "경사 하강법으로 20번 갱신 (네모: 출발점)",
            "Twenty updates of gradient descent (square: start)",
        )
    )
    fig.tight_layout()
    return fig


@cache  # drawn once for both languages
def _train_history(epochs: int = 17, batch_size: int = 100, lr: float = 0.1) -> dict[str, list]:
    """The chapter-4 network trained on all of Fashion-MNIST as the book trains on MNIST:
    sigmoid hidden layer of 50, weights N(0, 0.01^2), SGD with learning rate 0.1, batches of
    100, 17 epochs = 10,200 steps (the book: 10,000). MultiLayerNet with a sigmoid computes
    what the page's TwoLayerNet computes, from the same seed the same initial weights."""
    from scratch.datasets import fashion_mnist
    from scratch.networks import MultiLayerNet
    from scratch.trainer import Trainer

    x_train, t_train = fashion_mnist("train")
    x_test, t_test = fashion_mnist("test")
    network = MultiLayerNet(784, [50], 10, activation="sigmoid", weight_init_std=0.01, rng=0)
    trainer = Trainer(network, x_train, t_train, x_test, t_test, epochs=epochs,
                      mini_batch_size=batch_size, optimizer_param={"lr": lr}, verbose=False,
                      rng=0)  # fmt: skip
    history = trainer.train()
    return {
        "loss": history.train_loss_list,
        "train_acc": history.train_acc_list,  # [0]: before the first step
        "test_acc": history.test_acc_list,
    }


@figure("ch04/training-curves", needs=("fashion-mnist",))
def training_curves(lang: str):
    history = _train_history()
    loss = np.array(history["loss"])
    epochs = np.arange(len(history["train_acc"]))  # 0: before training
    per_epoch = len(loss) // (len(epochs) - 1)
    fig, (ax1, ax2) = new_figure(lang, 1, 2, figsize=(8.6, 3.8))
    ax1.plot(np.arange(1, len(loss) + 1), loss, lw=0.4, color="C0", alpha=0.6)
    smooth = np.convolve(loss, np.ones(100) / 100, mode="valid")
    ax1.plot(
        np.arange(100, len(loss) + 1),
        smooth,
        color="C3",
        label=text(lang, "100번 반복의 이동 평균", "moving average (100 iterations)"),
    )
    ax1.set_xlabel(text(lang, "반복 (미니배치)", "iteration (mini-batch)"))
    ax1.set_ylabel(text(lang, "손실", "loss"))
    ax1.set_title(
        text(
            lang,
            f"미니배치 손실 (1에폭 = {per_epoch}번 반복)",
            f"Mini-batch loss (one epoch = {per_epoch} iterations)",
        )
    )
    ax1.legend()
    ax2.plot(epochs, history["train_acc"], "o-", label=text(lang, "훈련 데이터", "training data"))
    ax2.plot(epochs, history["test_acc"], "s--", label=text(lang, "시험 데이터", "test data"))
    ax2.set_xlabel(text(lang, "에폭", "epoch"))
    ax2.set_ylabel(text(lang, "정확도", "accuracy"))
    ax2.set_title(text(lang, "에폭마다의 정확도", "Accuracy per epoch"))
    ax2.set_xticks(epochs[::2])
    ax2.set_ylim(0, 1)
    for series, offset in ((history["train_acc"], 0.06), (history["test_acc"], -0.09)):
        ax2.annotate(f"{series[-1]:.3f}", (epochs[-1], series[-1]), xytext=(-18, offset * 200),
                     textcoords="offset points", ha="center", fontsize=10)  # fmt: skip
    ax2.grid(alpha=0.3)
    ax2.legend(loc="lower right")
    fig.suptitle(
        text(
            lang,
            "Fashion-MNIST, 4장의 2층 신경망(784-50-10, 시그모이드), 학습률 0.1, 배치 100",
            "Fashion-MNIST, chapter 4's two-layer net (784-50-10, sigmoid), lr 0.1, batch 100",
        ),
        fontsize=11,
    )
    fig.tight_layout()
    return fig
