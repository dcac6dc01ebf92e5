"""Finding and downloading: look-up order, hashes, mirrors, offline failure.

The "mirrors" are a tiny HTTP server on 127.0.0.1 serving files the tests write; the
MNIST collection is swapped (monkeypatch) for one whose pinned hashes are those files'.
Nothing here contacts any other address.
"""

from __future__ import annotations

import hashlib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from scratch.datasets import DatasetNotFoundError, available, mnist, sources, write_idx
from scratch.datasets import fetch as fetch_module
from scratch.datasets.fetch import fetch

FILES = {
    "t10k-images-idx3-ubyte.gz": np.arange(3 * 28 * 28, dtype=np.uint8).reshape(3, 28, 28),
    "t10k-labels-idx1-ubyte.gz": np.array([3, 1, 4], dtype=np.uint8),
}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A directory served over HTTP on 127.0.0.1; yields (base URL, directory)."""
    root = tmp_path / "mirror"
    root.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", root
    finally:
        server.shutdown()
        server.server_close()


def closed_port_url() -> str:
    """A localhost URL nobody listens on: connections are refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@pytest.fixture
def tiny_mnist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, served: tuple[str, Path]
) -> tuple[str, Path]:
    """MNIST's test split replaced by three tiny images served from a local mirror."""
    url, root = served
    specs = {}
    for name, array in FILES.items():
        path = write_idx(root / name, array)
        specs[name] = sources.FileSpec(name, hashlib.sha256(path.read_bytes()).hexdigest())
    tiny = replace(sources.MNIST, files=specs, mirrors=(url,))
    monkeypatch.setitem(sources.COLLECTIONS, "mnist", tiny)
    monkeypatch.delenv("SCRATCH_DATA", raising=False)
    monkeypatch.delenv("SCRATCH_OFFLINE", raising=False)
    monkeypatch.setenv("SCRATCH_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(fetch_module, "SYSTEM_DATA_DIR", tmp_path / "system")
    return url, root


def set_mirrors(monkeypatch: pytest.MonkeyPatch, *mirrors: str) -> None:
    coll = replace(sources.COLLECTIONS["mnist"], mirrors=mirrors)
    monkeypatch.setitem(sources.COLLECTIONS, "mnist", coll)


def test_download_then_load(tiny_mnist: tuple[str, Path], tmp_path: Path) -> None:
    assert not available("mnist", "test")
    x, t = mnist("test", normalize=False, flatten=False)
    np.testing.assert_array_equal(x[:, 0], FILES["t10k-images-idx3-ubyte.gz"])
    np.testing.assert_array_equal(t, [3, 1, 4])
    assert available("mnist", "test")
    assert (tmp_path / "cache" / "mnist" / "t10k-images-idx3-ubyte.gz").is_file()


def test_second_mirror_is_used_when_the_first_is_down(
    tiny_mnist: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    set_mirrors(monkeypatch, closed_port_url(), tiny_mnist[0])
    assert mnist("test")[1].tolist() == [3, 1, 4]


def test_checksum_mismatch_is_detected_and_nothing_is_kept(
    tiny_mnist: tuple[str, Path], tmp_path: Path
) -> None:
    _, root = tiny_mnist
    write_idx(root / "t10k-labels-idx1-ubyte.gz", np.array([9, 9, 9], np.uint8))  # tampered
    with pytest.raises(DatasetNotFoundError) as caught:
        mnist("test")
    message = str(caught.value)
    assert "t10k-labels-idx1-ubyte.gz" in message and "hash" in message.lower()
    assert not (tmp_path / "cache" / "mnist" / "t10k-labels-idx1-ubyte.gz").exists()


def test_corrupted_cached_file_is_fetched_again(
    tiny_mnist: tuple[str, Path], tmp_path: Path
) -> None:
    mnist("test")
    cached = tmp_path / "cache" / "mnist" / "t10k-images-idx3-ubyte.gz"
    good = cached.read_bytes()
    cached.write_bytes(good[:-20])  # a download cut short
    assert not available("mnist", "test")
    assert mnist("test", normalize=False)[0].shape == (3, 784)
    assert cached.read_bytes() == good


def test_damaged_npz_cache_is_rebuilt(tiny_mnist: tuple[str, Path], tmp_path: Path) -> None:
    mnist("test")
    (npz,) = (tmp_path / "cache" / "mnist").glob("test-*.npz")
    npz.write_bytes(b"not a zip")
    assert mnist("test")[1].tolist() == [3, 1, 4]
    with np.load(npz, allow_pickle=False) as f:
        assert f["labels"].tolist() == [3, 1, 4]


def test_look_up_order_and_wrong_local_copy(
    tiny_mnist: tuple[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, root = tiny_mnist
    set_mirrors(monkeypatch, closed_port_url())  # everything must come from disk
    given = tmp_path / "given"
    data = tmp_path / "data" / "mnist"
    for directory in (given, data):
        directory.mkdir(parents=True)
        for name in FILES:
            (directory / name).write_bytes((root / name).read_bytes())
    monkeypatch.setenv("SCRATCH_DATA", str(tmp_path / "data"))
    name = "t10k-labels-idx1-ubyte.gz"
    assert fetch("mnist", [name], data_dir=given)[name] == given / name
    assert fetch("mnist", [name])[name] == data / name
    (data / name).write_bytes(b"something else")
    with pytest.warns(UserWarning, match="ignoring .*wrong|ignoring .*SHA-256"):
        with pytest.raises(DatasetNotFoundError, match=r"(?s)ignored .*data/mnist.*wrong SHA-256"):
            fetch("mnist", [name])


def test_offline_fails_fast_with_one_clear_error(
    tiny_mnist: tuple[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    down = closed_port_url()
    set_mirrors(monkeypatch, down, closed_port_url())
    start = time.monotonic()
    with pytest.raises(DatasetNotFoundError) as caught:
        mnist("test", data_dir=tmp_path / "nowhere")
    assert time.monotonic() - start < 10
    error = caught.value
    message = str(error)
    assert isinstance(error, FileNotFoundError)
    for name in FILES:
        assert name in message
    for directory in (tmp_path / "nowhere", tmp_path / "cache" / "mnist"):
        assert str(directory) in message
    assert down in message and "cannot connect" in message
    assert "SCRATCH_DATA" in message and "data_dir" in message
    assert sorted(error.missing) == sorted(FILES)


def test_scratch_offline_turns_downloads_off(
    tiny_mnist: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCRATCH_OFFLINE", "1")
    with pytest.raises(DatasetNotFoundError, match="Downloads are off"):
        mnist("test")
    monkeypatch.setenv("SCRATCH_OFFLINE", "0")
    assert mnist("test")[1].tolist() == [3, 1, 4]


def test_cache_dir_follows_scratch_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SCRATCH_CACHE", str(tmp_path / "c"))
    assert fetch_module.cache_dir() == tmp_path / "c"
    monkeypatch.delenv("SCRATCH_CACHE")
    assert fetch_module.cache_dir().name == "scratch"
