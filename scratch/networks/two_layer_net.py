"""The two-layer network of chapters 4 and 5: Affine -> ReLU -> Affine -> Softmax-with-Loss."""

from __future__ import annotations

import numpy as np

from scratch.layers import Affine, Layer, Relu, SoftmaxWithLoss
from scratch.networks.base import Network
from scratch.networks.init import init_weight
from scratch.rng import Seed, generator


# --8<-- [start:two_layer_net]
class TwoLayerNet(Network):
    """``TwoLayerNet(784, 50, 10)``; weights ~ N(0, weight_init_std^2), biases zero.

    ``rng`` is a seed or a ``np.random.Generator``: the same seed gives the same network.
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        output_size: int,
        weight_init_std: float = 0.01,
        rng: Seed = None,
        dtype: np.dtype | type = np.float64,
    ) -> None:
        rng = generator(rng)
        self.layers: dict[str, Layer] = {
            "Affine1": Affine(
                init_weight(rng, (input_size, hidden_size), weight_init_std, dtype),
                np.zeros(hidden_size, dtype=dtype),
            ),
            "Relu1": Relu(),
            "Affine2": Affine(
                init_weight(rng, (hidden_size, output_size), weight_init_std, dtype),
                np.zeros(output_size, dtype=dtype),
            ),
        }
        self.last_layer = SoftmaxWithLoss()
        # --8<-- [end:two_layer_net]
