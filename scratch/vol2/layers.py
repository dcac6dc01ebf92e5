"""Volume 2's layers: parameters in a ``params`` list, gradients in a ``grads`` list.

Volume 2 of the book keeps every layer's learnable arrays in ``layer.params`` and their
gradients, one array of the same shape each, in ``layer.grads``. ``backward`` overwrites the
gradient arrays in place (``self.grads[0][...] = dW``), so a model that concatenated its
layers' lists once still holds the current gradients after every step.

``MatMul``, ``Repeat`` and ``Sum`` are new here. ``Affine``, ``Sigmoid`` and
``SoftmaxWithLoss`` are volume 1's layers (:mod:`scratch.layers`) behind these lists: the
arithmetic, the shape checks and the dtype policy are theirs.

The page ``docs/vol2/ch01`` shows the sections marked ``--8<--`` below.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from scratch import layers as volume1
from scratch.layers.base import fail, require, saved

__all__ = [
    "Affine",
    "FromVolume1",
    "Layer",
    "MatMul",
    "Repeat",
    "Sigmoid",
    "SoftmaxWithLoss",
    "Sum",
]


# --8<-- [start:layer]
class Layer:
    """What every volume-2 layer has: ``params`` and ``grads``, two lists of arrays.

    ``grads[i]`` has the shape and dtype of ``params[i]``. ``backward(dout)`` returns
    dL/dx and writes each parameter's gradient into ``grads[i]`` in place; it never writes
    into ``dout`` or into its input. A layer without parameters has two empty lists.
    """

    params: list[np.ndarray]
    grads: list[np.ndarray]

    def forward(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def backward(self, dout: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(str(p.shape) for p in self.params)})"


# --8<-- [end:layer]


# --8<-- [start:matmul]
class MatMul(Layer):
    """y = x W for x (N, D) and W (D, H), giving y (N, H).

    Backward: dx = dout W^T (N, D) and dW = x^T dout (D, H).
    """

    def __init__(self, W: np.ndarray) -> None:
        require(W.ndim == 2, self, f"W must be 2-D (D, H), got shape {W.shape}")
        self.params = [W]
        self.grads = [np.zeros_like(W)]
        self.x: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        (W,) = self.params
        if x.ndim != 2 or x.shape[1] != W.shape[0]:
            fail(self, f"x of shape {x.shape} does not fit W {W.shape}: need (N, {W.shape[0]})")
        self.x = x
        return x @ W

    def backward(self, dout: np.ndarray) -> np.ndarray:
        (W,) = self.params
        x = saved(self, self.x)
        if dout.shape != (x.shape[0], W.shape[1]):
            fail(self, f"dout has shape {dout.shape}, expected {(x.shape[0], W.shape[1])}")
        self.grads[0][...] = x.T @ dout  # written in place
        return dout @ W.T


# --8<-- [end:matmul]


# --8<-- [start:repeat]
class Repeat(Layer):
    """Copy one row x (1, D) into N rows y (N, D); backward sums the N gradients."""

    def __init__(self, N: int) -> None:
        require(N >= 1, self, f"N must be at least 1, got {N}")
        self.N = int(N)
        self.params, self.grads = [], []
        self.D: int | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        if x.ndim != 2 or x.shape[0] != 1:
            fail(self, f"x must be one row (1, D), got shape {x.shape}")
        self.D = x.shape[1]
        return np.repeat(x, self.N, axis=0)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        D = saved(self, self.D)
        if dout.shape != (self.N, D):
            fail(self, f"dout has shape {dout.shape}, expected {(self.N, D)}")
        return dout.sum(axis=0, keepdims=True)


# --8<-- [end:repeat]


# --8<-- [start:sum]
class Sum(Layer):
    """Add the N rows of x (N, D) into one row y (1, D); backward copies dout to every row."""

    def __init__(self) -> None:
        self.params, self.grads = [], []
        self.shape: tuple[int, ...] | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        if x.ndim != 2:
            fail(self, f"x must be (N, D), got shape {x.shape}")
        self.shape = x.shape
        return x.sum(axis=0, keepdims=True)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        N, D = saved(self, self.shape)
        if dout.shape != (1, D):
            fail(self, f"dout has shape {dout.shape}, expected {(1, D)}")
        return np.repeat(dout, N, axis=0)


# --8<-- [end:sum]


# --8<-- [start:from-volume1]
class FromVolume1(Layer):
    """A volume-1 layer seen through volume 2's lists.

    ``params`` lists the very arrays the volume-1 layer computes with (in its ``params``
    order, e.g. W then b), so an optimizer that updates them in place updates the layer.
    ``backward`` copies the layer's gradients (``dW``, ``db``) into ``grads``.
    """

    def __init__(self, layer: Any) -> None:
        self.layer = layer
        self.names: tuple[str, ...] = getattr(layer, "params", ())
        self.params = [getattr(layer, name) for name in self.names]
        self.grads = [np.zeros_like(p) for p in self.params]

    def forward(self, *inputs: Any) -> Any:
        return self.layer.forward(*inputs)

    def backward(self, dout: Any = 1) -> Any:
        dx = self.layer.backward(dout)
        for grad, name in zip(self.grads, self.names, strict=True):
            grad[...] = self.layer.grad(name)  # in place, as MatMul does
        return dx


class Affine(FromVolume1):
    """y = x W + b: volume 1's ``Affine``; ``params`` is ``[W, b]``, ``grads`` ``[dW, db]``."""

    def __init__(self, W: np.ndarray, b: np.ndarray) -> None:
        super().__init__(volume1.Affine(W, b))


class Sigmoid(FromVolume1):
    """y = 1 / (1 + exp(-x)): volume 1's ``Sigmoid``; no parameters."""

    def __init__(self) -> None:
        super().__init__(volume1.Sigmoid())


class SoftmaxWithLoss(FromVolume1):
    """``forward(x, t)`` gives the mean cross-entropy of softmax(x); ``backward(dout=1)``
    gives (y - t) / N. Volume 1's layer: one-hot or integer labels, log-softmax loss."""

    def __init__(self) -> None:
        super().__init__(volume1.SoftmaxWithLoss())


# --8<-- [end:from-volume1]
