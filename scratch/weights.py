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

import codecs
import io
import os
import pickle
import tempfile
import zipfile
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from scratch.datasets.fetch import fetch, locate
from scratch.datasets.sources import collection

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


def load_params(path: PathLike) -> dict[str, np.ndarray]:
    """Read a file written by :func:`save_params` (or any ``.npz``) into a dict.

    A pickle of arrays (the book's ``params.pkl``) is read too, through the restricted
    unpickler of :func:`load_pickled_params`: nothing it names is ever run.
    """
    path = Path(path)
    with path.open("rb") as f:
        if f.read(1) == b"\x80":
            return load_pickled_params(path)
    loaded = np.load(path, allow_pickle=False)
    if not isinstance(loaded, np.lib.npyio.NpzFile):
        raise ValueError(f"{path} holds a single array, not named parameters (.npz)")
    with loaded:
        return {key: loaded[key] for key in loaded.files}


# -- the book's pickles ----------------------------------------------------------------


def _numpy_rebuilders() -> dict[str, Any]:
    # Ask numpy which functions its own pickles call, rather than importing private
    # modules whose names move between versions (numpy.core became numpy._core).
    return {
        "multiarray._reconstruct": np.ndarray.__reduce__(np.zeros(1))[0],
        "multiarray.scalar": np.float64(0).__reduce__()[0],
        "numeric._frombuffer": np.zeros(1).__reduce_ex__(5)[0],
    }


def _allowed_globals() -> dict[tuple[str, str], Any]:
    allowed: dict[tuple[str, str], Any] = {
        ("numpy", "ndarray"): np.ndarray,
        ("numpy", "dtype"): np.dtype,
        ("collections", "OrderedDict"): OrderedDict,
        ("_codecs", "encode"): codecs.encode,  # how protocol 2 stores bytes
    }
    for dotted, function in _numpy_rebuilders().items():
        module, name = dotted.split(".")
        for package in ("numpy.core", "numpy._core"):
            allowed[(f"{package}.{module}", name)] = function
    return allowed


class RestrictedUnpickler(pickle.Unpickler):
    """An unpickler that can rebuild numpy arrays and plain containers, nothing else."""

    allowed = _allowed_globals()

    def find_class(self, module: str, name: str) -> Any:
        try:
            return self.allowed[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(
                f"refused global {module}.{name}: only numpy arrays and plain containers "
                "may be loaded from a pickle"
            ) from None

    def persistent_load(self, pid: Any) -> Any:
        raise pickle.UnpicklingError("refused persistent id: not a plain pickle of arrays")


def load_pickled_params(path: PathLike) -> dict[str, np.ndarray]:
    """Read a pickled ``{name: ndarray}`` dict without running anything it names."""
    path = Path(path)
    data = path.read_bytes()
    try:
        obj = RestrictedUnpickler(io.BytesIO(data)).load()
    except pickle.UnpicklingError as exc:
        raise pickle.UnpicklingError(f"{path}: {exc}") from None
    if not isinstance(obj, dict):
        raise ValueError(f"{path}: expected a dict of arrays, found {type(obj).__name__}")
    params: dict[str, np.ndarray] = {}
    for key, value in obj.items():
        array = np.asarray(value) if isinstance(value, np.generic | np.ndarray) else None
        if not isinstance(key, str) or array is None or array.dtype.hasobject:
            raise ValueError(f"{path}: entry {key!r} is not a numeric array")
        params[key] = array
    return params


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
