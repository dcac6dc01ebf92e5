"""What every layer shares: the forward/backward contract and clear shape errors."""

from __future__ import annotations

from typing import ClassVar, NoReturn

import numpy as np


class Layer:
    """A node of the computational graph.

    ``forward(x)`` computes the output and remembers what ``backward`` needs;
    ``backward(dout)`` returns dL/dx and stores parameter gradients as ``d<name>``
    (``dW``, ``db``, ...). ``backward`` never writes into ``dout`` or into anything the
    caller holds, so calling it twice gives the same result.

    ``params`` names the attributes that hold learnable parameters; networks find
    parameters and gradients by walking their layers and reading these names.
    """

    params: ClassVar[tuple[str, ...]] = ()
    #: True for layers whose forward takes ``train_flg`` (Dropout, BatchNormalization).
    train_dependent: ClassVar[bool] = False

    def backward_params(self, dout: np.ndarray) -> None:
        """Only the parameter gradients (``dW``, ``db``, ...): for a layer whose dx nobody uses.

        ``Network.gradient`` calls it on the first layer, where dx would be the gradient
        with respect to the input data (PyTorch skips it too). Layers with parameters skip
        the dx product; the rest simply run ``backward``.
        """
        self.backward(dout)

    def grad(self, name: str) -> np.ndarray:
        return getattr(self, "d" + name)

    def __repr__(self) -> str:
        shapes = ", ".join(f"{n}={getattr(self, n).shape}" for n in self.params)
        return f"{type(self).__name__}({shapes})"


def fail(layer: object, message: str) -> NoReturn:
    """Raise ValueError naming the layer."""
    raise ValueError(f"{type(layer).__name__}: {message}")


def require(condition: bool, layer: object, message: str) -> None:
    """Raise ValueError naming the layer when a shape or input condition fails.

    The message is built before the call even when the check passes; on hot paths
    (forward and backward) write ``if not condition: fail(layer, f"...")`` instead, so the
    f-string is only formatted when there is an error to report.
    """
    if not condition:
        fail(layer, message)


def require_forward(layer: object, *names: str) -> None:
    """backward before forward is a usage error, not an AttributeError deep inside."""
    for name in names:
        if getattr(layer, name, None) is None:
            raise RuntimeError(f"{type(layer).__name__}.backward called before forward")
