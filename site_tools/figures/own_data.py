"""Figures of "Training on your own data" (docs/beyond/own-data): the curves of two runs
with the same seed, and the validation accuracy of ten seeds.

The page's pipeline, step for step: the same synthetic weather table (same rule, same
seed), written to a CSV file and read back with ``load_csv``, split with ``rng=0``,
standardised with the training part's statistics, trained by ``Trainer``. The page prints
the numbers these curves end in (e.g. the final validation accuracies of seeds 0-9).
"""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

import numpy as np

from scratch.datasets import Standardizer, load_csv, train_val_split
from scratch.networks import MultiLayerNet
from scratch.trainer import History, Trainer
from site_tools.figures import figure, new_figure, text

SEEDS = range(10)


def weather_table(n_days: int, seed: int) -> np.ndarray:
    """The page's synthetic weather record: temp, humidity, pressure, wind, tomorrow."""
    rng = np.random.default_rng(seed)
    tomorrow = rng.choice(3, size=n_days, p=[0.45, 0.35, 0.20])
    temp_c = 18 - 1.5 * tomorrow + rng.normal(0, 5, n_days)
    humidity_pct = np.clip(55 + 12 * tomorrow + rng.normal(0, 10, n_days), 5, 100)
    pressure_hpa = 1016 - 5 * tomorrow + rng.normal(0, 4, n_days)
    wind_ms = rng.gamma(2.0, 1.5 + 0.8 * tomorrow)
    return np.column_stack([temp_c, humidity_pct, pressure_hpa, wind_ms, tomorrow])


@cache
def _parts() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The standardised training and validation parts, as the page makes them."""
    with tempfile.TemporaryDirectory() as workdir:
        path = Path(workdir) / "weather.csv"
        np.savetxt(
            path,
            weather_table(600, seed=7),
            fmt=["%.1f", "%.1f", "%.1f", "%.1f", "%d"],
            delimiter=",",
            header="temp_c,humidity_pct,pressure_hpa,wind_ms,tomorrow",
            comments="",
        )
        x, t = load_csv(path, label_column="tomorrow")
    (x_train, t_train), (x_val, t_val) = train_val_split(x, t, val_fraction=0.2, rng=0)
    scale = Standardizer.fit(x_train)
    return scale.transform(x_train), t_train, scale.transform(x_val), t_val


def train_once(seed: int, epochs: int = 30) -> History:
    """The page's ``train_once``: MultiLayerNet(4, [16, 16], 3), Adam, lr 0.01, batch 32."""
    z_train, t_train, z_val, t_val = _parts()
    network = MultiLayerNet(4, [16, 16], 3, rng=seed)
    trainer = Trainer(
        network,
        z_train,
        t_train,
        z_val,
        t_val,
        epochs=epochs,
        mini_batch_size=32,
        optimizer="Adam",
        optimizer_param={"lr": 0.01},
        rng=seed,
        verbose=False,
    )
    return trainer.train()


@figure("beyond/own-data/curves")
def draw_curves(lang: str):
    first, second = train_once(0), train_once(0)
    fig, (ax1, ax2) = new_figure(lang, 1, 2, figsize=(8.6, 3.6))
    ax1.plot(first.train_loss_list, color="tab:blue", lw=2.2, alpha=0.5,
             label=text(lang, "1번째 실행 (시드 0)", "run 1 (seed 0)"))  # fmt: skip
    ax1.plot(second.train_loss_list, color="k", lw=0.8, ls="--",
             label=text(lang, "2번째 실행 (시드 0)", "run 2 (seed 0)"))  # fmt: skip
    ax1.set_xlabel(text(lang, "반복", "iteration"))
    ax1.set_ylabel(text(lang, "손실", "loss"))
    ax1.set_title(text(lang, "같은 시드로 두 번: 손실", "Same seed twice: loss"))
    ax1.legend()
    epochs = np.arange(len(first.train_acc_list))
    ax2.plot(epochs, first.train_acc_list, "o-", ms=3, label=text(lang, "훈련", "training"))
    ax2.plot(epochs, first.test_acc_list, "s--", ms=3, label=text(lang, "검증", "validation"))
    ax2.plot(epochs, second.test_acc_list, ":", color="k", lw=0.8,
             label=text(lang, "검증, 2번째 실행", "validation, run 2"))  # fmt: skip
    best = int(np.argmax(first.test_acc_list))
    ax2.axvline(best, color="0.6", lw=0.8)
    ax2.set_xlabel(text(lang, "에폭", "epoch"))
    ax2.set_ylabel(text(lang, "정확도", "accuracy"))
    ax2.set_title(text(lang, "에폭마다의 정확도", "Accuracy per epoch"))
    ax2.legend(loc="lower right")
    fig.tight_layout()
    return fig


@figure("beyond/own-data/seed-spread")
def draw_seed_spread(lang: str):
    curves = np.array([train_once(seed).test_acc_list for seed in SEEDS])
    epochs = np.arange(curves.shape[1])
    fig, (ax1, ax2) = new_figure(
        lang, 1, 2, figsize=(8.6, 3.8), gridspec_kw={"width_ratios": [2.2, 1]}
    )
    ax1.fill_between(epochs, curves.min(axis=0), curves.max(axis=0), color="tab:blue",
                     alpha=0.15, label=text(lang, "최솟값 ~ 최댓값", "min to max"))  # fmt: skip
    for seed, curve in zip(SEEDS, curves, strict=True):
        ax1.plot(epochs, curve, color="tab:blue", lw=0.7, alpha=0.6,
                 label=text(lang, "시드 0 ~ 9", "seeds 0 to 9") if seed == 0 else None)  # fmt: skip
    ax1.plot(epochs, curves.mean(axis=0), color="k", lw=2, label=text(lang, "평균", "mean"))
    ax1.set_xlabel(text(lang, "에폭", "epoch"))
    ax1.set_ylabel(text(lang, "검증 정확도", "validation accuracy"))
    ax1.set_title(text(lang, "시드만 바꾼 학습 열 번", "Ten runs, only the seed differs"))
    ax1.legend(loc="lower right")
    finals = curves[:, -1]
    ax2.plot(list(SEEDS), finals, "o", color="tab:blue")
    ax2.axhline(finals.mean(), color="k", lw=1.5, label=text(lang, "평균", "mean"))
    ax2.axhspan(finals.min(), finals.max(), color="tab:blue", alpha=0.15)
    ax2.set_xticks(list(SEEDS))
    ax2.set_xlabel(text(lang, "시드", "seed"))
    ax2.set_title(text(lang, f"{len(epochs) - 1}에폭 뒤", f"after {len(epochs) - 1} epochs"))
    low, high = finals.min(), finals.max()
    ax2.set_ylim(low - 0.4 * (high - low), high + 0.1 * (high - low))  # room for the legend
    ax2.legend(loc="lower right")
    fig.tight_layout()
    return fig
