"""Hostile files: refused with a message naming the file, never run, never a crash, and
never an allocation bigger than what the file carries.

Crafted pickles are built with ``__reduce__`` stand-ins, so each test shows the exact
instructions an attacker would write. Cases that crashed the interpreter before the fix
run in a child process, so a regression fails one test instead of killing the run.
"""

from __future__ import annotations

import codecs
import gzip
import os
import pickle
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path

import numpy as np
import pytest

from scratch.datasets import read_idx
from scratch.pickles import UnsafePickleError
from scratch.weights import load_params, load_pickled_params, save_params

RECONSTRUCT = np.ndarray.__reduce__(np.zeros(1))[0]  # numpy's own _reconstruct


class Reduce:
    """Pickles as ``func(*args)``, then BUILD with ``state`` if given."""

    def __init__(self, func: object, args: tuple, state: object = None) -> None:
        self.value = (func, args) if state is None else (func, args, state)

    def __reduce__(self):
        return self.value


def write_pickle(tmp_path: Path, obj: object, name: str = "evil.pkl", protocol: int = 2) -> Path:
    path = tmp_path / name
    path.write_bytes(pickle.dumps(obj, protocol=protocol))
    return path


def object_field_array() -> Reduce:
    """A dtype with an object field rebuilt through BUILD with flags 0, so that numpy's
    ``hasobject`` is False, and 8 bytes from the file as its "object pointer"."""
    state = (3, "|", None, ("f",), {"f": (np.dtype("O"), 0)}, 8, 1, 0)
    dtype = Reduce(np.dtype, ("V8", False, True), state)
    return Reduce(RECONSTRUCT, (np.ndarray, (0,), b"b"), (1, (1,), dtype, False, b"A" * 8))


def test_object_pointers_from_the_file_are_refused_without_a_crash(tmp_path: Path) -> None:
    path = write_pickle(tmp_path, {"W1": object_field_array()})
    assert len(path.read_bytes()) < 300
    script = (
        "import sys\nfrom scratch.weights import load_params\n"
        "try:\n    print(repr(load_params(sys.argv[1])))\n"
        "except ValueError as exc:\n    print('refused:', exc)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, f"the interpreter died: {run.returncode} {run.stderr[-300:]}"
    assert "refused:" in run.stdout and "evil.pkl" in run.stdout and "V8" in run.stdout


@pytest.mark.parametrize(
    ("value", "refused"),
    [
        (Reduce(np.ndarray, ((3 * 2**29,),)), "numpy.ndarray"),  # 12 GiB from 54 bytes
        (Reduce(np.ndarray, ((2**28,), "O")), "numpy.ndarray"),  # 2 GiB of object pointers
        (np.array(["ab", "cd"]), "dtype 'U2'"),
        (np.zeros(2, dtype=[("a", "f8"), ("b", "i4")]), "dtype 'V12'"),
        (np.array([1, None], dtype=object), "dtype 'O8'"),
        (np.array(["2020-01-01"], dtype="M8[D]"), "dtype 'M8'"),
        (Reduce(codecs.encode, ("x" * 10, "rot13")), "'rot13'"),
        (Reduce(np.dtype, ("f8", False, True)), "is not a numeric array"),
    ],
)
def test_only_plain_numeric_arrays_are_rebuilt(tmp_path: Path, value: object, refused: str) -> None:
    path = write_pickle(tmp_path, {"W1": value})
    tracemalloc.start()
    try:
        with pytest.raises(UnsafePickleError, match=rf"evil\.pkl: .*{refused}"):
            load_params(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20  # refused before anything big was allocated


def test_array_data_must_be_exactly_what_shape_and_dtype_need(tmp_path: Path) -> None:
    state = (1, (10**6,), np.dtype("f8"), False, b"\0" * 8)
    short = Reduce(RECONSTRUCT, (np.ndarray, (0,), b"b"), state)
    with pytest.raises(ValueError, match=r"evil\.pkl: .*needs 8000000 bytes, the file has 8"):
        load_params(write_pickle(tmp_path, {"W1": short}))


def test_refusals_are_value_errors_and_unpickling_errors(tmp_path: Path) -> None:
    path = write_pickle(tmp_path, {"W1": Reduce(os.system, ("true",))})
    with pytest.raises(ValueError, match="refused global"):
        load_pickled_params(path)
    with pytest.raises(pickle.UnpicklingError, match="refused global"):
        load_pickled_params(path)


@pytest.mark.parametrize("cut", [1, 40, -1])
def test_truncated_pickle_names_the_file(tmp_path: Path, cut: int) -> None:
    data = pickle.dumps({"W1": np.arange(20.0)}, protocol=3)
    path = tmp_path / "cut.pkl"
    path.write_bytes(data[:cut])
    with pytest.raises(UnsafePickleError, match=r"cut\.pkl"):
        load_pickled_params(path)


def test_byte_order_and_fortran_order_survive(tmp_path: Path) -> None:
    params = {"big": np.arange(6, dtype=">i4").reshape(2, 3)}
    params["F"] = np.asfortranarray(np.eye(3)[:, :2])
    for protocol in (2, 3, 4, 5):
        loaded = load_pickled_params(write_pickle(tmp_path, params, protocol=protocol))
        for key, value in params.items():
            np.testing.assert_array_equal(loaded[key], value)
            assert loaded[key].dtype == value.dtype
        loaded["F"][0, 0] = 5  # a writable copy, not a view of the file's bytes


# -- .npz ------------------------------------------------------------------------------


def npz_with_header(path: Path, shape: tuple[int, ...], data: bytes, chunks: int = 1) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("W1.npy", "w", force_zip64=True) as f:
            header = {"descr": "<f8", "fortran_order": False, "shape": shape}
            np.lib.format.write_array_header_1_0(f, header)
            for _ in range(chunks):
                f.write(data)
    return path


def test_npz_that_decompresses_far_beyond_its_size_is_refused(tmp_path: Path) -> None:
    path = npz_with_header(tmp_path / "bomb.npz", (10 * 2**20,), bytes(2**23), chunks=10)  # 80 MiB
    assert path.stat().st_size < 1 << 20
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=r"bomb\.npz: .*more than 67108864 bytes.*max_bytes"):
            load_params(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20
    # The limit is a default, not a wall: a caller who trusts the file may raise it.
    assert load_params(path, max_bytes=100 << 20)["W1"].shape == (10 * 2**20,)


def test_npz_limit_counts_every_member(tmp_path: Path) -> None:
    save_params({"a": np.zeros(1000), "b": np.zeros(1000)}, tmp_path / "two.npz")
    assert len(load_params(tmp_path / "two.npz", max_bytes=2 * (8000 + 128))) == 2  # + headers
    with pytest.raises(ValueError, match=r"two\.npz: .*more than 16000 bytes"):
        load_params(tmp_path / "two.npz", max_bytes=16000)


def test_npz_header_claiming_more_than_the_data_is_refused(tmp_path: Path) -> None:
    path = npz_with_header(tmp_path / "liar.npz", (10**10,), bytes(80))
    with pytest.raises(ValueError, match=r"liar\.npz: W1\.npy: .*80000000000 bytes.*holds 80"):
        load_params(path)
    path = npz_with_header(tmp_path / "long.npz", (2,), bytes(24))
    with pytest.raises(ValueError, match=r"long\.npz: W1\.npy: .*16 bytes.*holds 17"):
        load_params(path)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: np.savez(p, W1=np.array([1, None], dtype=object)), "not a plain numeric"),
        (lambda p: np.save(p, np.zeros(3)), "single array"),
        (lambda p: p.write_text("hello"), "neither an .npz"),
        (lambda p: zipfile.ZipFile(p, "w").writestr("notes.txt", "hi"), "notes.txt: not an .npy"),
        (lambda p: p.write_bytes(zip_with_bad_crc()), "damaged .npz"),
    ],
)
def test_npz_that_is_not_numeric_arrays_names_the_file(tmp_path: Path, make, message: str) -> None:
    path = tmp_path / "odd.npz"
    make(path)
    if not path.exists():  # np.save appends .npy
        path = tmp_path / "odd.npz.npy"
        path.rename(tmp_path / "odd.npz")
        path = tmp_path / "odd.npz"
    with pytest.raises(ValueError, match=rf"odd\.npz.*{message}"):
        load_params(path)


def zip_with_bad_crc() -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        with zf.open("W1.npy", "w") as f:
            np.lib.format.write_array(f, np.arange(4.0))
    data = bytearray(buffer.getvalue())
    data[data.index(b"\x93NUMPY") + 90] ^= 0xFF  # one byte of the array data
    return bytes(data)


# -- IDX -------------------------------------------------------------------------------


def test_idx_gzip_bomb_is_refused_after_what_the_header_declares(tmp_path: Path) -> None:
    path = tmp_path / "labels-idx1-ubyte.gz"
    path.write_bytes(gzip.compress(bytes([0, 0, 8, 1, 0, 0, 0, 10]) + bytes(2**26), 1))
    assert path.stat().st_size < 1 << 20  # 64 MiB of zeros behind a 10-label header
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=r"labels-idx1-ubyte\.gz: has trailing bytes"):
            read_idx(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 << 20


def test_idx_header_claiming_gigabytes_reads_only_what_is_there(tmp_path: Path) -> None:
    path = tmp_path / "huge-idx3-ubyte"
    path.write_bytes(bytes([0, 0, 8, 3]) + (2**16).to_bytes(4, "big") * 3 + bytes(10))
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=r"huge-idx3-ubyte: truncated: .*found 10"):
            read_idx(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 << 20
