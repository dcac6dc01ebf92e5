"""Chapter 6 figures. The experiments they show live in :mod:`scratch.experiments`; the
data-driven ones draw the results recorded in ``docs/ch06/results/`` (:mod:`site_tools.records`).
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.ticker import FuncFormatter, NullFormatter

from scratch.experiments import PATH_LRS, activations, f_toy, optimizer_path
from site_tools.figures import figure, new_figure, text
from site_tools.records import recorded


@figure("ch06/optimizer-paths")
def draw_optimizer_paths(lang: str):
    fig, axes = new_figure(lang, 2, 3, figsize=(9, 5.4), sharex=True, sharey=True)
    xs, ys = np.meshgrid(np.linspace(-10, 10, 200), np.linspace(-5, 5, 200))
    for ax, (name, lr) in zip(axes.flat, PATH_LRS.items(), strict=True):
        path = optimizer_path(name, lr)
        ax.contour(xs, ys, f_toy(xs, ys), levels=np.geomspace(0.05, 30, 12), colors="0.75")
        ax.plot(path[:, 0], path[:, 1], "o-", color="tab:red", ms=3, lw=1)
        ax.plot(0, 0, "+", color="k", ms=10)
        ax.set_title(f"{name} (lr={lr})")
        ax.set_xlim(-10, 10)
        ax.set_ylim(-5, 5)
    for ax in axes[-1]:
        ax.set_xlabel("x")
    for ax in axes[:, 0]:
        ax.set_ylabel("y")
    fig.suptitle(
        text(
            lang,
            "f(x, y) = x²/20 + y² 위에서 30번 갱신한 경로",
            "30 updates on f(x, y) = x²/20 + y²",
        )
    )
    fig.tight_layout()
    return fig


def _row_label(lang: str, act: str, std: float | str) -> str:
    """The activation and the initial weights of a row, in the figure's language."""
    name = {"sigmoid": text(lang, "시그모이드", "sigmoid"), "tanh": "tanh", "relu": "ReLU"}[act]
    if isinstance(std, str):
        init = {"xavier": "Xavier", "he": "He"}[std]
        return f"{name}\n{text(lang, f'{init} 초깃값', f'{init} init')}"
    return f"{name}\n{text(lang, f'표준편차 {std}', f'std {std}')}"


def _hist_grid(lang: str, rows: list[tuple[str, float | str]], title: tuple[str, str]):
    fig, axes = new_figure(lang, len(rows), 5, figsize=(9, 1.9 * len(rows)), sharey="row")
    for r, (act, std) in enumerate(rows):
        acts = activations(act, std)
        hi = 1.0 if act in ("sigmoid", "tanh") else max(float(a.max()) for a in acts)
        lo = -1.0 if act == "tanh" else 0.0
        for c, a in enumerate(acts):
            ax = axes[r, c]
            ax.hist(a.ravel(), bins=30, range=(lo, hi), color="tab:blue")
            ax.set_yticks([])
            if r == 0:
                ax.set_title(text(lang, f"{c + 1}층", f"layer {c + 1}"))
        axes[r, 0].set_ylabel(_row_label(lang, act, std))
    fig.suptitle(text(lang, *title))
    fig.tight_layout()
    return fig


@figure("ch06/activation-hist-sigmoid")
def draw_hist_sigmoid(lang: str):
    rows = [("sigmoid", 1.0), ("sigmoid", 0.01), ("sigmoid", "xavier"), ("tanh", "xavier")]
    return _hist_grid(
        lang,
        rows,
        ("시그모이드·tanh 층별 활성화값 분포", "Activations per layer, sigmoid and tanh"),
    )


@figure("ch06/activation-hist-relu")
def draw_hist_relu(lang: str):
    rows = [("relu", 0.01), ("relu", "xavier"), ("relu", "he")]
    return _hist_grid(lang, rows, ("ReLU 층별 활성화값 분포", "Activations per layer, ReLU"))


# -- figures from the recorded runs ------------------------------------------------------


def smooth(values: list[float], window: int = 20) -> np.ndarray:
    """A moving average, so that the noise of single mini-batches does not hide the trend."""
    v = np.asarray(values, dtype=float)
    kernel = np.ones(window) / window
    return np.convolve(v, kernel, mode="valid")


def _loss_curves(lang: str, curves: dict[str, list[float]], title: tuple[str, str]):
    fig, ax = new_figure(lang, figsize=(7, 4.2))
    for name, losses in curves.items():
        ax.plot(smooth(losses), label=name, lw=1.3)
    ax.set_xlabel(text(lang, "반복 횟수", "iteration"))
    ax.set_ylabel(text(lang, "손실 (이동 평균 20)", "loss (moving average of 20)"))
    ax.set_ylim(0, 2.5)
    ax.legend()
    ax.set_title(text(lang, *title))
    fig.tight_layout()
    return fig


@figure("ch06/optimizer-compare", needs=("fashion-mnist",))
def draw_optimizer_compare(lang: str):
    curves = recorded("optimizer-compare")["results"]
    return _loss_curves(
        lang, curves, ("Fashion-MNIST: 최적화 기법 비교", "Fashion-MNIST: optimizers compared")
    )


@figure("ch06/weight-init-compare", needs=("fashion-mnist",))
def draw_weight_init_compare(lang: str):
    curves = recorded("weight-init-compare")["results"]
    labels = {"0.01": "std=0.01", "xavier": "Xavier", "he": "He"}
    curves = {labels[k]: v for k, v in curves.items()}
    return _loss_curves(
        lang,
        curves,
        (
            "Fashion-MNIST: 가중치 초깃값 비교 (ReLU, SGD)",
            "Fashion-MNIST: initial weights (ReLU, SGD)",
        ),
    )


@figure("ch06/batchnorm-compare", needs=("fashion-mnist",))
def draw_batchnorm_compare(lang: str):
    res = recorded("batchnorm-compare")["results"]
    fig, axes = new_figure(lang, 2, 3, figsize=(9, 5.6), sharex=True, sharey=True)
    for ax, (std, runs) in zip(axes.flat, res.items(), strict=True):
        ax.plot(runs["batchnorm"], label=text(lang, "배치 정규화 사용", "with batch norm"))
        ax.plot(runs["plain"], "--", label=text(lang, "사용 안 함", "without"))
        if len(runs["plain"]) < len(runs["batchnorm"]):  # the loss became NaN: mark where
            n = len(runs["plain"])
            ax.plot(n, runs["plain"][-1], "x", color="tab:red", ms=10)
            ax.annotate(
                text(lang, f"{n}에폭에서 발산 (NaN)", f"diverged (NaN) in epoch {n}"),
                (n, runs["plain"][-1]),
                xytext=(4, 0.15),
                color="tab:red",
            )
        ax.set_title(f"W std = {std}")
        ax.set_ylim(0, 1)
    for ax in axes[-1]:
        ax.set_xlabel(text(lang, "에폭", "epoch"))
    for ax in axes[:, 0]:
        ax.set_ylabel(text(lang, "훈련 정확도", "training accuracy"))
    axes[1, 2].legend(loc="center right")
    fig.tight_layout()
    return fig


@figure("ch06/overfitting", needs=("fashion-mnist",))
def draw_overfitting(lang: str):
    res = recorded("overfitting")["results"]
    titles = {
        "plain": text(lang, "규제 없음", "no regularization"),
        "weight_decay": text(lang, "가중치 감소 λ=0.1", "weight decay λ=0.1"),
        "dropout": text(lang, "드롭아웃 0.15", "dropout 0.15"),
    }
    fig, axes = new_figure(lang, 1, 3, figsize=(9, 3.4), sharey=True)
    for ax, (name, run) in zip(axes, res.items(), strict=True):
        ax.plot(run["train_acc"], label=text(lang, "훈련", "train"))
        ax.plot(run["test_acc"], "--", label=text(lang, "시험", "test"))
        ax.set_title(titles[name])
        ax.set_xlabel(text(lang, "에폭", "epoch"))
        ax.set_ylim(0, 1.02)
    axes[0].set_ylabel(text(lang, "정확도", "accuracy"))
    axes[0].legend(loc="lower right")
    fig.tight_layout()
    return fig


@figure("ch06/hyperparam-search", needs=("fashion-mnist",))
def draw_hyperparam_search(lang: str):
    trials = recorded("hyperparam-search")["results"]
    lr = np.array([r["lr"] for r in trials])
    wd = np.array([r["weight_decay"] for r in trials])
    acc = np.array([r["val_acc"][-1] for r in trials])
    fig, (ax1, ax2) = new_figure(lang, 2, 1, figsize=(7.5, 8))
    sc = ax1.scatter(lr, wd, c=acc, cmap="viridis", vmin=0, vmax=max(acc.max(), 0.1))
    ax1.set_xscale("log")
    ax1.set_yscale("log")
    # Plain "1e-4" labels: the default mathtext 10^-4 needs a minus glyph Hangul fonts lack.
    for axis in (ax1.xaxis, ax1.yaxis):
        axis.set_major_formatter(FuncFormatter(lambda v, _: f"1e{round(math.log10(v))}"))
        axis.set_minor_formatter(NullFormatter())
    ax1.set_xlabel(text(lang, "학습률", "learning rate"))
    ax1.set_ylabel(text(lang, "가중치 감소 계수", "weight decay"))
    fig.colorbar(sc, ax=ax1, label=text(lang, "검증 정확도", "validation accuracy"))
    # The page's order: by final validation accuracy, ties in the order of the trials.
    for i in sorted(range(len(trials)), key=lambda i: -acc[i])[:5]:
        ax2.plot(trials[i]["val_acc"], label=f"lr={lr[i]:.1e}, λ={wd[i]:.1e}")
    ax2.set_xlabel(text(lang, "에폭", "epoch"))
    ax2.set_ylabel(text(lang, "검증 정확도", "validation accuracy"))
    ax2.set_title(text(lang, "상위 5개 조합", "best five trials"))
    ax2.legend(fontsize=10)
    fig.tight_layout()
    return fig
