"""Initial weights: one helper that every network uses (chapter 6, 6.2)."""

from __future__ import annotations

import math

import numpy as np

from scratch.rng import normal

# --8<-- [start:init_weight]
#: Names accepted for ``weight_init_std``: He for ReLU, Xavier for sigmoid (the book's names too).
SCALES = {"relu": 2.0, "he": 2.0, "sigmoid": 1.0, "xavier": 1.0}


def init_scale(weight_init_std: float | str, fan_in: int) -> float:
    """The standard deviation of a layer's initial weights.

    'relu'/'he': sqrt(2 / fan_in) (He); 'sigmoid'/'xavier': sqrt(1 / fan_in) (Xavier, the
    book's simplified form); a number: that standard deviation.
    """
    if isinstance(weight_init_std, str):
        gain = SCALES.get(weight_init_std.lower())
        if gain is None:
            raise ValueError(
                f"weight_init_std must be a number, 'relu'/'he' or 'sigmoid'/'xavier', "
                f"got {weight_init_std!r}"
            )
        return math.sqrt(gain / fan_in)
    return float(weight_init_std)


def init_weight(
    rng: np.random.Generator | None,
    shape: tuple[int, ...],
    weight_init_std: float | str,
    dtype: np.dtype | type = np.float64,
) -> np.ndarray:
    """Weights of ``shape`` drawn from N(0, std^2), std from :func:`init_scale`
    (``rng=None``: numpy's global generator, as the book's ``np.random.randn``).

    The fan-in is every axis but the first output axis: ``shape[0]`` for an Affine
    weight (in, out), ``C * FH * FW`` for a filter bank (FN, C, FH, FW).
    """
    fan_in = shape[0] if len(shape) == 2 else math.prod(shape[1:])
    scale = init_scale(weight_init_std, fan_in)
    return (scale * normal(rng, shape)).astype(dtype)
    # --8<-- [end:init_weight]
