"""The ``scratch`` command line: ``data where | fetch | verify`` and help texts (``book`` too)."""

from __future__ import annotations

import hashlib
import socket
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from scratch.cli import main
from scratch.datasets import fetch as fetch_module
from scratch.datasets import sources, write_idx


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """SCRATCH_DATA holding the (tiny, re-pinned) MNIST test split and nothing else."""
    data = tmp_path / "data" / "mnist"
    data.mkdir(parents=True)
    specs = dict(sources.MNIST.files)
    arrays = {
        "t10k-images-idx3-ubyte.gz": np.zeros((2, 28, 28), np.uint8),
        "t10k-labels-idx1-ubyte.gz": np.array([1, 2], np.uint8),
    }
    for name, array in arrays.items():
        digest = hashlib.sha256(write_idx(data / name, array).read_bytes()).hexdigest()
        specs[name] = sources.FileSpec(name, digest)
    with socket.socket() as sock:  # a port nobody listens on: "offline"
        sock.bind(("127.0.0.1", 0))
        down = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    for name, coll in list(sources.COLLECTIONS.items()):
        files = specs if name == "mnist" else coll.files
        monkeypatch.setitem(sources.COLLECTIONS, name, replace(coll, files=files, mirrors=(down,)))
    monkeypatch.setenv("SCRATCH_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("SCRATCH_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("SCRATCH_OFFLINE", raising=False)
    monkeypatch.setattr(fetch_module, "SYSTEM_DATA_DIR", tmp_path / "system")
    return tmp_path


def test_where_lists_found_and_missing(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "where"]) == 0
    out = capsys.readouterr().out
    found = tree / "data" / "mnist" / "t10k-images-idx3-ubyte.gz"
    assert f"found    t10k-images-idx3-ubyte.gz   {found}" in out
    assert "missing  train-images-idx3-ubyte.gz" in out
    assert "missing  sample_weight.pkl" in out
    assert str(tree / "cache" / "fashion-mnist") in out


def test_verify_reports_ok_and_mismatch(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["data", "verify"]) == 0
    assert "ok        " + str(tree / "data" / "mnist" / "t10k-labels-idx1-ubyte.gz") in (
        capsys.readouterr().out
    )
    (tree / "data" / "mnist" / "t10k-labels-idx1-ubyte.gz").write_bytes(b"junk")
    assert main(["data", "verify"]) == 1
    out = capsys.readouterr().out
    assert "MISMATCH  " + str(tree / "data" / "mnist" / "t10k-labels-idx1-ubyte.gz") in out
    assert "1 mismatch(es)" in out


def test_fetch_offline_is_one_message_and_exit_1(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["data", "fetch", "weights"]) == 1
    captured = capsys.readouterr()
    assert "error: the book's trained weights: missing sample_weight.pkl" in captured.err
    assert "Traceback" not in captured.err


def test_fetch_of_what_is_present_succeeds(
    tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    coll = sources.COLLECTIONS["mnist"]
    test_only = {name: coll.files[name] for name in sources.SPLITS["test"]}
    monkeypatch.setitem(sources.COLLECTIONS, "mnist", replace(coll, files=test_only))
    assert main(["data", "fetch", "mnist"]) == 0
    assert "mnist: t10k-labels-idx1-ubyte.gz -> " in capsys.readouterr().out


def test_help_explains_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    for argv, words in [
        ([], ["data"]),
        (["data"], ["where", "fetch", "verify", "SCRATCH_DATA", "SCRATCH_CACHE"]),
        (["data", "fetch"], ["--data-dir", "fashion-mnist", "weights", "all", "default: all"]),
        (["data", "where"], ["--data-dir"]),
        (["data", "verify"], ["--data-dir"]),
        (["book"], ["--dataset", "fashion-mnist", "--train-size", "--test-size",
                    "scratch book ch03/neuralnet_mnist.py", "git clone"]),
    ]:  # fmt: skip
        with pytest.raises(SystemExit) as exited:
            main([*argv, "--help"])
        assert exited.value.code == 0
        out = " ".join(capsys.readouterr().out.split())
        for word in words:
            assert word in out, (argv, word)


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in ([], ["data"], ["data", "fetch", "cifar"]):
        with pytest.raises(SystemExit) as exited:
            main(argv)
        assert exited.value.code == 2
    capsys.readouterr()


def test_python_dash_m_scratch() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scratch", "data", "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0 and "verify" in result.stdout
