"""What every layer shares: the forward/backward contract and clear shape errors."""

from __future__ import annotations

from typing import ClassVar, NoReturn, TypeVar

import numpy as np

T = TypeVar("T")


class Layer:
    """A node of the computational graph with one input: the contract every layer keeps.

    - ``forward(x, train_flg=False)`` computes the output and remembers what ``backward``
      needs. Every layer accepts ``train_flg``; only Dropout and BatchNormalization act on
      it (their default is ``True``, as in the book), the others ignore it. A network
      therefore calls ``layer.forward(x, train_flg)`` on every layer alike.
    - ``backward(dout)`` returns dL/dx and stores each parameter's gradient as
      ``d<name>`` (``dW``, ``db``, ...). It never writes into ``dout`` or into anything the
      caller holds, so calling it twice gives the same result.
    - ``backward_params(dout)`` stores the parameter gradients only. A network calls it on
      its first layer, whose dx (the gradient with respect to the input data) nobody uses:
      layers with parameters then skip the dx product. By default it runs ``backward``.

    ``params`` names the attributes that hold learnable parameters; networks find
    parameters and gradients by walking their layers and reading these names. ``state``
    names the other arrays that predictions depend on (batch norm's running averages):
    not learned by gradient, but saved and loaded with the parameters.
    """

    params: ClassVar[tuple[str, ...]] = ()
    state: ClassVar[tuple[str, ...]] = ()

    def forward(self, x: np.ndarray, train_flg: bool = False) -> np.ndarray:
        """The layer's output for a batch ``x``."""
        raise NotImplementedError

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """dL/dx, given dL/d(output) ``dout`` of the last forward's output shape."""
        raise NotImplementedError

    def backward_params(self, dout: np.ndarray) -> None:
        """Only the parameter gradients (``dW``, ``db``, ...): for a layer whose dx nobody uses."""
        self.backward(dout)

    def grad(self, name: str) -> np.ndarray:
        return saved(self, getattr(self, "d" + name))

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


def test_mode_backward(layer: object) -> NoReturn:
    """Backward after a test-mode forward: there is no training batch to differentiate."""
    fail(layer, "backward needs a forward with train_flg=True, but the last forward ran in "
         "test mode (train_flg=False)")  # fmt: skip


def saved(layer: object, value: T | None) -> T:
    """What forward stored for backward; backward before forward is a usage error."""
    if value is None:
        raise RuntimeError(f"{type(layer).__name__}.backward called before forward")
    return value
