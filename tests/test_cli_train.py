"""`scratch train`, run in-process on a small Fashion-MNIST subset."""

from __future__ import annotations

import json

import numpy as np

from scratch.cli import build_parser, main
from scratch.weights import load_params
from tests.data_needs import needs_fashion_mnist

pytestmark = needs_fashion_mnist


def test_train_writes_history_curves_and_params(tmp_path, capsys) -> None:
    out = tmp_path / "run"
    argv = [
        "train",
        "--hidden",
        "20",
        "--epochs",
        "2",
        "--batch-size",
        "50",
        "--train-size",
        "300",
        "--optimizer",
        "momentum",
        "--lr",
        "0.05",
        "--momentum",
        "0.8",
        "--seed",
        "3",
        "--out",
        str(out),
    ]
    assert main(argv) == 0
    history = json.loads((out / "history.json").read_text())
    assert len(history["train_loss_list"]) == 2 * 6  # 300 // 50 iterations per epoch
    assert len(history["test_acc_list"]) == 3
    assert (out / "curves.png").stat().st_size > 1000
    params = load_params(out / "params.npz")
    assert set(params) == {"W1", "b1", "W2", "b2"} and params["W1"].shape == (784, 20)
    assert "final test accuracy" in capsys.readouterr().out
    # Same seed, same run.
    assert main([*argv[:-1], str(tmp_path / "again")]) == 0
    again = json.loads((tmp_path / "again" / "history.json").read_text())
    assert again["train_loss_list"] == history["train_loss_list"]


def test_two_layer_network(tmp_path) -> None:
    out = tmp_path / "two"
    argv = [
        "train",
        "--network",
        "two-layer",
        "--hidden",
        "10",
        "--epochs",
        "1",
        "--train-size",
        "200",
        "--optimizer",
        "sgd",
        "--out",
        str(out),
    ]
    assert main(argv) == 0
    params = load_params(out / "params.npz")
    assert params["W1"].shape == (784, 10) and np.all(np.isfinite(params["W2"]))


def test_divergence_is_one_clear_message(tmp_path, capsys) -> None:
    argv = [
        "train",
        "--hidden",
        "10",
        "--epochs",
        "3",
        "--train-size",
        "200",
        "--optimizer",
        "sgd",
        "--lr",
        "1e200",
        "--out",
        str(tmp_path),
    ]
    with np.errstate(all="ignore"):
        assert main(argv) == 1
    assert "lower learning rate" in capsys.readouterr().err


def test_help_explains_every_option() -> None:
    train = build_parser()._subparsers._group_actions[0].choices["train"]
    for action in train._actions:
        assert action.help, f"{action.option_strings} has no help"
