"""What every layer shares: the forward/backward contract and clear shape errors."""

from __future__ import annotations

from typing import ClassVar

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

    def grad(self, name: str) -> np.ndarray:
        return getattr(self, "d" + name)

    def __repr__(self) -> str:
        shapes = ", ".join(f"{n}={getattr(self, n).shape}" for n in self.params)
        return f"{type(self).__name__}({shapes})"


def require(condition: bool, layer: object, message: str) -> None:
    """Raise ValueError naming the layer when a shape or input condition fails."""
    if not condition:
        raise ValueError(f"{type(layer).__name__}: {message}")


def require_forward(layer: object, *names: str) -> None:
    """backward before forward is a usage error, not an AttributeError deep inside."""
    for name in names:
        if getattr(layer, name, None) is None:
            raise RuntimeError(f"{type(layer).__name__}.backward called before forward")
