"""Volume 2's TwoLayerNet: Affine -> Sigmoid -> Affine, then Softmax-with-Loss."""

from __future__ import annotations

import numpy as np

from scratch.networks.init import init_weight
from scratch.rng import Seed, generator
from scratch.vol2.layers import Affine, Layer, Sigmoid, SoftmaxWithLoss

__all__ = ["TwoLayerNet"]


# --8<-- [start:two-layer-net]
class TwoLayerNet:
    """``TwoLayerNet(input_size, hidden_size, output_size)``; weights ~ N(0, 0.01^2), biases 0.

    ``params`` and ``grads`` are the layers' lists joined in order: [W1, b1, W2, b2] and
    their gradients, the very arrays the layers hold. ``rng`` is a seed or a Generator;
    ``None`` draws from numpy's global generator, as the book's ``np.random.randn``.
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        output_size: int,
        rng: Seed = None,
        dtype: np.dtype | type = np.float64,
    ) -> None:
        I, H, O = input_size, hidden_size, output_size  # noqa: E741 -- the book's names
        gen = generator(rng)
        W1 = init_weight(gen, (I, H), 0.01, dtype)
        b1 = np.zeros(H, dtype=dtype)
        W2 = init_weight(gen, (H, O), 0.01, dtype)
        b2 = np.zeros(O, dtype=dtype)

        self.layers: list[Layer] = [Affine(W1, b1), Sigmoid(), Affine(W2, b2)]
        self.loss_layer = SoftmaxWithLoss()

        # Every layer's parameters and gradients, in one pair of lists.
        self.params: list[np.ndarray] = []
        self.grads: list[np.ndarray] = []
        for layer in self.layers:
            self.params += layer.params
            self.grads += layer.grads

    def predict(self, x: np.ndarray) -> np.ndarray:
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def forward(self, x: np.ndarray, t: np.ndarray) -> float:
        score = self.predict(x)
        return self.loss_layer.forward(score, t)

    def backward(self, dout: float = 1) -> np.ndarray:
        dx = self.loss_layer.backward(dout)
        for layer in reversed(self.layers):
            dx = layer.backward(dx)
        return dx


# --8<-- [end:two-layer-net]
