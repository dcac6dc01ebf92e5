"""Saving/loading .npz parameters and reading the book's pickles without running code."""

from __future__ import annotations

import builtins
import os
import pickle
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pytest

from scratch.datasets import fetch as fetch_module
from scratch.datasets import mnist
from scratch.datasets.sources import collection
from scratch.functions import sigmoid, softmax
from scratch.weights import (
    load_book_params,
    load_params,
    load_pickled_params,
    save_params,
)
from tests.data_needs import MNIST_TEST_DIR, WEIGHTS_DIR, needs_book_weights, needs_mnist_test


@pytest.fixture
def offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The book's files only where the tests say (data_dir=), an empty cache, no downloads."""
    monkeypatch.delenv("SCRATCH_DATA", raising=False)
    monkeypatch.setenv("SCRATCH_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("SCRATCH_OFFLINE", "1")
    return tmp_path


# -- our own format -----------------------------------------------------------------


def test_save_load_round_trip(tmp_path: Path) -> None:
    params = {
        "W1": np.random.default_rng(0).standard_normal((4, 3)),
        "b1": np.zeros(3, dtype=np.float32),
        "gamma1": np.ones((2, 2, 2)),
        "file": np.arange(3),  # names that would clash with np.savez's own arguments
        "allow_pickle": np.array(1.5),
    }
    path = save_params(params, tmp_path / "net.params")
    assert path == tmp_path / "net.params"  # exactly the name given, no ".npz" added
    loaded = load_params(path)
    assert list(loaded) == list(params)
    for key, value in params.items():
        np.testing.assert_array_equal(loaded[key], value)
        assert loaded[key].dtype == value.dtype and loaded[key].shape == value.shape
    assert not list(tmp_path.glob("*.tmp"))


def test_network_save_and_load(tmp_path: Path) -> None:
    from scratch.networks import TwoLayerNet

    net = TwoLayerNet(6, 5, 3, rng=1)
    net.save_params(tmp_path / "two.npz")
    other = TwoLayerNet(6, 5, 3, rng=2)
    other.load_params(tmp_path / "two.npz")
    for key in net.params:
        np.testing.assert_array_equal(other.params[key], net.params[key])


def test_save_refuses_objects_and_bad_names(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="'x' holds Python objects"):
        save_params({"x": np.array([1, "a"], dtype=object)}, tmp_path / "p.npz")
    with pytest.raises(TypeError, match="non-empty strings"):
        save_params({1: np.zeros(2)}, tmp_path / "p.npz")


def test_load_params_reads_the_books_pickles_safely(tmp_path: Path) -> None:
    path = tmp_path / "params.pkl"
    path.write_bytes(pickle.dumps({"W1": np.arange(3.0)}))
    np.testing.assert_array_equal(load_params(path)["W1"], [0.0, 1.0, 2.0])
    marker = tmp_path / "pwned"
    path.write_bytes(pickle.dumps({"W1": RunsShell(marker)}))
    with pytest.raises(pickle.UnpicklingError, match="refused global"):
        load_params(path)
    assert not marker.exists()


# -- the restricted unpickler ---------------------------------------------------------


class RunsShell:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


class OpensFile:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (builtins.open, (str(self.marker), "w"))


@pytest.mark.parametrize(("payload", "refused"), [(RunsShell, "system"), (OpensFile, "open")])
def test_malicious_pickle_is_refused_and_runs_nothing(
    tmp_path: Path, payload: type, refused: str
) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.pkl"
    path.write_bytes(pickle.dumps({"W1": np.zeros(2), "b1": payload(marker)}))
    with pytest.raises(pickle.UnpicklingError, match=rf"evil\.pkl.*refused global .*{refused}"):
        load_pickled_params(path)
    with pytest.raises(pickle.UnpicklingError):
        load_book_params(path)
    assert not marker.exists()
    # The same bytes through the ordinary unpickler would have done it:
    pickle.loads(path.read_bytes())
    assert marker.exists()


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_numpy_pickles_of_every_protocol_load(tmp_path: Path, protocol: int) -> None:
    params = OrderedDict(W1=np.arange(6.0).reshape(2, 3), b1=np.float32([1, 2]), s=np.float64(3.5))
    path = tmp_path / "ok.pkl"
    path.write_bytes(pickle.dumps(params, protocol=protocol))
    loaded = load_pickled_params(path)
    assert list(loaded) == ["W1", "b1", "s"]
    for key, value in params.items():
        np.testing.assert_array_equal(loaded[key], value)
        assert loaded[key].dtype == np.asarray(value).dtype


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        ([np.zeros(2)], "expected a dict of arrays, found list"),
        ({"W1": np.array([1, "a"], dtype=object)}, "refused dtype 'O8'"),
        ({"W1": [1.0, 2.0]}, "'W1' is not a numeric array"),
    ],
)
def test_pickles_that_are_not_parameter_dicts(tmp_path: Path, obj: object, message: str) -> None:
    path = tmp_path / "odd.pkl"
    path.write_bytes(pickle.dumps(obj))
    with pytest.raises(ValueError, match=message):
        load_pickled_params(path)


def test_unknown_book_name() -> None:
    with pytest.raises(FileNotFoundError, match="'sample_weight'"):
        load_book_params("no_such_weights")


# -- the book's files -----------------------------------------------------------------


@needs_book_weights
def test_book_files_load_with_expected_shapes(offline: Path) -> None:
    shapes = {
        "sample_weight": {"W1": (784, 50), "W2": (50, 100), "W3": (100, 10)},
        "simple_convnet": {"W1": (30, 1, 5, 5), "W2": (4320, 100), "W3": (100, 10)},
        "deep_convnet": {"W1": (16, 1, 3, 3), "W7": (1024, 50), "W8": (50, 10)},
    }
    for name, expected in shapes.items():
        params = load_book_params(name, data_dir=WEIGHTS_DIR)
        for key, shape in expected.items():
            assert params[key].shape == shape, (name, key)
    assert load_book_params("sample_weight", data_dir=WEIGHTS_DIR)["W1"].dtype == np.float32


@needs_book_weights
@needs_mnist_test
def test_chapter3_network_accuracy_is_the_books(offline: Path) -> None:
    p = load_book_params("sample_weight", data_dir=WEIGHTS_DIR)
    x, t = mnist("test", data_dir=MNIST_TEST_DIR)
    a1 = sigmoid(x @ p["W1"] + p["b1"])
    a2 = sigmoid(a1 @ p["W2"] + p["b2"])
    y = softmax(a2 @ p["W3"] + p["b3"])
    assert np.mean(y.argmax(axis=1) == t) == 0.9352


def test_book_weights_download_failure_is_clear(
    offline: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCRATCH_DATA", str(offline / "empty"))
    with pytest.raises(fetch_module.DatasetNotFoundError, match=r"(?s)sample_weight\.pkl.*weights"):
        load_book_params("sample_weight")


# The SHA-256 of the files the book's accuracies come from (0.9352, 0.989, 0.9935).
BOOK_WEIGHTS_SHA256 = {
    "sample_weight.pkl": "b7f55a27988ba34c3777b0f1bbd464817c8a4db855723e6ff26f703501917a13",
    "params.pkl": "290ab40c1b1218b392cdc155b633a5df642d829453702fa421ce5f3c6c55f779",
    "deep_convnet_params.pkl": "8c81d1d6ddedd08c8277c957f3af30a91e455a1d65474ec2b5a0e3527b7422cc",
}
BOOK_WEIGHTS_COMMIT = "0dda3d1715e2431b76eb4089b60881948853ba2a"


def test_book_weights_are_downloaded_from_the_pinned_commit() -> None:
    # The publisher's `master` serves other params.pkl and deep_convnet_params.pkl since 2022:
    # an address that follows a branch would fail its own SHA-256 check.
    weights = collection("weights")
    assert {name: spec.sha256 for name, spec in weights.files.items()} == BOOK_WEIGHTS_SHA256
    repositories = set()
    for mirror in weights.mirrors:
        for spec in weights.files.values():
            url = mirror + spec.remote_path
            host, owner, repository, commit, *path = url.removeprefix("https://").split("/")
            assert (host, commit) == ("raw.githubusercontent.com", BOOK_WEIGHTS_COMMIT), url
            assert "/".join(path) == spec.remote_path
            repositories.add(f"{owner}/{repository}")
    assert repositories == {
        "oreilly-japan/deep-learning-from-scratch",  # the publisher's
        "WegraLee/deep-learning-from-scratch",  # the Korean edition's
    }
