"""Output arrays a layer hands out and takes back once nobody holds them any more.

A fresh multi-megabyte array for every forward and backward call costs more than the
arithmetic done in it. glibc gives large freed blocks back to the operating system, and
the next step's allocation page-faults them in again, 4 KiB at a time: a SimpleConvNet
training step on 100 images took 1,500 to 2,000 page faults, a third of its time.

A layer that keeps the array it returned last time, and reuses it when the caller has
let go of it, avoids that. "Let go" is read off the reference count, which CPython keeps
exactly: while anyone holds the array, or any view of it (a view holds its base), the
count is higher and the layer allocates a new one. NumPy reuses temporaries in
``a + b + c`` by the same test. Values never depend on it: a reused array is written in
full before it is returned.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable

import numpy as np

#: Smaller arrays are allocated as usual: malloc serves them from memory it keeps.
MIN_BYTES = 1 << 20


class Spare:
    """One reusable output array: ``spare.like(x)`` gives an uninitialised array like x.

    ``np.multiply(a, b, out=spare.like(a))`` then writes into last call's array if it is
    free and of a's shape, dtype and memory layout. For a small or non-float array, ``like``
    returns None, and NumPy allocates as if ``out`` had not been given.
    """

    __slots__ = ("_array", "_layout")

    def __init__(self) -> None:
        self._array: np.ndarray | None = None
        self._layout: tuple = ()

    def like(self, x: np.ndarray) -> np.ndarray | None:
        if x.dtype.kind != "f" or x.nbytes < MIN_BYTES:
            return None
        return self._take((x.shape, x.dtype, axis_order(x)), lambda: np.empty_like(x))

    def empty(self, shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
        """An uninitialised C-ordered array: last call's array when it is free, as ``like``."""
        dtype = np.dtype(dtype)
        if dtype.kind != "f" or math.prod(shape) * dtype.itemsize < MIN_BYTES:
            return np.empty(shape, dtype)
        return self._take((shape, dtype, "C"), lambda: np.empty(shape, dtype))

    def _take(self, layout: tuple, make: Callable[[], np.ndarray]) -> np.ndarray:
        array = self._array
        if array is not None and self._layout == layout and sys.getrefcount(array) <= _FREE:
            return array
        self._array, self._layout = make(), layout
        return self._array

    def zeros_like(self, x: np.ndarray) -> np.ndarray:
        """An array of zeros like x: last call's array, zeroed, when ``like`` would give it."""
        out = self.like(x)
        if out is None:
            return np.zeros_like(x)
        out.fill(0)
        return out


def axis_order(x: np.ndarray) -> tuple[int, ...]:
    """x's axes from outermost to innermost in memory (empty_like(x) keeps this order;
    Convolution returns transposed views, and the layers after it keep their layout)."""
    return tuple(sorted(range(x.ndim), key=lambda axis: -x.strides[axis]))


def _free_count() -> int:
    """The count ``_take`` sees for an array only the Spare holds: 3 on CPython 3.11 (the
    Spare, ``_take``'s local name, getrefcount's argument). Measured the same way, not assumed."""
    spare = Spare()
    spare._array = np.empty(0)
    array = spare._array
    return sys.getrefcount(array)


_FREE = _free_count()
