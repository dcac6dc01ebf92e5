"""The Trainer stops, and says why, on a loss that is NaN, infinite or exploding, and checks
its evaluation set before it trains."""

from __future__ import annotations

import numpy as np
import pytest

from scratch.networks import TwoLayerNet
from scratch.trainer import EXPLODE_FACTOR, Trainer, TrainingDiverged

RNG = np.random.default_rng(0)
X, T = RNG.standard_normal((20, 4)), RNG.integers(0, 3, 20)


def trainer_with_losses(losses: list[float], **options) -> Trainer:
    """A Trainer whose steps report the given losses (no learning)."""
    settings = {"epochs": 3, "mini_batch_size": 5, "verbose": False, "rng": 0, **options}
    trainer = Trainer(TwoLayerNet(4, 3, 3, rng=0), X, T, X, T, **settings)
    values = iter(losses)
    trainer.train_step = lambda x, t: next(values)  # type: ignore[method-assign]
    return trainer


@pytest.mark.parametrize(
    ("bad", "said"),
    [(float("inf"), "became inf"), (-float("inf"), "became -inf"), (float("nan"), "became nan")],
)
def test_stops_on_a_loss_that_is_not_finite(bad: float, said: str) -> None:
    trainer = trainer_with_losses([2.0, 1.5, bad, 1.0, 1.0])
    with pytest.raises(TrainingDiverged, match=rf"the loss {said} at epoch 1, iteration 3 of 4"):
        trainer.train()
    assert trainer.history.train_loss_list == [2.0, 1.5]


def test_stops_on_a_loss_that_explodes() -> None:
    trainer = trainer_with_losses([2.0, 150.0, 199.0, 201.0, 1.0])
    with pytest.raises(
        TrainingDiverged, match=r"exploded \(> 200\) to 201\.0 at epoch 1, iteration 4"
    ):
        trainer.train()
    assert EXPLODE_FACTOR == 100


def test_a_small_first_loss_does_not_make_a_normal_one_look_explosive() -> None:
    # A nearly trained network starts at a loss like 0.01: the limit is 100 x max(first, 1).
    trainer = trainer_with_losses([0.01, 50.0, 99.0, 100.0] * 3)
    assert len(trainer.train().train_loss_list) == 12
    with pytest.raises(TrainingDiverged, match=r"exploded \(> 100\) to 100\.5"):
        trainer_with_losses([0.01, 50.0, 100.5, 1.0]).train()


def test_a_first_loss_that_is_not_finite_stops_at_once() -> None:
    with pytest.raises(TrainingDiverged, match=r"became inf at epoch 1, iteration 1 .*step 1\)"):
        trainer_with_losses([float("inf"), 1.0]).train()


def test_an_empty_test_set_is_refused_before_training() -> None:
    with pytest.raises(ValueError, match=r"Trainer: the test set is empty.*evaluate_sample_num"):
        Trainer(TwoLayerNet(4, 3, 3), X, T, X[:0], T[:0])
    trainer = Trainer(TwoLayerNet(4, 3, 3, rng=0), X, T, X[:0], T[:0], epochs=1,
                      evaluate_sample_num_per_epoch=0, verbose=False, rng=0)  # fmt: skip
    assert len(trainer.train().train_loss_list) == 1


@pytest.mark.parametrize(
    ("options", "named"),
    [({"epochs": -1}, "epochs=-1"), ({"mini_batch_size": 0}, "mini_batch_size=0")],
)
def test_bad_settings_name_themselves(options: dict, named: str) -> None:
    with pytest.raises(ValueError, match=named):
        Trainer(TwoLayerNet(4, 3, 3), X, T, X, T, **options)
    with pytest.raises(ValueError, match="0 samples"):
        Trainer(TwoLayerNet(4, 3, 3), X[:0], T[:0], X, T)


def test_test_labels_are_checked_before_any_step() -> None:
    trainer = Trainer(TwoLayerNet(4, 3, 3, rng=0), X, T, X, T + 5, verbose=False, rng=0)
    with pytest.raises(ValueError, match=r"TwoLayerNet\.accuracy: label \d+ is outside 0\.\.2"):
        trainer.train()
    assert trainer.history.train_loss_list == []


def test_on_epoch_sees_each_whole_epoch() -> None:
    seen: list[tuple[int, int, int]] = []
    trainer = trainer_with_losses([1.0] * 12)

    def record(epoch: int, history) -> None:
        seen.append((epoch, len(history.train_loss_list), len(history.test_acc_list)))

    trainer.on_epoch = record
    trainer.train()
    assert seen == [(1, 4, 2), (2, 8, 3), (3, 12, 4)]


def test_history_is_saved_whole_or_not_at_all(tmp_path, monkeypatch) -> None:
    import json

    from scratch import trainer as trainer_module
    from scratch.trainer import History

    path = History(train_loss_list=[1.0]).save(tmp_path / "history.json")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(trainer_module.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        History(train_loss_list=[2.0, 3.0]).save(path)
    assert json.loads(path.read_text())["train_loss_list"] == [1.0]
    assert [p.name for p in tmp_path.iterdir()] == ["history.json"]
