"""A fully connected network of any depth (chapter 6), with the book's "extend" options.

Per hidden layer: Affine -> [BatchNormalization] -> activation -> [Dropout]; then a last
Affine and Softmax-with-Loss. Weight decay adds 0.5 * lambda * sum(W**2) over every
Affine weight to the loss, and lambda * W to each weight's gradient.
"""

from __future__ import annotations

import math

import numpy as np

from scratch.layers import Affine, BatchNormalization, Dropout, Relu, Sigmoid, SoftmaxWithLoss
from scratch.layers.base import Layer
from scratch.networks.base import Network

ACTIVATIONS: dict[str, type[Layer]] = {"relu": Relu, "sigmoid": Sigmoid}


def init_scale(weight_init_std: float | str, fan_in: int) -> float:
    """The standard deviation of a layer's initial weights.

    'relu'/'he': sqrt(2 / fan_in) (He); 'sigmoid'/'xavier': sqrt(1 / fan_in) (Xavier, the
    book's simplified form); a number: that standard deviation.
    """
    if isinstance(weight_init_std, str):
        name = weight_init_std.lower()
        if name in ("relu", "he"):
            return math.sqrt(2.0 / fan_in)
        if name in ("sigmoid", "xavier"):
            return math.sqrt(1.0 / fan_in)
        raise ValueError(
            f"weight_init_std must be a number, 'relu'/'he' or 'sigmoid'/'xavier', "
            f"got {weight_init_std!r}"
        )
    return float(weight_init_std)


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
        rng: int | np.random.Generator | None = None,
        dtype: np.dtype | type = np.float64,
    ) -> None:
        if activation.lower() not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
        rng = np.random.default_rng(rng)
        self.input_size, self.output_size = input_size, output_size
        self.hidden_size_list = list(hidden_size_list)
        self.weight_decay_lambda = float(weight_decay_lambda)
        sizes = [input_size, *self.hidden_size_list, output_size]
        self.layers: dict[str, Layer] = {}
        for idx in range(1, len(sizes)):
            fan_in, fan_out = sizes[idx - 1], sizes[idx]
            scale = init_scale(weight_init_std, fan_in)
            W = (scale * rng.standard_normal((fan_in, fan_out))).astype(dtype)
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
        total = sum(float(np.sum(layer.W**2)) for layer in self._affines())
        return 0.5 * self.weight_decay_lambda * total

    def _param_grad(self, layer: Layer, attr: str) -> np.ndarray:
        grad = layer.grad(attr)
        if attr == "W" and self.weight_decay_lambda:
            return grad + self.weight_decay_lambda * layer.W
        return grad

    def _affines(self) -> list[Affine]:
        return [layer for layer in self.layers.values() if isinstance(layer, Affine)]
