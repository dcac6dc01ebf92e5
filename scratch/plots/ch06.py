"""Chapter 6 figures, and the experiments behind them.

The experiment functions take their sizes as arguments: the page and the tests run them
small (seconds), ``python -m scratch.plots.ch06`` runs them full size and records the
results as JSON in ``docs/ch06/results/`` (with the seed and settings); the data-driven
figures draw those recorded results.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.ticker import FuncFormatter, NullFormatter

from scratch.networks import MultiLayerNet
from scratch.optimizers import get_optimizer
from scratch.plots import figure, new_figure, text
from scratch.trainer import Trainer, TrainingDiverged

RESULTS = Path(__file__).resolve().parents[2] / "docs" / "ch06" / "results"
SEED = 0

# -- the toy surface f(x, y) = x^2 / 20 + y^2 ------------------------------------------

#: Learning rates for the trajectories, chosen so that each method shows its character.
PATH_LRS = {
    "SGD": 0.95,
    "Momentum": 0.1,
    "Nesterov": 0.1,
    "AdaGrad": 1.5,
    "RMSprop": 0.15,
    "Adam": 0.3,
}


def f_toy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return x**2 / 20.0 + y**2


def grad_toy(x: float, y: float) -> tuple[float, float]:
    return x / 10.0, 2.0 * y


def optimizer_path(name: str, lr: float, steps: int = 30, start=(-7.0, 2.0)) -> np.ndarray:
    """The points an optimizer visits on f from ``start``: shape (steps + 1, 2)."""
    params = {"x": np.array([start[0]]), "y": np.array([start[1]])}
    opt = get_optimizer(name, lr=lr)
    path = [start]
    for _ in range(steps):
        dx, dy = grad_toy(params["x"][0], params["y"][0])
        opt.update(params, {"x": np.array([dx]), "y": np.array([dy])})
        path.append((params["x"][0], params["y"][0]))
    return np.array(path)


@figure("ch06/optimizer-paths")
def draw_optimizer_paths(lang: str):
    fig, axes = new_figure(lang, 2, 3, figsize=(11, 6), sharex=True, sharey=True)
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


# -- activations under different initial weights ---------------------------------------


ACTS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sigmoid": lambda x: 1.0 / (1.0 + np.exp(-x)),
    "tanh": np.tanh,
    "relu": lambda x: np.maximum(0.0, x),
}


def activations(
    activation: str,
    std: float | str,
    layers: int = 5,
    nodes: int = 100,
    samples: int = 1000,
    rng: int | np.random.Generator = SEED,
) -> list[np.ndarray]:
    """Forward 1000 random inputs through ``layers`` layers of ``nodes`` units (no bias)
    and return every layer's activations. ``std`` may be 'xavier' or 'he'."""
    rng = np.random.default_rng(rng)
    scale = {"xavier": math.sqrt(1.0 / nodes), "he": math.sqrt(2.0 / nodes)}.get(std, std)
    x = rng.standard_normal((samples, nodes))
    out = []
    for _ in range(layers):
        x = ACTS[activation](x @ (scale * rng.standard_normal((nodes, nodes))))
        out.append(x)
    return out


def _hist_grid(lang: str, rows: list[tuple[str, float | str]], title: tuple[str, str]):
    fig, axes = new_figure(lang, len(rows), 5, figsize=(11, 2.0 * len(rows)), sharey="row")
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
        label = std if isinstance(std, str) else f"std={std}"
        axes[r, 0].set_ylabel(f"{act}\n{label}")
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


# -- training experiments ----------------------------------------------------------------


def _mini_batches(n: int, batch_size: int, iters: int, rng: np.random.Generator):
    """Indices of ``iters`` mini-batches: whole shuffled epochs, as in Trainer."""
    per_epoch = n // batch_size
    for i in range(iters):
        if i % per_epoch == 0:
            order = rng.permutation(n)
        j = i % per_epoch
        yield order[j * batch_size : (j + 1) * batch_size]


def train_losses(
    net: MultiLayerNet,
    x: np.ndarray,
    t: np.ndarray,
    optimizer: Any,
    iters: int,
    batch_size: int,
    rng: int,
) -> list[float]:
    """Train for ``iters`` steps and return the loss of every step."""
    rng = np.random.default_rng(rng)
    losses = []
    for idx in _mini_batches(len(x), batch_size, iters, rng):
        grads = net.gradient(x[idx], t[idx])
        losses.append(float(net.last_layer.loss + net.regularization()))
        optimizer.update(net.params, grads)
    return losses


def compare_optimizers(
    x,
    t,
    iters=2000,
    batch_size=128,
    hidden=(100, 100, 100, 100),
    names=("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"),
    seed=SEED,
) -> dict[str, list[float]]:
    """Loss per step for each optimizer (book defaults), same initial weights and batches."""
    out = {}
    for name in names:
        net = MultiLayerNet(x.shape[1], list(hidden), 10, rng=seed, dtype=x.dtype)
        out[name] = train_losses(net, x, t, get_optimizer(name), iters, batch_size, seed)
    return out


def compare_weight_init(
    x,
    t,
    iters=2000,
    batch_size=128,
    hidden=(100, 100, 100, 100),
    inits=(0.01, "xavier", "he"),
    seed=SEED,
) -> dict[str, list[float]]:
    """Loss per step of a ReLU network trained by SGD(lr=0.01) from each initialisation."""
    out = {}
    for init in inits:
        net = MultiLayerNet(
            x.shape[1], list(hidden), 10, weight_init_std=init, rng=seed, dtype=x.dtype
        )
        out[str(init)] = train_losses(net, x, t, get_optimizer("SGD"), iters, batch_size, seed)
    return out


def batchnorm_accuracy(
    x,
    t,
    weight_init_std: float,
    use_batchnorm: bool,
    epochs=20,
    batch_size=100,
    hidden=(100,) * 5,
    lr=0.01,
    seed=SEED,
) -> list[float]:
    """Training accuracy per epoch (epoch 0 first) with or without batch norm.

    A run whose loss turns NaN stops early and returns the accuracies up to then.
    """
    net = MultiLayerNet(
        x.shape[1],
        list(hidden),
        10,
        weight_init_std=weight_init_std,
        use_batchnorm=use_batchnorm,
        rng=seed,
        dtype=x.dtype,
    )
    trainer = Trainer(
        net,
        x,
        t,
        x,
        t,
        epochs=epochs,
        mini_batch_size=batch_size,
        optimizer="SGD",
        optimizer_param={"lr": lr},
        verbose=False,
        rng=seed,
    )
    try:
        with np.errstate(over="ignore", invalid="ignore"):  # overflow is what we record
            trainer.train()
    except TrainingDiverged:
        pass  # a short list shows where it stopped: the figure marks it
    return trainer.history.train_acc_list


def overfit_run(
    x,
    t,
    x_test,
    t_test,
    epochs=200,
    weight_decay_lambda=0.0,
    use_dropout=False,
    dropout_ratio=0.15,
    hidden=(100,) * 6,
    lr=0.01,
    seed=SEED,
) -> dict[str, list]:
    """Train/test accuracy per epoch of a deep network on a small training set."""
    net = MultiLayerNet(
        x.shape[1],
        list(hidden),
        10,
        weight_decay_lambda=weight_decay_lambda,
        use_dropout=use_dropout,
        dropout_ration=dropout_ratio,
        rng=seed,
        dtype=x.dtype,
    )
    trainer = Trainer(
        net,
        x,
        t,
        x_test,
        t_test,
        epochs=epochs,
        mini_batch_size=100,
        optimizer="SGD",
        optimizer_param={"lr": lr},
        verbose=False,
        rng=seed,
    )
    h = trainer.train()
    return {"train_acc": h.train_acc_list, "test_acc": h.test_acc_list}


def split_validation(x, t, ratio=0.2, rng=SEED):
    """Shuffle, then hold out the last ``ratio`` of the samples for validation."""
    order = np.random.default_rng(rng).permutation(len(x))
    n_val = int(len(x) * ratio)
    train, val = order[n_val:], order[:n_val]
    return (x[train], t[train]), (x[val], t[val])


def random_search(
    x, t, trials=100, epochs=50, hidden=(100,) * 5, lr_range=(-6, -2), wd_range=(-8, -4), seed=SEED
) -> list[dict[str, Any]]:
    """Log-uniform random search over lr and weight decay, scored on a validation split."""
    (x_tr, t_tr), (x_val, t_val) = split_validation(x, t, rng=seed)
    rng = np.random.default_rng(seed)
    out = []
    for trial in range(trials):
        lr = 10 ** rng.uniform(*lr_range)
        wd = 10 ** rng.uniform(*wd_range)
        net = MultiLayerNet(
            x.shape[1], list(hidden), 10, weight_decay_lambda=wd, rng=seed + trial, dtype=x.dtype
        )
        trainer = Trainer(
            net,
            x_tr,
            t_tr,
            x_val,
            t_val,
            epochs=epochs,
            mini_batch_size=100,
            optimizer="SGD",
            optimizer_param={"lr": lr},
            verbose=False,
            rng=seed + trial,
        )
        h = trainer.train()
        out.append(
            {
                "lr": lr,
                "weight_decay": wd,
                "val_acc": h.test_acc_list,
                "train_acc": h.train_acc_list,
            }
        )
    return out


# -- full-size runs, recorded ------------------------------------------------------------


def fashion(train_size: int | None = None, test_size: int | None = None):
    """Fashion-MNIST as float32, optionally the first ``train_size``/``test_size`` samples."""
    from scratch.datasets import load_fashion_mnist

    (x, t), (xt, tt) = load_fashion_mnist()
    return (x[:train_size], t[:train_size]), (xt[:test_size], tt[:test_size])


BATCHNORM_STDS = (1.0, 0.3, 0.1, 0.03, 0.01, 0.003)
OVERFIT_CASES = {
    "plain": {},
    "weight_decay": {"weight_decay_lambda": 0.1},
    "dropout": {"use_dropout": True, "dropout_ratio": 0.15},
}


def _full_optimizers():
    (x, t), _ = fashion()
    return {"iters": 2000, "batch_size": 128}, compare_optimizers(x, t, 2000, 128)


def _full_weight_init():
    (x, t), _ = fashion()
    return {"iters": 2000, "batch_size": 128}, compare_weight_init(x, t, 2000, 128)


def _full_batchnorm():
    (x, t), _ = fashion(train_size=1000)
    x = x.astype(np.float64)  # the book's precision: the runs without batch norm overflow
    results = {
        str(std): {
            bn: batchnorm_accuracy(x, t, std, bn == "batchnorm") for bn in ("batchnorm", "plain")
        }
        for std in BATCHNORM_STDS
    }
    return {"train_size": 1000, "epochs": 20, "batch_size": 100, "lr": 0.01}, results


def _full_overfitting():
    (x, t), (xt, tt) = fashion(train_size=300)
    results = {name: overfit_run(x, t, xt, tt, **kw) for name, kw in OVERFIT_CASES.items()}
    return {"train_size": 300, "test_size": len(xt), "epochs": 200, "cases": OVERFIT_CASES}, results


def _full_search():
    (x, t), _ = fashion(train_size=500)
    settings = {
        "train_size": 500,
        "validation_ratio": 0.2,
        "trials": 100,
        "epochs": 50,
        "lr_range": [-6, -2],
        "weight_decay_range": [-8, -4],
    }
    return settings, random_search(x, t, trials=100, epochs=50)


FULL_RUNS: dict[str, Callable[[], tuple[dict, Any]]] = {
    "optimizer-compare": _full_optimizers,
    "weight-init-compare": _full_weight_init,
    "batchnorm-compare": _full_batchnorm,
    "overfitting": _full_overfitting,
    "hyperparam-search": _full_search,
}


def run_full(name: str) -> dict[str, Any]:
    """Run one full-size experiment on Fashion-MNIST (minutes); returns the record."""
    settings, results = FULL_RUNS[name]()
    return {
        "experiment": name,
        "dataset": "fashion-mnist",
        "seed": SEED,
        "settings": settings,
        "numpy": np.__version__,
        "results": results,
    }


def recorded(name: str) -> dict[str, Any]:
    """The recorded result of a full run, from docs/ch06/results/<name>.json."""
    path = RESULTS / f"{name}.json"
    if not path.is_file():
        raise FileNotFoundError(f"{path} missing: run `python -m scratch.plots.ch06 {name}`")
    return json.loads(path.read_text(encoding="utf-8"))


def record(name: str) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(run_full(name)) + "\n", encoding="utf-8")
    return path


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
    fig, axes = new_figure(lang, 2, 3, figsize=(11, 6), sharex=True, sharey=True)
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
    fig, axes = new_figure(lang, 1, 3, figsize=(12, 3.8), sharey=True)
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
    fig, (ax1, ax2) = new_figure(lang, 1, 2, figsize=(12, 4.2))
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
    for i in np.argsort(-acc)[:5]:
        ax2.plot(trials[i]["val_acc"], label=f"lr={lr[i]:.1e}, λ={wd[i]:.1e}")
    ax2.set_xlabel(text(lang, "에폭", "epoch"))
    ax2.set_ylabel(text(lang, "검증 정확도", "validation accuracy"))
    ax2.set_title(text(lang, "상위 5개 조합", "best five trials"))
    ax2.legend(fontsize=8)
    fig.tight_layout()
    return fig


if __name__ == "__main__":
    for key in sys.argv[1:] or FULL_RUNS:
        print(f"{key}: recorded in {record(key)}")


def flatten_results(tree: Any) -> list[float]:
    """Every number of a recorded result, in a fixed order: for comparing two runs."""
    if isinstance(tree, dict):
        return [v for key in sorted(tree) for v in flatten_results(tree[key])]
    if isinstance(tree, list):
        return [v for item in tree for v in flatten_results(item)]
    return [float(tree)] if isinstance(tree, int | float) else []
