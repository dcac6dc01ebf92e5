"""`scratch train` refuses bad options before loading anything, writes its outputs as one
set, and on Ctrl-C keeps the epochs it completed and says so in one line."""

from __future__ import annotations

import json
import re
import signal
from pathlib import Path

import numpy as np
import pytest

import scratch.cli.train as train_cli
from scratch import datasets
from scratch.cli import main
from scratch.trainer import Trainer
from scratch.weights import load_params
from tests.data_needs import needs_fashion_mnist

QUICK = ["train", "--hidden", "5", "--epochs", "1", "--train-size", "100", "--batch-size", "50"]


@pytest.fixture
def no_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading data fails the test: these errors must come before it."""

    def load(*args, **kwargs):
        raise AssertionError("data was loaded before the options were checked")

    monkeypatch.setattr(datasets, "load_fashion_mnist", load)
    monkeypatch.setattr(datasets, "load_mnist", load)


@pytest.mark.parametrize(
    ("option", "value", "rule"),
    [
        ("--hidden", "0", "an integer >= 1, got 0"),
        ("--train-size", "-5", "an integer >= 1, got -5"),
        ("--train-size", "0", "an integer >= 1, got 0"),
        ("--batch-size", "0", "an integer >= 1, got 0"),
        ("--epochs", "-1", "an integer >= 1, got -1"),
        ("--epochs", "two", "'two' is not an integer >= 1"),
        ("--dropout", "-0.5", r"a number in \[0, 1\), got -0.5"),
        ("--dropout", "1", r"a number in \[0, 1\), got 1"),
        ("--momentum", "1.5", r"a number in \[0, 1\), got 1.5"),
        ("--lr", "-1", "a finite number > 0, got -1"),
        ("--lr", "0", "a finite number > 0, got 0"),
        ("--lr", "nan", "a finite number > 0, got nan"),
        ("--weight-decay", "-1", "a finite number >= 0, got -1"),
        ("--seed", "-1", "an integer >= 0, got -1"),
    ],
)
def test_bad_values_name_their_option(no_data, tmp_path, capsys, option, value, rule) -> None:
    with pytest.raises(SystemExit) as info:
        main([*QUICK, option, value, "--out", str(tmp_path)])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {option}: must be" in err or f"argument {option}: '" in err
    assert len([line for line in err.splitlines() if "error" in line]) == 1
    assert re.search(rule, err), err


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--network", "two-layer", "--batchnorm"], "--batchnorm is only for --network multi"),
        (["--network", "two-layer", "--dropout", "0.5"], "--dropout is only for --network multi"),
        (["--network", "two-layer", "--weight-decay", "0.1"], "--weight-decay is only for"),
        (["--network", "two-layer", "--hidden", "5", "6"], "--hidden with more than one size"),
        (["--optimizer", "adam", "--momentum", "0.5"], "--momentum is only for --optimizer mom"),
    ],
)
def test_options_that_would_be_ignored_are_refused(no_data, tmp_path, capsys, options, message):
    assert main([*QUICK, *options, "--out", str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith(f"scratch: error: {message}")


def test_option_combinations_message_is_one_line(no_data, tmp_path, capsys) -> None:
    assert main([*QUICK, "--network", "two-layer", "--batchnorm", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err == "scratch: error: --batchnorm is only for --network multi-layer\n"


def test_unwritable_out_fails_before_loading_data(no_data, tmp_path, capsys) -> None:
    (tmp_path / "file").write_text("not a directory")
    assert main([*QUICK, "--out", str(tmp_path / "file" / "run")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"scratch: error: --out {tmp_path / 'file' / 'run'}: cannot write")
    assert err.count("\n") == 1


# -- the run's outputs --------------------------------------------------------------------


def outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in train_cli.OUTPUTS if (out / name).exists()}


@needs_fashion_mnist
def test_outputs_are_all_new_or_all_old_whenever_ctrl_c_comes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    out = tmp_path / "run"
    assert main([*QUICK, "--seed", "1", "--out", str(out)]) == 0
    new = outputs(out)
    assert main([*QUICK, "--seed", "0", "--out", str(out)]) == 0
    old = outputs(out)
    assert set(old) == set(train_cli.OUTPUTS) and all(old[k] != new[k] for k in old)
    # A real SIGINT at the k-th step of writing, for every k: before each file is written,
    # and before each rename (the renames hold Ctrl-C back until all three are done).
    calls = {"n": 0, "at": 0}

    def interrupting(function):
        def wrapper(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == calls["at"]:
                signal.raise_signal(signal.SIGINT)
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(train_cli.History, "save", interrupting(train_cli.History.save))
    monkeypatch.setattr(train_cli, "plot_history", interrupting(train_cli.plot_history))
    monkeypatch.setattr(train_cli.os, "replace", interrupting(train_cli.os.replace))
    outcomes = []
    for at in range(1, 20):
        calls.update(n=0, at=at)
        code = main([*QUICK, "--seed", "1", "--out", str(out)])
        found = outputs(out)
        assert found in (old, new), f"a mix of old and new outputs after Ctrl-C at step {at}"
        assert sorted(p.name for p in out.iterdir()) == sorted(train_cli.OUTPUTS)  # no leftovers
        outcomes.append(("new" if found == new else "old", code))
        if code == 0:  # no step left to interrupt
            break
        if found == new:  # put the old set back for the next try
            calls.update(at=0)
            assert main([*QUICK, "--seed", "0", "--out", str(out)]) == 0
            assert outputs(out) == old
    # A Ctrl-C while the three files are written (history, curves, params) keeps the old set;
    # one during the set's three renames is held until they are done: the new set, exit 130.
    kinds = [kind for kind, _ in outcomes[:-1]]
    assert outcomes[-1] == ("new", 0) and {code for _, code in outcomes[:-1]} == {130}
    assert kinds == ["old"] * kinds.count("old") + ["new"] * 3, outcomes
    assert kinds.count("old") >= 3
    assert "Traceback" not in capsys.readouterr().err


def interrupt_at_step(monkeypatch: pytest.MonkeyPatch, step: int) -> None:
    original = Trainer.train_step
    count = {"n": 0}

    def train_step(self, x, t):
        count["n"] += 1
        if count["n"] == step:
            signal.raise_signal(signal.SIGINT)
        return original(self, x, t)

    monkeypatch.setattr(Trainer, "train_step", train_step)


@needs_fashion_mnist
def test_ctrl_c_keeps_the_completed_epochs(tmp_path: Path, monkeypatch, capsys) -> None:
    argv = [*QUICK, "--seed", "3"]
    assert main([*argv, "--out", str(tmp_path / "one")]) == 0  # one epoch, not interrupted
    argv[argv.index("--epochs") + 1] = "3"
    interrupt_at_step(monkeypatch, 4)  # two steps per epoch: the 4th is in epoch 2
    capsys.readouterr()
    assert main([*argv, "--out", str(tmp_path / "cut")]) == 130
    out, err = capsys.readouterr()
    kept = f"scratch: interrupted: kept epochs 1-1 of 3; wrote {tmp_path / 'cut'}"
    assert out.splitlines()[-1] == kept
    assert "Traceback" not in err
    one = json.loads((tmp_path / "one" / "history.json").read_text())
    cut = json.loads((tmp_path / "cut" / "history.json").read_text())
    assert cut == one
    for key, value in load_params(tmp_path / "one" / "params.npz").items():
        np.testing.assert_array_equal(load_params(tmp_path / "cut" / "params.npz")[key], value)


@needs_fashion_mnist
def test_ctrl_c_in_the_first_epoch_writes_nothing(tmp_path: Path, monkeypatch, capsys) -> None:
    out = tmp_path / "run"
    out.mkdir()
    interrupt_at_step(monkeypatch, 1)
    assert main([*QUICK, "--out", str(out)]) == 130
    assert capsys.readouterr().out.splitlines()[-1] == (
        "scratch: interrupted during epoch 1: nothing written"
    )
    assert list(out.iterdir()) == []


# -- --csv: the options and the file are checked before any training ------------------------


@pytest.fixture
def no_training(monkeypatch: pytest.MonkeyPatch) -> None:
    """Training fails the test: a bad file must be refused before it."""

    def train(self):
        raise AssertionError("training started before the file was checked")

    monkeypatch.setattr(Trainer, "train", train)


GOOD_ROWS = ["length,mass,kind", "1.0,2.0,0", "1.5,2.5,1", "0.5,1.0,0", "2.0,3.0,1"]


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("1.0,,1", "line 4: column 2 ('mass') is empty"),
        ("1.0,2.0,1,7", "line 4: expected 3 fields, as the header has, found 4"),
        ("1.0,heavy,1", "line 4: column 2 ('mass') is 'heavy', not a number"),
        (
            "1.0,2.0,0.5",
            "line 4: column 3 ('kind'): label '0.5' is not a class number (0, 1, 2, ...)",
        ),
    ],
)
def test_malformed_csv_is_refused_naming_the_line(
    no_data, no_training, tmp_path, capsys, bad_line, message
) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("\n".join([*GOOD_ROWS[:3], bad_line, *GOOD_ROWS[3:]]) + "\n")
    argv = ["train", "--csv", str(path), "--label-column", "kind", "--out", str(tmp_path / "o")]
    assert main(argv) == 1
    assert capsys.readouterr().err == f"scratch: error: {path}, {message}\n"
    assert list((tmp_path / "o").iterdir()) == []  # nothing written


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--label-column", "kind"], "--label-column is only for --csv"),
        (["--header"], "--header is only for --csv"),
        (["--val-split", "0.3"], "--val-split is only for --csv"),
        (["--csv", "{csv}", "--dataset", "mnist"], "--csv and --dataset: give one of them"),
        (["--csv", "{csv}", "--data-dir", "."], "--data-dir is only for the built-in data sets"),
        (["--csv", "{missing}"], "--csv {missing}: no such file"),
        (["--csv", "{csv}", "--label-column", "colour"], "{csv}: label_column 'colour' is not in"),
        (["--csv", "{csv}", "--label-column", "5"], "{csv}: label_column 5 is not a column"),
        (
            ["--csv", "{csv}", "--label-column", "-1", "--val-split", "0.1"],
            "--val-split 0.1 with --csv {csv}: train_val_split: val_fraction=0.1 of 4 samples",
        ),
        (["--csv", "{csv}"], "{csv}, line 3: column 1 ('length'): label '1.5' is not a class"),
    ],
)
def test_csv_options_are_checked_first(
    no_data, no_training, tmp_path, capsys, options, message
) -> None:
    csv, missing = tmp_path / "mine.csv", tmp_path / "absent.csv"
    csv.write_text("\n".join(GOOD_ROWS) + "\n")
    filled = [o.format(csv=csv, missing=missing) for o in options]
    assert main([*QUICK, *filled, "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"scratch: error: {message.format(csv=csv, missing=missing)}"), err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("option", "value", "rule"),
    [
        ("--val-split", "0", r"must be a number in \(0, 1\), got 0"),
        ("--val-split", "1", r"must be a number in \(0, 1\), got 1"),
        ("--val-split", "a fifth", r"'a fifth' is not a number in \(0, 1\)"),
        ("--label-column", "", "must be a column name or index, got ''"),
    ],
)
def test_bad_csv_option_values_name_their_option(
    no_data, tmp_path, capsys, option, value, rule
) -> None:
    csv = tmp_path / "mine.csv"
    csv.write_text("\n".join(GOOD_ROWS) + "\n")
    with pytest.raises(SystemExit) as info:
        main([*QUICK, "--csv", str(csv), option, value, "--out", str(tmp_path)])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {option}: " in err and re.search(rule, err), err


def test_ctrl_c_on_a_csv_run_keeps_the_standardizer_with_the_epochs(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    rng = np.random.default_rng(0)
    rows = [f"{a:.3f},{b:.3f},{int(a + b > 0)}" for a, b in rng.normal(size=(100, 2))]
    csv = tmp_path / "mine.csv"
    csv.write_text("a,b,kind\n" + "\n".join(rows) + "\n")
    argv = ["train", "--csv", str(csv), "--label-column", "kind", "--hidden", "4"]
    argv += ["--epochs", "3", "--batch-size", "40", "--out", str(tmp_path / "cut")]
    interrupt_at_step(monkeypatch, 4)  # two steps per epoch (80 training rows): in epoch 2
    assert main(argv) == 130
    assert capsys.readouterr().out.splitlines()[-1].startswith("scratch: interrupted: kept")
    written = sorted(p.name for p in (tmp_path / "cut").iterdir())
    assert written == sorted([*train_cli.OUTPUTS, train_cli.STANDARDIZER])
    assert len(json.loads((tmp_path / "cut" / "history.json").read_text())["test_acc_list"]) == 2
