"""Reading the book's pickled weights without running, or trusting, anything they say.

A pickle is a small program: it names callables (any importable one) and calls them with
arguments from the file, and it sets the state of the objects they return. The book's
``.pkl`` files only rebuild numpy arrays, so this unpickler knows nothing else, and even
those few numpy names stand for checking stand-ins, never numpy's own functions:

- ``numpy.dtype`` becomes a :class:`_DType` record that accepts only a plain number type
  (bool, int, float, complex) in either byte order: a dtype with fields or objects, whose
  "object pointers" would be bytes from the file, is refused before numpy sees it.
- ``numpy.ndarray`` may be named (numpy's pickles pass it to ``_reconstruct``) but not
  called: calling it would allocate an array of any size the file asks for.
- ``_reconstruct``, ``_frombuffer`` and ``scalar`` become :class:`_Array` records. The data
  must be raw bytes from the file, exactly as many as shape and dtype need, so no array is
  bigger than the file that carries it. Arrays are built after unpickling, from checked
  records, and no pickle instruction ever reaches a real numpy object.

It runs on Python's own pure-Python unpickler, which reads at most what the file holds
(the C one reserves whatever length a field announces before reading it).
"""

from __future__ import annotations

import io
import math
import pickle
import re
from collections import OrderedDict
from pathlib import Path
from typing import Any, NoReturn

import numpy as np


class UnsafePickleError(pickle.UnpicklingError, ValueError):
    """The file asks for something other than plain numeric arrays in a dict."""


def refuse(message: str) -> NoReturn:
    raise UnsafePickleError(message)


def plain_dtype(dtype: np.dtype, where: str) -> np.dtype:
    """``dtype`` if it is a plain number type (bool, int, float, complex), else ValueError."""
    if dtype.kind not in "biufc" or dtype.fields is not None or dtype.subdtype is not None:
        raise ValueError(f"{where}: dtype {dtype} is not a plain numeric type")
    return dtype


_PLAIN_CODE = re.compile(r"[biufc]\d{1,2}|\?")  # how numpy's pickles spell number dtypes


class _DType:
    """``numpy.dtype(code, align, copy)`` followed by BUILD with its byte order."""

    code, order = "", "|"  # also what a record made without __init__ (NEWOBJ) has

    def __init__(self, code: object, align: object = False, copy: object = True) -> None:
        if not isinstance(code, str) or not _PLAIN_CODE.fullmatch(code):
            refuse(f"refused dtype {code!r}: only plain numeric arrays may be loaded")
        self.code, self.order = code, "|"

    def __setstate__(self, state: object) -> None:
        # (version, byte order, subarray, names, fields, elsize, alignment, flags)
        if not isinstance(state, tuple) or len(state) not in (8, 9):
            refuse("refused dtype state: not numpy's")
        if state[2:5] != (None, None, None) or state[1] not in ("<", ">", "|", "="):
            refuse("refused dtype with fields or sub-arrays: only plain numeric arrays")
        self.order = state[1]

    def resolve(self) -> np.dtype:
        if not _PLAIN_CODE.fullmatch(self.code):
            refuse("refused dtype: not made by numpy.dtype(code)")
        dtype = np.dtype(self.code)
        if self.order in ("<", ">"):
            dtype = dtype.newbyteorder("<" if self.order == "<" else ">")
        return plain_dtype(dtype, "refused")


class _NamedOnly:
    """``numpy.ndarray``: an argument of ``_reconstruct``, never to be called."""

    def __call__(self, *args: object) -> NoReturn:
        refuse("refused call of numpy.ndarray: array data must come from the file")


NDARRAY = _NamedOnly()


def _array(data: object, dtype: object, shape: object, fortran: object) -> np.ndarray:
    """An array from checked parts: raw bytes, exactly as many as shape and dtype need."""
    if not isinstance(dtype, _DType):
        refuse("refused array: its dtype is not a plain numeric numpy dtype")
    resolved = dtype.resolve()
    if not isinstance(shape, tuple) or not all(type(n) is int and n >= 0 for n in shape):
        refuse(f"refused array shape {shape!r}")
    if not isinstance(data, bytes | bytearray | pickle.PickleBuffer):
        refuse("refused array: its data is not raw bytes")
    data = bytes(data)
    needed = math.prod(shape) * resolved.itemsize
    if len(data) != needed:
        refuse(f"refused array: {shape} of {resolved} needs {needed} bytes, the file has "
               f"{len(data)}")  # fmt: skip
    if needed == 0:
        return np.zeros(shape, resolved)
    flat = np.frombuffer(bytearray(data), resolved)
    return flat.reshape(shape, order="F") if fortran is True else flat.reshape(shape)


class _Array:
    """An array to be built once unpickling is over (see :func:`_array`)."""

    array: np.ndarray | None = None  # also what a record made without __init__ (NEWOBJ) has

    def __init__(self, cls: object = None, shape: object = None, typecode: object = None) -> None:
        if cls is not NDARRAY:
            refuse("refused _reconstruct of anything but numpy.ndarray")

    @classmethod
    def done(cls, array: np.ndarray) -> _Array:
        record = cls(NDARRAY)
        record.array = array
        return record

    def __setstate__(self, state: object) -> None:
        # (version, shape, dtype, is_fortran, raw data), set once on an empty record.
        if self.array is not None or not isinstance(state, tuple) or len(state) != 5:
            refuse("refused array state: not numpy's")
        _, shape, dtype, fortran, data = state
        self.array = _array(data, dtype, shape, fortran)


def _frombuffer(data: object, dtype: object, shape: object, order: object) -> _Array:
    if order not in ("C", "F"):
        refuse(f"refused array order {order!r}")
    return _Array.done(_array(data, dtype, shape, order == "F"))


def _scalar(dtype: object, data: object = b"") -> _Array:
    return _Array.done(_array(data, dtype, (), False))


def _latin1(text: object, encoding: object = "utf-8") -> bytes:
    """``_codecs.encode(text, 'latin1')``: how protocol 2 stores bytes, nothing else."""
    if not isinstance(text, str) or encoding not in ("latin1", "latin-1"):
        refuse(f"refused _codecs.encode with {encoding!r}")
    return text.encode("latin1")


def _allowed_globals() -> dict[tuple[str, str], object]:
    allowed: dict[tuple[str, str], object] = {
        ("numpy", "ndarray"): NDARRAY,
        ("numpy", "dtype"): _DType,
        ("collections", "OrderedDict"): OrderedDict,
        ("_codecs", "encode"): _latin1,
    }
    # numpy.core became numpy._core in numpy 2; pickles carry either name.
    for package in ("numpy.core", "numpy._core"):
        allowed[(f"{package}.multiarray", "_reconstruct")] = _Array
        allowed[(f"{package}.multiarray", "scalar")] = _scalar
        allowed[(f"{package}.numeric", "_frombuffer")] = _frombuffer
    return allowed


class RestrictedUnpickler(pickle._Unpickler):
    """An unpickler that can rebuild plain numeric numpy arrays and dicts, nothing else."""

    allowed = _allowed_globals()

    def find_class(self, module: str, name: str) -> Any:
        try:
            return self.allowed[(module, name)]
        except KeyError:
            refuse(f"refused global {module}.{name}: only numpy arrays and plain containers "
                   "may be loaded from a pickle")  # fmt: skip

    def persistent_load(self, pid: Any) -> Any:
        refuse("refused persistent id: not a plain pickle of arrays")


def load_pickled_params(path: str | Path) -> dict[str, np.ndarray]:
    """Read a pickled ``{name: ndarray}`` dict without running anything it names."""
    path = Path(path)
    try:
        obj = RestrictedUnpickler(io.BytesIO(path.read_bytes())).load()
    except UnsafePickleError as exc:
        raise UnsafePickleError(f"{path}: {exc}") from None
    except Exception as exc:  # a damaged stream fails anywhere inside the unpickler
        raise UnsafePickleError(f"{path}: not a readable pickle ({exc})") from None
    if not isinstance(obj, dict):
        raise UnsafePickleError(f"{path}: expected a dict of arrays, found {type(obj).__name__}")
    params: dict[str, np.ndarray] = {}
    for key, value in obj.items():
        if not isinstance(key, str) or not isinstance(value, _Array) or value.array is None:
            raise UnsafePickleError(f"{path}: entry {key!r} is not a numeric array")
        params[key] = value.array
    return params
