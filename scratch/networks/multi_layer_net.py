"""A fully connected network of any depth (chapter 6), with the book's "extend" options.

Per hidden layer: Affine -> [BatchNormalization] -> activation -> [Dropout]; then a last
Affine and Softmax-with-Loss. Weight decay adds 0.5 * lambda * sum(W**2) over every
Affine weight to the loss, and lambda * W to each weight's gradient.
"""

from __future__ import annotations

import numpy as np

from scratch.layers import Affine, BatchNormalization, Dropout, Relu, Sigmoid, SoftmaxWithLoss
from scratch.layers.base import Layer
from scratch.networks.base import Network
from scratch.networks.init import init_weight
from scratch.rng import Seed, generator

# --8<-- [start:multi_layer_net]
ACTIVATIONS: dict[str, type[Layer]] = {"relu": Relu, "sigmoid": Sigmoid}


class MultiLayerNet(Network):
    """``MultiLayerNet(784, [100, 100, 100], 10)``; the book's MultiLayerNet(Extend).

    Parameters are named W1, b1, ..., gamma1, beta1, ... by walking the layers (the base
    class); ``rng`` seeds the weights and the dropout masks.
    """

    def __init__(
        self,
        input_size: int,
        hidden_size_list: list[int],
        output_size: int,
        activation: str = "relu",
        weight_init_std: float | str = "relu",
        weight_decay_lambda: float = 0,
        use_dropout: bool = False,
        dropout_ration: float = 0.5,
        use_batchnorm: bool = False,
        rng: Seed = None,
        dtype: np.dtype | type = np.float64,
    ) -> None:
        if activation.lower() not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
        rng = generator(rng)
        self.input_size, self.output_size = input_size, output_size
        self.hidden_size_list = list(hidden_size_list)
        self.weight_decay_lambda = float(weight_decay_lambda)
        sizes = [input_size, *self.hidden_size_list, output_size]
        self.layers: dict[str, Layer] = {}
        for idx in range(1, len(sizes)):
            fan_in, fan_out = sizes[idx - 1], sizes[idx]
            W = init_weight(rng, (fan_in, fan_out), weight_init_std, dtype)
            self.layers[f"Affine{idx}"] = Affine(W, np.zeros(fan_out, dtype=dtype))
            if idx == len(sizes) - 1:
                break
            if use_batchnorm:
                self.layers[f"BatchNorm{idx}"] = BatchNormalization(
                    np.ones(fan_out, dtype=dtype), np.zeros(fan_out, dtype=dtype)
                )
            self.layers[f"Activation_function{idx}"] = ACTIVATIONS[activation.lower()]()
            if use_dropout:
                self.layers[f"Dropout{idx}"] = Dropout(dropout_ration, rng=rng)
        self.last_layer = SoftmaxWithLoss()

    def regularization(self) -> float:
        """Weight decay: 0.5 * lambda * (sum of squared weights over every Affine)."""
        if not self.weight_decay_lambda:
            return 0.0
        total = sum(float(np.sum(affine.W**2)) for affine in self._affines())
        return 0.5 * self.weight_decay_lambda * total

    def _param_grad(self, layer: Layer, attr: str) -> np.ndarray:
        grad = layer.grad(attr)
        if attr == "W" and self.weight_decay_lambda:
            return grad + self.weight_decay_lambda * getattr(layer, attr)
        return grad

    def _affines(self) -> list[Affine]:
        return [layer for layer in self.layers.values() if isinstance(layer, Affine)]
        # --8<-- [end:multi_layer_net]
