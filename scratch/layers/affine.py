"""The fully connected layer y = x W + b (chapter 5)."""

from __future__ import annotations

import math

import numpy as np

from scratch.layers.base import Layer, fail, require, saved


# --8<-- [start:affine]
class Affine(Layer):
    """y = x @ W + b for a batch x of shape (N, ...), flattened to (N, D) like the book.

    Backward: dx = dout @ W.T, dW = x.T @ dout, db = sum of dout over the batch axis.
    """

    params = ("W", "b")

    def __init__(self, W: np.ndarray, b: np.ndarray) -> None:
        require(W.ndim == 2, self, f"W must be 2-D (in, out), got shape {W.shape}")
        require(b.shape == (W.shape[1],), self, f"b has shape {b.shape}, W has {W.shape}")
        self.W, self.b = W, b
        self.x: np.ndarray | None = None
        self.original_x_shape: tuple[int, ...] = ()
        self.dW: np.ndarray | None = None
        self.db: np.ndarray | None = None

    def forward(self, x: np.ndarray, train_flg: bool = False) -> np.ndarray:
        if x.ndim < 2:
            fail(self, f"x must have a batch axis, got shape {x.shape}")
        self.original_x_shape = x.shape
        x2 = x.reshape(x.shape[0], math.prod(x.shape[1:]))  # not -1: N may be 0
        if x2.shape[1] != self.W.shape[0]:
            fail(self, f"x of shape {x.shape} has {x2.shape[1]} features per sample, "
                 f"W of shape {self.W.shape} expects {self.W.shape[0]}")  # fmt: skip
        self.x = x2
        return x2 @ self.W + self.b

    def backward(self, dout: np.ndarray) -> np.ndarray:
        self.backward_params(dout)
        dx = dout @ self.W.T
        return dx.reshape(self.original_x_shape)

    def backward_params(self, dout: np.ndarray) -> None:
        x = saved(self, self.x)
        expected = (x.shape[0], self.W.shape[1])
        if dout.shape != expected:
            fail(self, f"dout has shape {dout.shape}, expected {expected}")
        self.dW = x.T @ dout
        self.db = dout.sum(axis=0)
        # --8<-- [end:affine]
