"""ReLU and Sigmoid as layers (chapter 5)."""

from __future__ import annotations

import numpy as np

from scratch.functions import sigmoid
from scratch.layers.base import Layer, require, require_forward


class Relu(Layer):
    """y = max(0, x); the gradient flows only where x > 0."""

    def __init__(self) -> None:
        self.mask: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.mask = x <= 0
        return np.where(self.mask, 0, x)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        require_forward(self, "mask")
        require(
            dout.shape == self.mask.shape,
            self,
            f"dout has shape {dout.shape}, forward output had {self.mask.shape}",
        )
        # A new array: the book zeroes dout in place, which corrupts the caller's copy.
        return np.where(self.mask, 0, dout)


class Sigmoid(Layer):
    """y = 1 / (1 + exp(-x)); dy/dx = y (1 - y), so backward needs only the output."""

    def __init__(self) -> None:
        self.out: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.out = sigmoid(x)
        return self.out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        require_forward(self, "out")
        require(
            dout.shape == self.out.shape,
            self,
            f"dout has shape {dout.shape}, forward output had {self.out.shape}",
        )
        return dout * (1 - self.out) * self.out
