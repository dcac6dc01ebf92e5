"""Chapter 6's full-size experiments, run on Fashion-MNIST and recorded as JSON.

``python -m site_tools record [NAME ...]`` runs them (minutes each) and writes
``docs/ch06/results/<name>.json`` with the seed and settings; the chapter's figures
(:mod:`site_tools.figures.ch06`) and pages read the records. The experiments themselves are
the library's (:mod:`scratch.experiments`); this module only fixes their full sizes.

Other pages' runs are in ``OTHER_RUNS``, each recorded beside its page: volume 2's spiral
(``python -m site_tools record spiral``, seconds) in ``docs/vol2/ch01/results/spiral.json``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from scratch.experiments import (
    SEED,
    batchnorm_accuracy,
    compare_optimizers,
    compare_weight_init,
    overfit_run,
    random_search,
)

RESULTS = Path(__file__).resolve().parents[1] / "docs" / "ch06" / "results"


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


def spiral_run() -> dict[str, Any]:
    """Volume 2, 1.4: the book's spiral training, its settings and seed (under a second)."""
    from scratch.vol2 import SGD, Trainer, TwoLayerNet, load_data

    settings = {"seed": 1984, "hidden_size": 10, "lr": 1.0, "max_epoch": 300,
                "batch_size": 30, "eval_interval": 10}  # fmt: skip
    x, t = load_data(settings["seed"])  # seeds numpy's global generator, as the book
    model = TwoLayerNet(2, settings["hidden_size"], 3)
    trainer = Trainer(model, SGD(lr=settings["lr"]))
    trainer.fit(x, t, settings["max_epoch"], settings["batch_size"],
                eval_interval=settings["eval_interval"], verbose=False)  # fmt: skip
    accuracy = float(np.mean(model.predict(x).argmax(axis=1) == t.argmax(axis=1)))
    results = {"loss_list": trainer.loss_list, "accuracy": accuracy,
               "params": [p.tolist() for p in model.params]}  # fmt: skip
    return {"experiment": "spiral", "dataset": "spiral", "seed": settings["seed"],
            "settings": settings, "numpy": np.__version__, "results": results}  # fmt: skip


#: Runs of other pages: name -> (the folder beside the page, the run).
OTHER_RUNS: dict[str, tuple[Path, Callable[[], dict[str, Any]]]] = {
    "spiral": (RESULTS.parents[1] / "vol2" / "ch01" / "results", spiral_run),
}
#: Every run ``python -m site_tools record`` knows.
RECORDABLE = [*FULL_RUNS, *OTHER_RUNS]


def _path(name: str) -> Path:
    folder = OTHER_RUNS[name][0] if name in OTHER_RUNS else RESULTS
    return folder / f"{name}.json"


def recorded(name: str) -> dict[str, Any]:
    """The recorded result of a run, from docs/ch06/results/<name>.json (or its page's)."""
    path = _path(name)
    if not path.is_file():
        raise FileNotFoundError(f"{path} missing: run `python -m site_tools record {name}`")
    return json.loads(path.read_text(encoding="utf-8"))


def record(name: str) -> Path:
    path = _path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    run = OTHER_RUNS[name][1]() if name in OTHER_RUNS else run_full(name)
    path.write_text(json.dumps(run) + "\n", encoding="utf-8")
    return path


def flatten_results(tree: Any) -> list[float]:
    """Every number of a recorded result, in a fixed order: for comparing two runs."""
    if isinstance(tree, dict):
        return [v for key in sorted(tree) for v in flatten_results(tree[key])]
    if isinstance(tree, list):
        return [v for item in tree for v in flatten_results(item)]
    return [float(tree)] if isinstance(tree, int | float) else []
