"""ReLU and Sigmoid as layers (chapter 5)."""

from __future__ import annotations

import numpy as np

from scratch.buffers import Spare
from scratch.functions import sigmoid
from scratch.layers.base import Layer, fail, saved


# --8<-- [start:relu]
class Relu(Layer):
    """y = max(0, x); the gradient flows only where x > 0."""

    def __init__(self) -> None:
        self.keep: np.ndarray | None = None
        # The output arrays, reused once the caller lets go of them.
        self._out, self._dx = Spare(), Spare()

    @property
    def mask(self) -> np.ndarray | None:
        """The book's ``mask``: True where x <= 0, i.e. where the gradient is blocked."""
        return None if self.keep is None else ~self.keep

    def forward(self, x: np.ndarray, train_flg: bool = False) -> np.ndarray:
        self.keep = x <= 0  # the book's mask, then inverted in place (NaN counts as kept,
        np.logical_not(self.keep, out=self.keep)  # as in the book, unlike x > 0)
        # max(x, 0) against an array of zeros: NumPy vectorises
        # that loop, not the one against the number 0 (twice as slow).
        zeros = self._out.zeros_like(x)
        return np.maximum(x, zeros, out=zeros)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        keep = saved(self, self.keep)
        if dout.shape != keep.shape:
            fail(self, f"dout has shape {dout.shape}, forward output had {keep.shape}")
        # Not in place: the book zeroes dout itself, which corrupts
        # the caller's copy. Multiplying by the boolean mask is
        # several times faster than np.where here.
        return np.multiply(dout, keep, out=self._dx.like(dout))
        # --8<-- [end:relu]


# --8<-- [start:sigmoid]
class Sigmoid(Layer):
    """y = 1 / (1 + exp(-x)); dy/dx = y (1 - y), so backward needs only the output."""

    def __init__(self) -> None:
        self.out: np.ndarray | None = None

    def forward(self, x: np.ndarray, train_flg: bool = False) -> np.ndarray:
        self.out = sigmoid(x)
        return self.out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        out = saved(self, self.out)
        if dout.shape != out.shape:
            fail(self, f"dout has shape {dout.shape}, forward output had {out.shape}")
        return dout * (1 - out) * out
        # --8<-- [end:sigmoid]
