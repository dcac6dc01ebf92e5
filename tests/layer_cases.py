"""The registry of layers under test: how to build each one at random shapes.

Every layer class exported by ``scratch.layers`` and by ``scratch.vol2.layers`` (named
``vol2.<class>`` here) must have a case here;
``tests/test_layer_contracts.py`` runs the same contract over all of them (gradient check,
no mutation of inputs, backward twice, dtype kept, clear shape errors).

A case's ``make(rng, dtype)`` returns the layer and the inputs of one forward call, with
shapes drawn from ``rng``; ``differentiable`` says which inputs have gradients (labels do
not); ``forward`` overrides how the layer is called (e.g. to fix a dropout mask).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from scratch.layers import (
    AddLayer,
    Affine,
    BatchNormalization,
    Dropout,
    Layer,
    MulLayer,
    Relu,
    Sigmoid,
    SoftmaxWithLoss,
)
from scratch.layers.convolution import Convolution
from scratch.layers.pooling import Pooling
from scratch.vol2 import layers as vol2


@dataclass(frozen=True)
class Case:
    make: Callable[[np.random.Generator, Any], tuple[Any, list[np.ndarray]]]
    differentiable: tuple[int, ...] = (0,)
    forward: Callable[..., Any] | None = None
    # Inputs of a wrong shape for backward, or None when the layer has no shape to check.
    bad_dout: bool = True
    tags: frozenset[str] = field(default_factory=frozenset)

    def run_forward(self, layer: Any, inputs: list[np.ndarray]) -> Any:
        if self.forward is not None:
            return self.forward(layer, *inputs)
        if isinstance(layer, Layer):  # the one-input contract: train mode where it matters
            return layer.forward(*inputs, train_flg=True)
        return layer.forward(*inputs)  # two-input nodes and the loss layer


def _shape(rng: np.random.Generator, ndim: int, low: int = 1, high: int = 6) -> tuple[int, ...]:
    return tuple(int(n) for n in rng.integers(low, high, size=ndim))


def _normal(rng: np.random.Generator, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
    return rng.standard_normal(shape).astype(dtype)


def _away_from_zero(rng: np.random.Generator, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
    # ReLU's kink at 0 would spoil a central difference that straddles it.
    x = rng.standard_normal(shape)
    x = np.where(np.abs(x) < 0.05, 0.5, x)
    return x.astype(dtype)


def make_mul(rng, dtype):
    shape = _shape(rng, 2)
    return MulLayer(), [
        rng.standard_normal(shape).astype(dtype),
        rng.standard_normal(shape).astype(dtype),
    ]


def make_add(rng, dtype):
    shape = _shape(rng, 2)
    return AddLayer(), [
        rng.standard_normal(shape).astype(dtype),
        rng.standard_normal(shape).astype(dtype),
    ]


def make_relu(rng, dtype):
    return Relu(), [_away_from_zero(rng, _shape(rng, 3), dtype)]


def make_sigmoid(rng, dtype):
    return Sigmoid(), [rng.standard_normal(_shape(rng, 2)).astype(dtype)]


def make_affine(rng, dtype):
    n, d, m = _shape(rng, 3, 1, 7)
    extra = _shape(rng, int(rng.integers(0, 3)))  # the book's Affine flattens N-D input
    x = rng.standard_normal((n, d, *extra)).astype(dtype)
    fan_in = int(np.prod(x.shape[1:]))
    W = rng.standard_normal((fan_in, m)).astype(dtype)
    b = rng.standard_normal(m).astype(dtype)
    return Affine(W, b), [x]


def make_softmax_with_loss_labels(rng, dtype):
    n, c = _shape(rng, 2, 2, 7)
    return SoftmaxWithLoss(), [rng.standard_normal((n, c)).astype(dtype), rng.integers(0, c, n)]


def make_softmax_with_loss_onehot(rng, dtype):
    n, c = _shape(rng, 2, 2, 7)
    t = np.eye(c, dtype=dtype)[rng.integers(0, c, n)]
    return SoftmaxWithLoss(), [rng.standard_normal((n, c)).astype(dtype), t]


def conv_case(filter_size: tuple[int, int], stride: int, pad: int):
    """Convolution at random batch, channel and (often odd) image sizes."""

    def make(rng, dtype):
        n, c, fn = _shape(rng, 3, 1, 4)
        fh, fw = filter_size
        h, w = (int(v) for v in rng.integers(max(fh, fw), max(fh, fw) + 5, size=2))
        x = _normal(rng, (n, c, h, w), dtype)
        W = _normal(rng, (fn, c, fh, fw), dtype)
        return Convolution(W, _normal(rng, (fn,), dtype), stride=stride, pad=pad), [x]

    return make


def pool_case(pool: tuple[int, int], stride: int, pad: int):
    """Max pooling on values spaced 0.1 apart: no near-ties for the central difference."""

    def make(rng, dtype):
        n, c = _shape(rng, 2, 1, 4)
        h, w = (int(v) for v in rng.integers(max(pool), max(pool) + 5, size=2))
        size = n * c * h * w
        values = (rng.permutation(size) - size / 2) * 0.1  # negative too, to test -inf padding
        x = values.reshape(n, c, h, w).astype(dtype)
        return Pooling(*pool, stride=stride, pad=pad), [x]

    return make


def make_dropout(rng, dtype):
    ratio = float(rng.uniform(0.2, 0.8))
    return Dropout(ratio, rng=0), [rng.standard_normal(_shape(rng, 2, 2, 7)).astype(dtype)]


def dropout_fixed_mask(layer, x):
    # The same mask on every call, so a central difference sees one fixed function.
    layer.rng = np.random.default_rng(0)
    return layer.forward(x, train_flg=True)


def make_batchnorm_2d(rng, dtype):
    n, d = _shape(rng, 2, 2, 7)
    gamma = rng.uniform(0.5, 1.5, d).astype(dtype)
    beta = rng.standard_normal(d).astype(dtype)
    return BatchNormalization(gamma, beta), [rng.standard_normal((n, d)).astype(dtype)]


def make_batchnorm_4d(rng, dtype):
    n, c, h, w = _shape(rng, 4, 2, 5)
    gamma = rng.uniform(0.5, 1.5, c).astype(dtype)
    beta = rng.standard_normal(c).astype(dtype)
    return BatchNormalization(gamma, beta), [rng.standard_normal((n, c, h, w)).astype(dtype)]


# Volume 2's layers keep parameters in a ``params`` list (see ``parameters`` below).
def make_vol2_matmul(rng, dtype):
    n, d, h = _shape(rng, 3, 1, 7)
    W = rng.standard_normal((d, h)).astype(dtype)
    return vol2.MatMul(W), [rng.standard_normal((n, d)).astype(dtype)]


def make_vol2_repeat(rng, dtype):
    n, d = _shape(rng, 2, 1, 7)
    return vol2.Repeat(n), [rng.standard_normal((1, d)).astype(dtype)]


def make_vol2_sum(rng, dtype):
    return vol2.Sum(), [rng.standard_normal(_shape(rng, 2, 1, 7)).astype(dtype)]


def make_vol2_affine(rng, dtype):
    n, d, h = _shape(rng, 3, 1, 7)
    W = rng.standard_normal((d, h)).astype(dtype)
    b = rng.standard_normal(h).astype(dtype)
    return vol2.Affine(W, b), [rng.standard_normal((n, d)).astype(dtype)]


def make_vol2_sigmoid(rng, dtype):
    return vol2.Sigmoid(), [rng.standard_normal(_shape(rng, 2)).astype(dtype)]


def make_vol2_softmax_with_loss(rng, dtype):
    n, c = _shape(rng, 2, 2, 7)
    t = np.eye(c, dtype=np.int64)[rng.integers(0, c, n)]  # one-hot integers, as load_data
    return vol2.SoftmaxWithLoss(), [rng.standard_normal((n, c)).astype(dtype), t]


def parameters(layer: Any) -> dict[str, tuple[np.ndarray, Callable[[], np.ndarray]]]:
    """Each learnable parameter by name, with a function giving its current gradient.

    Volume 1's layers name their parameters (``params = ('W', 'b')``, gradient ``dW``);
    volume 2's list them (``params = [W, b]``, gradient ``grads[0]``).
    """
    declared = getattr(layer, "params", ())
    if all(isinstance(name, str) for name in declared):
        return {p: (getattr(layer, p), lambda p=p: layer.grad(p)) for p in declared}
    return {f"params[{i}]": (p, lambda i=i: layer.grads[i]) for i, p in enumerate(declared)}


CASES: dict[str, Case] = {
    "MulLayer": Case(make_mul, differentiable=(0, 1), bad_dout=False),
    "AddLayer": Case(make_add, differentiable=(0, 1), bad_dout=False),
    "Relu": Case(make_relu),
    "Sigmoid": Case(make_sigmoid),
    "Affine": Case(make_affine),
    "SoftmaxWithLoss[labels]": Case(make_softmax_with_loss_labels, bad_dout=False),
    "SoftmaxWithLoss[one-hot]": Case(make_softmax_with_loss_onehot, bad_dout=False),
    "Dropout": Case(make_dropout, forward=dropout_fixed_mask),
    "BatchNormalization[2-D]": Case(make_batchnorm_2d),
    "BatchNormalization[4-D]": Case(make_batchnorm_4d),
    "Convolution[3x3,s1,p0]": Case(conv_case((3, 3), 1, 0)),
    "Convolution[3x3,s2,p1]": Case(conv_case((3, 3), 2, 1)),
    "Convolution[2x3,s3,p2]": Case(conv_case((2, 3), 3, 2)),
    "Convolution[5x5,s1,p2]": Case(conv_case((5, 5), 1, 2)),
    "Pooling[2x2,s2,p0]": Case(pool_case((2, 2), 2, 0)),
    "Pooling[3x3,s2,p1]": Case(pool_case((3, 3), 2, 1)),
    "Pooling[3x2,s1,p1]": Case(pool_case((3, 2), 1, 1)),
    "Pooling[2x2,s3,p0]": Case(pool_case((2, 2), 3, 0)),
    "vol2.MatMul": Case(make_vol2_matmul),
    "vol2.Repeat": Case(make_vol2_repeat),
    "vol2.Sum": Case(make_vol2_sum),
    "vol2.Affine": Case(make_vol2_affine),
    "vol2.Sigmoid": Case(make_vol2_sigmoid),
    "vol2.SoftmaxWithLoss": Case(make_vol2_softmax_with_loss, bad_dout=False),
}
