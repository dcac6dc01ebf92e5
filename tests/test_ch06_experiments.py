"""Small, seeded versions of the chapter-6 experiments: each asserts a claim the page makes.

The full-size runs (``python -m site_tools record``) are opt-in with SCRATCH_FULL=1; the
last test then checks that rerunning them reproduces the recorded JSON the figures draw.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from scratch import experiments as ch06
from site_tools import records
from tests.data_needs import needs_fashion_mnist as needs_fashion


@pytest.fixture(scope="module")
def data():
    return records.fashion(train_size=2000, test_size=500)


def f_at(path: np.ndarray) -> float:
    return float(ch06.f_toy(*path[-1]))


def test_sgd_zigzags_in_y_and_every_method_gets_close() -> None:
    sgd = ch06.optimizer_path("SGD", ch06.PATH_LRS["SGD"])
    flips = np.sum(np.sign(sgd[1:, 1]) != np.sign(sgd[:-1, 1]))
    assert flips > 20  # y overshoots the valley floor on almost every step
    for name, lr in ch06.PATH_LRS.items():
        assert f_at(ch06.optimizer_path(name, lr)) < 0.1 * float(ch06.f_toy(-7.0, 2.0)), name


def test_sigmoid_activations_saturate_or_collapse() -> None:
    big = ch06.activations("sigmoid", 1.0)[-1]
    tiny = ch06.activations("sigmoid", 0.01)[-1]
    xavier = ch06.activations("sigmoid", "xavier")[-1]
    assert np.mean((big < 0.1) | (big > 0.9)) > 0.5  # gradient y(1-y) vanishes there
    assert tiny.std() < 0.02  # every neuron says about the same thing: 0.5
    assert xavier.std() > 5 * tiny.std()


def test_relu_he_keeps_the_spread_and_small_weights_shrink_it() -> None:
    small = [a.std() for a in ch06.activations("relu", 0.01)]
    he = [a.std() for a in ch06.activations("relu", "he")]
    assert small[-1] < 1e-4 * small[0]
    assert 0.5 < he[-1] / he[0] < 2


@needs_fashion
def test_adam_and_adagrad_beat_sgd_in_80_steps(data) -> None:
    (x, t), _ = data
    names = ("SGD", "Momentum", "AdaGrad", "Adam")
    losses = ch06.compare_optimizers(x, t, iters=80, batch_size=100, hidden=(50, 50), names=names)
    final = {name: np.mean(v[-20:]) for name, v in losses.items()}
    assert final["Adam"] < final["SGD"] and final["AdaGrad"] < final["SGD"]
    assert final["Momentum"] < final["SGD"]


@needs_fashion
def test_he_init_learns_fastest_and_small_init_does_not_learn(data) -> None:
    (x, t), _ = data
    losses = ch06.compare_weight_init(x, t, iters=100, batch_size=100, hidden=(50, 50, 50))
    final = {name: np.mean(v[-20:]) for name, v in losses.items()}
    assert final["he"] < final["xavier"] < final["0.01"]
    assert final["0.01"] > 2.2  # still ln(10) = 2.30: the net guesses uniformly


@needs_fashion
def test_batchnorm_rescues_a_small_initialisation(data) -> None:
    (x, t), _ = data
    x = x[:500].astype(np.float64)
    t = t[:500]
    kw = {"epochs": 5, "hidden": (50,) * 4}
    with_bn = ch06.batchnorm_accuracy(x, t, 0.01, True, **kw)
    without = ch06.batchnorm_accuracy(x, t, 0.01, False, **kw)
    assert with_bn[-1] > 0.5 and without[-1] < 0.2


@needs_fashion
def test_weight_decay_narrows_the_train_test_gap(data) -> None:
    (x, t), (xt, tt) = data
    kw = {"epochs": 60, "hidden": (50,) * 4}
    plain = ch06.overfit_run(x[:300], t[:300], xt, tt, **kw)
    decay = ch06.overfit_run(x[:300], t[:300], xt, tt, weight_decay_lambda=0.1, **kw)
    gap = [r["train_acc"][-1] - r["test_acc"][-1] for r in (plain, decay)]
    assert gap[1] < gap[0]


def test_validation_split_is_disjoint_and_seeded() -> None:
    x = np.arange(50).reshape(50, 1)
    t = np.arange(50)
    (xtr, ttr), (xv, tv) = ch06.split_validation(x, t)
    assert len(xv) == 10 and len(xtr) == 40
    assert set(ttr).isdisjoint(tv) and set(ttr) | set(tv) == set(range(50))
    assert np.array_equal(ch06.split_validation(x, t)[1][1], tv)


@needs_fashion
def test_random_search_is_log_uniform_and_seeded(data) -> None:
    (x, t), _ = data
    kw = {"trials": 4, "epochs": 1, "hidden": (20,)}
    trials = ch06.random_search(x[:200], t[:200], **kw)
    lr = np.array([r["lr"] for r in trials])
    wd = np.array([r["weight_decay"] for r in trials])
    assert np.all((lr >= 1e-6) & (lr <= 1e-2)) and np.all((wd >= 1e-8) & (wd <= 1e-4))
    assert all(len(r["val_acc"]) == 2 for r in trials)  # epoch 0 and epoch 1
    assert ch06.random_search(x[:200], t[:200], **kw) == trials


@pytest.mark.skipif(os.environ.get("SCRATCH_FULL") != "1", reason="full runs: SCRATCH_FULL=1")
@needs_fashion
@pytest.mark.parametrize("name", records.FULL_RUNS)
def test_full_runs_reproduce_the_recorded_results(name: str) -> None:
    rerun = records.run_full(name)
    saved = records.recorded(name)
    assert rerun["settings"] == saved["settings"]
    np.testing.assert_allclose(
        records.flatten_results(rerun["results"]),
        records.flatten_results(saved["results"]),
        atol=0.02,
    )
