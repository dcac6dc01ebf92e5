"""DeepConvNet (chapter 8's deep network, built from chapter 7's layers).

Six 3x3 convolutions with ReLU, a 2x2 max pooling after every second one, then
Affine - ReLU - Dropout - Affine - Dropout - softmax: the book's architecture, so the
book's trained parameters (W1..W8, b1..b8) load unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from scratch.im2col import conv_output_size
from scratch.layers import Affine, Convolution, Dropout, Layer, Pooling, Relu, SoftmaxWithLoss
from scratch.networks.base import Network
from scratch.networks.init import init_weight
from scratch.rng import Seed, generator

# --8<-- [start:deep_convnet]
ConvParam = Mapping[str, int]


def _conv(filter_num: int, pad: int) -> dict[str, int]:
    return {"filter_num": filter_num, "filter_size": 3, "pad": pad, "stride": 1}


# The book's six convolutions: (filter_num, pad) = (16,1) (16,1) (32,1) (32,2) (64,1) (64,1).
CONV_1, CONV_2, CONV_3 = _conv(16, 1), _conv(16, 1), _conv(32, 1)
CONV_4, CONV_5, CONV_6 = _conv(32, 2), _conv(64, 1), _conv(64, 1)


class DeepConvNet(Network):
    """``conv - relu - conv - relu - pool`` three times, then ``affine - relu - dropout -
    affine - dropout - softmax``. He initialisation: std sqrt(2 / fan_in) per layer.

    ``conv_param_4`` pads by 2 (14 -> 16 pixels), which is why the first affine layer sees
    64 x 4 x 4 = 1024 inputs after the third pooling.
    """

    def __init__(
        self,
        input_dim: tuple[int, int, int] = (1, 28, 28),
        conv_param_1: ConvParam = CONV_1,
        conv_param_2: ConvParam = CONV_2,
        conv_param_3: ConvParam = CONV_3,
        conv_param_4: ConvParam = CONV_4,
        conv_param_5: ConvParam = CONV_5,
        conv_param_6: ConvParam = CONV_6,
        hidden_size: int = 50,
        output_size: int = 10,
        rng: Seed = None,
        dtype: np.dtype | type = np.float64,
    ) -> None:
        rng = generator(rng)
        convs = [conv_param_1, conv_param_2, conv_param_3, conv_param_4, conv_param_5, conv_param_6]
        channels, height, width = input_dim

        def he(*shape: int) -> np.ndarray:
            return init_weight(rng, shape, "he", dtype)

        self.layers: dict[str, Layer] = {}
        for i, param in enumerate(convs, 1):
            size, pad, stride = param["filter_size"], param["pad"], param["stride"]
            W = he(param["filter_num"], channels, size, size)
            b = np.zeros(param["filter_num"], dtype=dtype)
            self.layers[f"Conv{i}"] = Convolution(W, b, stride, pad)
            self.layers[f"Relu{i}"] = Relu()
            channels = param["filter_num"]
            height = conv_output_size(height, size, stride, pad)
            width = conv_output_size(width, size, stride, pad)
            if i % 2 == 0:
                self.layers[f"Pool{i // 2}"] = Pooling(pool_h=2, pool_w=2, stride=2)
                height, width = conv_output_size(height, 2, 2), conv_output_size(width, 2, 2)
        flat = channels * height * width
        self.layers["Affine1"] = Affine(he(flat, hidden_size), np.zeros(hidden_size, dtype))
        self.layers["Relu7"] = Relu()
        self.layers["Dropout1"] = Dropout(0.5, rng=rng)
        self.layers["Affine2"] = Affine(he(hidden_size, output_size), np.zeros(output_size, dtype))
        self.layers["Dropout2"] = Dropout(0.5, rng=rng)
        self.last_layer = SoftmaxWithLoss()
        # --8<-- [end:deep_convnet]
