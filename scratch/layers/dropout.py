"""Dropout (chapter 6): switch neurons off at random while training."""

from __future__ import annotations

import numpy as np

from scratch.layers.base import Layer, fail, require, saved, test_mode_backward
from scratch.rng import Seed, generator, uniform


# --8<-- [start:dropout]
class Dropout(Layer):
    """In training, keep each neuron with probability ``1 - dropout_ratio``; at test time
    keep all of them and scale by ``1 - dropout_ratio`` so the expected output matches.

    This is the book's form. Most libraries use "inverted" dropout instead (divide by the
    keep probability while training, do nothing at test time); the two agree in expectation.
    """

    def __init__(self, dropout_ratio: float = 0.5, rng: Seed = None) -> None:
        require(
            0.0 <= dropout_ratio < 1.0,
            self,
            f"dropout_ratio must be in [0, 1), got {dropout_ratio}",
        )
        self.dropout_ratio = float(dropout_ratio)
        self.rng = generator(rng)  # None: numpy's global generator, as the book
        self.mask: np.ndarray | None = None
        self.test_mode = False  # the last forward ran with train_flg=False

    def forward(self, x: np.ndarray, train_flg: bool = True) -> np.ndarray:
        self.test_mode = not train_flg
        if train_flg:
            self.mask = uniform(self.rng, x.shape) > self.dropout_ratio
            return x * self.mask
        return x * (1.0 - self.dropout_ratio)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        if self.test_mode:  # the mask belongs to an earlier training batch
            test_mode_backward(self)
        mask = saved(self, self.mask)
        if dout.shape != mask.shape:
            fail(self, f"dout has shape {dout.shape}, forward output had {mask.shape}")
        # Only the neurons that let the signal through pass the gradient back.
        return dout * mask
        # --8<-- [end:dropout]
