"""SimpleConvNet (chapter 7): conv - ReLU - pool - affine - ReLU - affine - softmax."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from scratch.im2col import conv_output_size
from scratch.layers import Affine, Convolution, Layer, Pooling, Relu, SoftmaxWithLoss
from scratch.networks.base import Network
from scratch.networks.init import init_weight
from scratch.rng import Seed, generator

# --8<-- [start:simple_convnet]
DEFAULT_CONV = {"filter_num": 30, "filter_size": 5, "pad": 0, "stride": 1}


class SimpleConvNet(Network):
    """The book's small CNN; parameters W1/b1 (filters), W2/b2 and W3/b3 (affine).

    ``Conv1 -> Relu1 -> Pool1 (2x2, stride 2) -> Affine1 -> Relu2 -> Affine2``, then
    SoftmaxWithLoss. Weights ~ N(0, weight_init_std^2), biases zero; ``rng`` is a seed or
    a ``np.random.Generator``.
    """

    def __init__(
        self,
        input_dim: tuple[int, int, int] = (1, 28, 28),
        conv_param: Mapping[str, int] = DEFAULT_CONV,
        hidden_size: int = 100,
        output_size: int = 10,
        weight_init_std: float = 0.01,
        rng: Seed = None,
        dtype: np.dtype | type = np.float64,
    ) -> None:
        rng = generator(rng)
        conv = {**DEFAULT_CONV, **conv_param}
        channels, height, width = input_dim
        size, pad, stride = conv["filter_size"], conv["pad"], conv["stride"]
        conv_h = conv_output_size(height, size, stride, pad)
        conv_w = conv_output_size(width, size, stride, pad)
        pool_output_size = conv["filter_num"] * (conv_h // 2) * (conv_w // 2)

        def normal(*shape: int) -> np.ndarray:
            return init_weight(rng, shape, weight_init_std, dtype)

        self.layers: dict[str, Layer] = {
            "Conv1": Convolution(
                normal(conv["filter_num"], channels, size, size),
                np.zeros(conv["filter_num"], dtype=dtype),
                stride,
                pad,
            ),
            "Relu1": Relu(),
            "Pool1": Pooling(pool_h=2, pool_w=2, stride=2),
            "Affine1": Affine(
                normal(pool_output_size, hidden_size), np.zeros(hidden_size, dtype=dtype)
            ),
            "Relu2": Relu(),
            "Affine2": Affine(normal(hidden_size, output_size), np.zeros(output_size, dtype=dtype)),
        }
        self.last_layer = SoftmaxWithLoss()
        # --8<-- [end:simple_convnet]
