"""`scratch train`, run in-process on a small Fashion-MNIST subset and on CSV files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from scratch.cli import build_parser, main
from scratch.datasets import Standardizer, load_csv, train_val_split
from scratch.weights import load_params
from tests.data_needs import needs_fashion_mnist


@needs_fashion_mnist
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


@needs_fashion_mnist
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


@needs_fashion_mnist
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


# -- --csv: your own table ------------------------------------------------------------------


def write_weather(path: Path, n: int = 200, seed: int = 0) -> Path:
    """Three classes told apart by four features on very different scales."""
    rng = np.random.default_rng(seed)
    kind = rng.integers(0, 3, n)
    features = np.column_stack(
        [
            18 - 2 * kind + rng.normal(0, 3, n),
            55 + 12 * kind + rng.normal(0, 6, n),
            1016 - 5 * kind + rng.normal(0, 2, n),
            rng.gamma(2.0, 1.5 + kind),
        ]
    )
    rows = [
        ",".join(f"{v:.1f}" for v in row) + f",{k}" for row, k in zip(features, kind, strict=True)
    ]
    path.write_text("temp_c,humidity,pressure,wind,tomorrow\n" + "\n".join(rows) + "\n")
    return path


CSV_RUN = ["--hidden", "8", "--epochs", "3", "--batch-size", "20", "--lr", "0.03", "--seed", "4"]


def test_csv_trains_and_writes_the_same_outputs(tmp_path: Path, capsys) -> None:
    data = write_weather(tmp_path / "weather.csv")
    out = tmp_path / "run"
    argv = ["train", "--csv", str(data), "--label-column", "tomorrow", *CSV_RUN]
    assert main([*argv, "--val-split", "0.25", "--out", str(out)]) == 0
    history = json.loads((out / "history.json").read_text())
    assert len(history["train_loss_list"]) == 3 * (150 // 20)  # 50 of 200 rows held out
    assert len(history["test_acc_list"]) == 4
    assert history["test_acc_list"][-1] > 0.6  # the classes are learnable, chance is 1/3
    assert (out / "curves.png").stat().st_size > 1000
    params = load_params(out / "params.npz")
    assert params["W1"].shape == (4, 8) and params["W2"].shape == (8, 3)
    assert (
        capsys.readouterr()
        .out.strip()
        .endswith(f"final validation accuracy {history['test_acc_list'][-1]:.4f}; wrote {out}")
    )
    # The inputs were standardised with the training part's statistics, which are kept.
    x, t = load_csv(data, label_column="tomorrow")
    (x_train, _), _ = train_val_split(x, t, 0.25, rng=4)
    scale = Standardizer.load(out / "standardizer.npz")
    np.testing.assert_allclose(scale.mean, x_train.mean(axis=0))
    np.testing.assert_allclose(scale.std, x_train.std(axis=0))
    # Same seed, same run; the label column by index and the header forced: the same too.
    again = ["train", "--csv", str(data), "--label-column", "-1", "--header", *CSV_RUN]
    assert main([*again, "--val-split", "0.25", "--out", str(tmp_path / "again")]) == 0
    assert json.loads((tmp_path / "again" / "history.json").read_text()) == history
    # Another seed: another split and other initial weights, another run.
    other = [*argv, "--val-split", "0.25", "--seed", "5", "--out", str(tmp_path / "other")]
    assert main(other) == 0
    assert json.loads((tmp_path / "other" / "history.json").read_text()) != history


def test_csv_two_layer_network_and_default_split(tmp_path: Path) -> None:
    data = write_weather(tmp_path / "w.csv", n=100)
    argv = ["train", "--csv", str(data), "--label-column", "4", "--network", "two-layer"]
    assert main([*argv, "--hidden", "6", "--epochs", "1", "--out", str(tmp_path / "r")]) == 0
    history = json.loads((tmp_path / "r" / "history.json").read_text())
    assert history["iter_per_epoch"] == 80 // 80  # default --val-split 0.2, batch 100 > 80


def test_csv_as_a_command_in_its_own_process(tmp_path: Path) -> None:
    data = write_weather(tmp_path / "w.csv", n=60)
    command = [sys.executable, "-m", "scratch", "train", "--csv", str(data)]
    done = subprocess.run(
        [*command, "--label-column", "tomorrow", *CSV_RUN, "--out", str(tmp_path / "r")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "final validation accuracy" in done.stdout
