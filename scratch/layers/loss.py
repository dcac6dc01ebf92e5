"""Softmax followed by cross-entropy, fused into one layer (chapter 5, appendix A)."""

from __future__ import annotations

import numpy as np

from scratch.functions import class_labels, softmax_and_cross_entropy
from scratch.layers.base import fail, saved


# --8<-- [start:softmax_with_loss]
class SoftmaxWithLoss:
    """Loss layer: forward(x, t) returns the mean cross-entropy of softmax(x).

    It takes labels besides scores, so it is not a :class:`Layer`; a network keeps it
    apart from ``layers`` as ``last_layer``, as the book does.

    t may be one-hot (same shape as x) or integer labels (shape (N,) or (N, 1)). The backward
    pass is (y - t) / N: softmax and cross-entropy were chosen to make it that simple.

    Unlike the book, the loss is computed from log-softmax (x - max - log sum exp) instead of
    log(y + 1e-7): it never takes log(0), and it is exactly the function whose gradient
    (y - t) / N is, so a gradient check agrees to rounding error.
    """

    def __init__(self) -> None:
        self.loss: float | None = None
        self.y: np.ndarray | None = None
        self.t: np.ndarray | None = None

    def forward(self, x: np.ndarray, t: np.ndarray) -> float:
        if x.ndim != 2:
            fail(self, f"x must be (N, classes), got shape {x.shape}")
        t = np.asarray(t)
        if t.shape == (x.shape[0], 1) and x.shape[1] != 1:
            t = t.reshape(x.shape[0])  # a column of labels, as the book's ch07 check uses
        if t.shape != x.shape and t.shape != x.shape[:1]:
            fail(self, f"labels of shape {t.shape} do not fit scores of shape {x.shape}; "
                 "use one-hot (N, classes) or integer labels (N,)")  # fmt: skip
        if x.shape[0] == 0:
            fail(self, f"no samples: x has shape {x.shape}")
        if t.shape != x.shape:
            class_labels(t, x.shape[1], type(self).__name__)
        self.t = t
        # softmax(x) and cross_entropy_from_logits(x, t), sharing one exp
        self.y, self.loss = softmax_and_cross_entropy(x, t)
        return self.loss

    def __repr__(self) -> str:
        return "SoftmaxWithLoss()"

    def backward(self, dout: float = 1) -> np.ndarray:
        y, t = saved(self, self.y), saved(self, self.t)
        batch_size = y.shape[0]
        if t.shape == y.shape:
            dx = y - t.astype(y.dtype, copy=False)
        else:
            dx = y.copy()
            dx[np.arange(batch_size), t] -= 1
        return dx * (dout / batch_size)
        # --8<-- [end:softmax_with_loss]
