"""Volume 2's conventions (``scratch.vol2``) and the page that teaches them (docs/vol2/ch01).

The layers themselves are in the contract registry (``tests/layer_cases.py``), and what the
page must show in ``tests/test_page_implementations.py``; here: the list convention
(gradients written in place, shared with the model), the optimizer and the Trainer, the
book's spiral data and run.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from scratch.optimizers import Adam
from scratch.trainer import TrainingDiverged
from scratch.vol2 import (
    SGD,
    Affine,
    ListOptimizer,
    MatMul,
    Trainer,
    TwoLayerNet,
    clip_grads,
    load_data,
)
from site_tools.records import recorded, spiral_run

# What the book prints for its spiral training: the first four and the last three epochs.
BOOK_FIRST, BOOK_LAST = [1.13, 1.13, 1.12, 1.12], [0.11, 0.11, 0.11]


def test_load_data_is_the_books_spiral() -> None:
    x, t = load_data()
    # The book draws one np.random.randn() per point, arm by arm, after seeding with 1984.
    legacy = np.random.RandomState(1984)
    for j in range(3):
        for i in range(100):
            r = i / 100
            theta = 4.0 * j + 4.0 * r + legacy.randn() * 0.2
            np.testing.assert_array_equal(x[100 * j + i], [r * np.sin(theta), r * np.cos(theta)])
            assert t[100 * j + i].tolist() == [int(k == j) for k in range(3)]
    # and leaves the global generator where the book's leaves it
    assert np.random.randn() == legacy.randn()  # noqa: NPY002 -- the global one, as the book


def test_the_books_spiral_run_gives_the_books_numbers() -> None:
    run = spiral_run()  # the book's settings, ~1 s
    losses = run["results"]["loss_list"]
    assert len(losses) == 300
    assert [round(v, 2) for v in losses[:4]] == BOOK_FIRST
    assert [round(v, 2) for v in losses[-3:]] == BOOK_LAST
    # The regions separate the three arms: every class is mostly classified as itself.
    model = TwoLayerNet(2, 10, 3, rng=0)
    for param, value in zip(model.params, run["results"]["params"], strict=True):
        param[...] = value
    x, t = load_data()
    predicted, labels = model.predict(x).argmax(axis=1), t.argmax(axis=1)
    assert run["results"]["accuracy"] == pytest.approx(np.mean(predicted == labels))
    assert all(np.mean(predicted[labels == k] == k) > 0.9 for k in range(3))
    # The figures draw the recorded run: it is this run.
    saved = recorded("spiral")
    assert saved["settings"] == run["settings"]
    np.testing.assert_allclose(saved["results"]["loss_list"], losses, rtol=0, atol=1e-6)
    for a, b in zip(saved["results"]["params"], run["results"]["params"], strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-6)


def test_backward_writes_grads_in_place_and_the_model_sees_them() -> None:
    x, t = load_data()
    model = TwoLayerNet(2, 5, 3, rng=0)
    held = list(model.grads)
    assert [id(g) for g in held] == [id(g) for layer in model.layers for g in layer.grads]
    model.forward(x[:10], t[:10])
    model.backward()
    assert all(a is b for a, b in zip(held, model.grads, strict=True))
    assert all(np.any(g != 0) for g in model.grads)
    # the same arrays as volume 1's layer underneath
    first = model.layers[0]
    assert isinstance(first, Affine)
    assert first.params[0] is first.layer.W and first.params[1] is first.layer.b


def test_sgd_updates_the_arrays_the_layers_compute_with() -> None:
    W = np.ones((2, 3))
    layer = MatMul(W)
    layer.forward(np.ones((4, 2)))
    layer.backward(np.ones((4, 3)))
    SGD(lr=0.5).update(layer.params, layer.grads)
    np.testing.assert_array_equal(W, np.full((2, 3), 1 - 0.5 * 4))
    assert layer.params[0] is W


def test_list_optimizer_takes_any_volume1_rule_and_checks_lengths() -> None:
    p, g = np.ones(3), np.full(3, 2.0)
    optimizer = ListOptimizer(Adam(lr=0.1))
    optimizer.update([p], [g])
    np.testing.assert_allclose(p, 1 - 0.1, atol=1e-6)  # Adam's first step is lr * sign(g)
    with pytest.raises(ValueError, match="1 params but 2 grads"):
        optimizer.update([p], [g, g])
    sgd = SGD(lr=0.1)
    sgd.lr = 0.05
    assert sgd.lr == 0.05 and sgd.rule.lr == 0.05


class Recording:
    """A model that remembers the loss of every step and can be told to return NaN."""

    def __init__(self, nan_at: int | None = None) -> None:
        self.net = TwoLayerNet(2, 4, 3, rng=0)
        self.params, self.grads = self.net.params, self.net.grads
        self.losses: list[float] = []
        self.nan_at = nan_at

    def forward(self, x, t):
        loss = self.net.forward(x, t)
        if len(self.losses) == self.nan_at:
            loss = math.nan
        self.losses.append(loss)
        return loss

    def backward(self):
        return self.net.backward()


def test_trainer_records_the_mean_of_each_interval_at_its_end(capsys) -> None:
    x, t = load_data()
    model = Recording()
    trainer = Trainer(model, SGD(lr=0.5), rng=0)
    trainer.fit(x, t, max_epoch=2, batch_size=30, eval_interval=4)  # 20 steps: 5 records
    chunks = np.array(model.losses).reshape(5, 4)
    np.testing.assert_allclose(trainer.loss_list, chunks.mean(axis=1), rtol=1e-12)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5 and lines[0].startswith("| epoch 1 | iter 4 / 10 | time ")
    assert trainer.current_epoch == 2


def test_trainer_is_seeded_and_stops_on_nan() -> None:
    x, t = load_data()

    def losses(rng: int) -> list[float]:
        trainer = Trainer(TwoLayerNet(2, 4, 3, rng=0), SGD(lr=1.0), rng=rng)
        trainer.fit(x, t, max_epoch=3, batch_size=30, eval_interval=5, verbose=False)
        return trainer.loss_list

    assert losses(1) == losses(1) != losses(2)
    with pytest.raises(TrainingDiverged, match="epoch 1, step 3"):
        Trainer(Recording(nan_at=2), SGD(), rng=0).fit(x, t, batch_size=30, verbose=False)
    with pytest.raises(ValueError, match="batch_size"):
        Trainer(Recording(), SGD()).fit(x, t, batch_size=301)


def test_clip_grads_scales_the_joint_norm() -> None:
    grads = [np.array([3.0]), np.array([4.0])]  # joint norm 5
    clip_grads(grads, 1.0)
    assert math.hypot(grads[0][0], grads[1][0]) == pytest.approx(1.0, rel=1e-5)
    small = [np.array([0.3])]
    clip_grads(small, 1.0)
    assert small[0][0] == 0.3


def test_plot_labels_in_the_language_asked_for() -> None:
    import matplotlib.pyplot as plt

    trainer = Trainer(TwoLayerNet(2, 4, 3, rng=0), SGD())
    trainer.loss_list, trainer.eval_interval = [1.0, 0.5], 10
    try:
        ax = trainer.plot(lang="ko")
        assert (ax.get_xlabel(), ax.get_ylabel()) == ("반복 (x10)", "손실")
        assert trainer.plot(lang="en").get_ylabel() == "loss"
    finally:
        plt.close("all")


def test_float32_stays_float32_through_training() -> None:
    x, t = load_data()
    model = TwoLayerNet(2, 4, 3, rng=0, dtype=np.float32)
    Trainer(model, SGD(lr=1.0), rng=0).fit(x.astype(np.float32), t, max_epoch=1, batch_size=30,
                                           verbose=False)  # fmt: skip
    assert {p.dtype for p in model.params} | {g.dtype for g in model.grads} == {np.dtype("float32")}
