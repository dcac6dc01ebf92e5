"""Trainer: whole epochs, seeded shuffles, history, and a clear stop on NaN."""

from __future__ import annotations

import numpy as np
import pytest

from scratch.networks import MultiLayerNet, TwoLayerNet
from scratch.optimizers import SGD
from scratch.trainer import History, Trainer, TrainingDiverged


def blobs(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Three well-separated Gaussian clusters in 4-D: learnable in a few epochs."""
    rng = np.random.default_rng(seed)
    t = rng.integers(0, 3, n)
    centers = np.array([[2, 0, 0, 0], [0, 2, 0, 0], [0, 0, 2, 0]], dtype=float)
    return centers[t] + 0.5 * rng.standard_normal((n, 4)), t


X, T = blobs(250)
XT, TT = blobs(100, seed=1)


def make(**kwargs) -> Trainer:
    net = MultiLayerNet(4, [10], 3, rng=0)
    options = {
        "epochs": 3,
        "mini_batch_size": 50,
        "optimizer": "SGD",
        "optimizer_param": {"lr": 0.1},
        "verbose": False,
        "rng": 0,
    }
    return Trainer(net, X, T, XT, TT, **{**options, **kwargs})


def test_history_shape_and_integer_iterations() -> None:
    trainer = make()
    history = trainer.train()
    assert isinstance(history, History)
    assert trainer.iter_per_epoch == 5  # 250 // 50
    assert len(history.train_loss_list) == 15
    assert len(history.train_acc_list) == len(history.test_acc_list) == 4  # epoch 0..3
    assert set(history.to_dict()) >= {"train_loss_list", "train_acc_list", "test_acc_list"}


def test_learns_separable_blobs() -> None:
    history = make(epochs=10).train()
    assert history.test_acc_list[-1] > 0.9
    assert np.mean(history.train_loss_list[-5:]) < np.mean(history.train_loss_list[:5])


def test_same_seed_same_run_and_a_different_seed_differs() -> None:
    a, b, c = make().train(), make().train(), make(rng=1).train()
    assert a.train_loss_list == b.train_loss_list
    assert a.train_loss_list != c.train_loss_list


def test_each_epoch_visits_every_sample_once() -> None:
    seen: list[int] = []
    trainer = make(epochs=1)
    original = trainer.train_step

    def spy(x_batch, t_batch):
        seen.extend(
            int(np.flatnonzero((X == x_batch[i]).all(axis=1))[0]) for i in range(len(x_batch))
        )
        return original(x_batch, t_batch)

    trainer.train_step = spy
    trainer.train()
    assert sorted(seen) == list(range(250))


def test_recorded_loss_is_the_loss_before_the_update() -> None:
    net = TwoLayerNet(4, 5, 3, weight_init_std=0.5, rng=0)
    trainer = Trainer(
        net,
        X[:10],
        T[:10],
        XT,
        TT,
        epochs=1,
        mini_batch_size=10,
        optimizer=SGD(lr=0.5),
        verbose=False,
        rng=0,
    )
    before = net.loss(X[:10], T[:10])
    history = trainer.train()
    assert history.train_loss_list == [pytest.approx(before)]


def test_weight_decay_is_part_of_the_recorded_loss() -> None:
    net = MultiLayerNet(4, [5], 3, weight_decay_lambda=1.0, rng=0)
    trainer = Trainer(
        net,
        X[:10],
        T[:10],
        XT,
        TT,
        epochs=1,
        mini_batch_size=10,
        optimizer=SGD(lr=0.0),
        verbose=False,
        rng=0,
    )
    assert trainer.train().train_loss_list == [pytest.approx(net.loss(X[:10], T[:10]))]


def test_divergence_stops_with_a_clear_error() -> None:
    trainer = make(optimizer_param={"lr": 1e200}, epochs=5)
    with np.errstate(all="ignore"), pytest.raises(TrainingDiverged) as info:
        trainer.train()
    message = str(info.value)
    assert "epoch" in message and "iteration" in message and "lower learning rate" in message
    assert isinstance(info.value, ValueError)


def test_verbose_prints_epochs_but_no_bar_under_pytest(capsys) -> None:
    make(verbose=True, epochs=2).train()
    out, err = capsys.readouterr()
    assert out.count("epoch ") == 2
    assert err == ""


def test_evaluate_sample_num_limits_evaluation() -> None:
    trainer = make(epochs=1, evaluate_sample_num_per_epoch=7)
    history = trainer.train()
    for acc in history.train_acc_list + history.test_acc_list:
        assert round(acc * 7) == pytest.approx(acc * 7)


def test_mismatched_data_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="labels"):
        Trainer(MultiLayerNet(4, [3], 3), X, T[:-1], XT, TT)
    with pytest.raises(ValueError, match="optimizer"):
        make(optimizer="adamw")


def test_history_saves_json(tmp_path) -> None:
    import json

    history = make(epochs=1).train()
    data = json.loads(history.save(tmp_path / "h.json").read_text())
    assert data["train_loss_list"] == history.train_loss_list
