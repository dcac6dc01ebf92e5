"""Saving and loading parameters, and reading the book's published weights safely.

Our own format is ``.npz``: a zip of ``.npy`` arrays, one per parameter name, read with
``allow_pickle=False`` so loading a file can never run code.

The book ships trained weights as pickles (``sample_weight.pkl`` for chapter 3,
``params.pkl`` for SimpleConvNet, ``deep_convnet_params.pkl`` for DeepConvNet). A pickle
may name any importable callable and call it, so we read them with an unpickler that
only knows the few numpy functions that rebuild arrays; any other global is refused
before anything runs. The files are found in ``$SCRATCH_DATA/weights/`` or the user
cache, or downloaded from the book's repository and checked against pinned SHA-256 sums
(see :mod:`scratch.datasets.fetch`).
"""

from __future__ import annotations

import math
import os
import tempfile
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

import numpy as np

from scratch.datasets.fetch import fetch, locate
from scratch.datasets.sources import collection
from scratch.pickles import (  # noqa: F401 -- re-exported: the book's pickles are read here
    RestrictedUnpickler,
    UnsafePickleError,
    load_pickled_params,
    plain_dtype,
)

PathLike = str | os.PathLike[str]

# Short names for the book's files.
BOOK_PARAMS: dict[str, str] = {
    "sample_weight": "sample_weight.pkl",  # chapter 3, three-layer network
    "simple_convnet": "params.pkl",  # chapter 7, SimpleConvNet
    "deep_convnet": "deep_convnet_params.pkl",  # chapter 8, DeepConvNet
}


def save_params(params: Mapping[str, Any], path: PathLike) -> Path:
    """Write ``params`` to ``path`` (exactly that name) as a compressed ``.npz``.

    Written to a temporary file and renamed, so an interrupted save leaves the old file.
    """
    arrays = {key: _plain_array(key, value) for key, value in params.items()}
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz.tmp")
    try:
        with os.fdopen(fd, "wb") as f, zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as zf:
            for key, array in arrays.items():
                with zf.open(f"{key}.npy", "w", force_zip64=True) as member:
                    np.lib.format.write_array(member, array, allow_pickle=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _plain_array(key: object, value: Any) -> np.ndarray:
    if not isinstance(key, str) or not key:
        raise TypeError(f"save_params: parameter names must be non-empty strings, got {key!r}")
    array = np.asarray(value)
    if array.dtype.hasobject:
        raise TypeError(f"save_params: {key!r} holds Python objects, not numbers")
    return array


def load_params(path: PathLike, max_bytes: int | None = None) -> dict[str, np.ndarray]:
    """Read a file written by :func:`save_params` (or any ``.npz`` of numeric arrays).

    A pickle of arrays (the book's ``params.pkl``) is read too, through the restricted
    unpickler of :func:`load_pickled_params`: nothing it names is ever run.

    The arrays may take at most ``max_bytes`` once decompressed (default: 32 times the
    file's size, and at least 64 MiB), so a small file cannot unpack into gigabytes.
    """
    path = Path(path)
    with path.open("rb") as f:
        head = f.read(6)
    if head[:1] == b"\x80":
        return load_pickled_params(path)
    if head.startswith(b"\x93NUMPY"):
        raise ValueError(f"{path} holds a single array, not named parameters (.npz)")
    if not zipfile.is_zipfile(path):
        raise ValueError(f"{path}: neither an .npz archive of arrays nor a pickle of them")
    size = path.stat().st_size
    limit = max(NPZ_MIN_LIMIT, NPZ_RATIO * size) if max_bytes is None else max_bytes
    try:
        return _read_npz(path, limit)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise ValueError(f"{path}: damaged .npz archive ({exc})") from None


#: Decompression limit of :func:`load_params`: this many times the file's size, at least
#: NPZ_MIN_LIMIT bytes. Trained weights compress by about 1.1; zeros by 1000.
NPZ_RATIO = 32
NPZ_MIN_LIMIT = 64 << 20


def _read_npz(path: Path, limit: int) -> dict[str, np.ndarray]:
    params: dict[str, np.ndarray] = {}
    total = 0
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            where = f"{path}: {info.filename}"
            if not info.filename.endswith(".npy"):
                raise ValueError(f"{where}: not an .npy array")
            total += info.file_size  # what the archive says; reading never goes past it
            if total > limit:
                raise ValueError(f"{path}: its arrays take more than {limit} bytes "
                                 f"decompressed (from {path.stat().st_size}); if you trust "
                                 f"the file, pass max_bytes= to load_params")  # fmt: skip
            with zf.open(info) as member:
                params[info.filename[:-4]] = _read_npy(member, info.file_size, where)
    return params


def _read_npy(f: IO[bytes], size: int, where: str) -> np.ndarray:
    """One ``.npy`` member: a plain numeric dtype, exactly the bytes its header declares."""
    fmt = np.lib.format
    version = fmt.read_magic(f)
    if version not in ((1, 0), (2, 0)):
        raise ValueError(f"{where}: unsupported .npy version {version}")
    read_header = fmt.read_array_header_1_0 if version == (1, 0) else fmt.read_array_header_2_0
    shape, fortran, dtype = read_header(f)
    plain_dtype(dtype, where)
    nbytes = math.prod(shape) * dtype.itemsize
    data = f.read(min(nbytes, size) + 1)
    if len(data) != nbytes:
        raise ValueError(f"{where}: its header declares {shape} of {dtype} ({nbytes} bytes) "
                         f"but it holds {len(data)}")  # fmt: skip
    return np.frombuffer(bytearray(data), dtype).reshape(shape, order="F" if fortran else "C")


def check_entries(
    values: Mapping[str, Any], expected: Mapping[str, np.ndarray], where: str
) -> None:
    """That ``values`` has exactly the keys of ``expected``, each numeric, of its shape and
    finite; otherwise a ValueError naming ``where`` and the entries."""
    missing = [key for key in expected if key not in values]
    extra = [key for key in values if key not in expected]
    if missing or extra:
        raise ValueError(f"{where}: missing {missing}, unexpected {extra} "
                         f"(expected exactly {list(expected)})")  # fmt: skip
    for key, old in expected.items():
        value = np.asarray(values[key])
        plain_dtype(value.dtype, f"{where}: {key!r}")
        if value.shape != old.shape:
            raise ValueError(f"{where}: {key!r} has shape {value.shape}, expected {old.shape}")
        if not np.all(np.isfinite(value)):
            raise ValueError(f"{where}: {key!r} holds NaN or infinite values")


def book_params_available(*names: str, data_dir: PathLike | None = None) -> bool:
    """Whether the book's weight files ``names`` (all of them by default) are on disk with
    the right SHA-256; never downloads. ``scratch data fetch weights`` gets them."""
    weights = collection("weights")
    files = [BOOK_PARAMS[name] for name in names] if names else list(BOOK_PARAMS.values())
    return all(locate(weights, file, data_dir).path is not None for file in files)


def load_book_params(
    name_or_path: str | os.PathLike[str], data_dir: PathLike | None = None
) -> dict[str, np.ndarray]:
    """The book's trained weights by short name, or any such pickle by path.

    Names: ``"sample_weight"`` (chapter 3), ``"simple_convnet"`` (``params.pkl``),
    ``"deep_convnet"`` (``deep_convnet_params.pkl``). A name is found in ``data_dir``,
    ``$SCRATCH_DATA/weights/`` or the cache, else downloaded and verified.
    """
    if isinstance(name_or_path, str) and name_or_path in BOOK_PARAMS:
        file = BOOK_PARAMS[name_or_path]
        return load_pickled_params(fetch("weights", [file], data_dir)[file])
    path = Path(name_or_path)
    if not path.is_file():
        names = ", ".join(repr(n) for n in BOOK_PARAMS)
        raise FileNotFoundError(f"{path}: not a file, nor one of the book's names ({names})")
    return load_pickled_params(path)
