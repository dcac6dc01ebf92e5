"""The convolution layer (chapter 7): im2col, then one matrix product."""

from __future__ import annotations

import numpy as np

from scratch.im2col import col2im_transposed, conv_output_size, im2col_transposed
from scratch.layers.base import Layer, fail, require, saved


class Convolution(Layer):
    """``Convolution(W, b, stride=1, pad=0)`` with W of shape (FN, C, FH, FW), b of (FN,)
    (or one number for every filter).

    Forward: im2col puts every window of the input in a column matrix, so one matrix
    product with ``W.reshape(FN, -1)`` applies every filter at every position. Backward is
    the Affine layer's backward on that product, then col2im adds each window's gradient
    back to the pixels it was copied from.

    For speed the layer works with the transpose of the book's column matrix,
    ``col_t = im2col(x).T`` of shape (C * FH * FW, N * out_h * out_w), built directly: the
    product ``W.reshape(FN, -1) @ col_t`` of shape (FN, N * out_h * out_w) then covers the
    whole batch at once, and the output is returned as a transposed view of it: shape
    (N, FN, out_h, out_w), stored as (FN, N, out_h, out_w). The layers after it keep that
    layout, and the next convolution reads it without any transpose copy.
    ``col`` shows the columns per image, (N, C * FH * FW, out_h * out_w), on request.
    """

    params = ("W", "b")

    def __init__(self, W: np.ndarray, b: np.ndarray | float, stride: int = 1, pad: int = 0) -> None:
        require(W.ndim == 4, self, f"W must be 4-D (FN, C, FH, FW), got shape {W.shape}")
        if np.ndim(b) == 0:  # one bias for every filter, as the book's Convolution(w, 0)
            b = np.full(W.shape[0], b, dtype=W.dtype)
        b = np.asarray(b)
        require(b.shape == (W.shape[0],), self, f"b has shape {b.shape}, W has {W.shape}")
        require(stride >= 1 and pad >= 0, self, f"need stride >= 1, pad >= 0; got {stride}, {pad}")
        self.W, self.b = W, b
        self.stride, self.pad = stride, pad
        self.x_shape: tuple[int, ...] | None = None
        self.col_t: np.ndarray | None = None  # im2col(x).T: (C * FH * FW, N * out_h * out_w)
        self.dW: np.ndarray | None = None
        self.db: np.ndarray | None = None

    @property
    def col(self) -> np.ndarray | None:
        """The columns per image, (N, C * FH * FW, out_h * out_w): image n's is im2col(x[n]).T."""
        if self.col_t is None or self.x_shape is None:
            return None
        rows, n = self.col_t.shape[0], self.x_shape[0]
        return self.col_t.reshape(rows, n, -1).transpose(1, 0, 2)

    def output_shape(self, x_shape: tuple[int, ...]) -> tuple[int, int, int, int]:
        """(N, FN, out_h, out_w) for an input of shape x_shape, or a ValueError saying why not."""
        FN, C, FH, FW = self.W.shape
        if len(x_shape) != 4:
            fail(self, f"x must be 4-D (N, C, H, W), got shape {x_shape}")
        if x_shape[1] != C:
            fail(self, f"x of shape {x_shape} has {x_shape[1]} channels, W of shape "
                 f"{self.W.shape} expects {C}")  # fmt: skip
        try:
            out_h = conv_output_size(x_shape[2], FH, self.stride, self.pad)
            out_w = conv_output_size(x_shape[3], FW, self.stride, self.pad)
        except ValueError as err:
            raise ValueError(f"{type(self).__name__}: x of shape {x_shape}: {err}") from None
        return x_shape[0], FN, out_h, out_w

    def forward(self, x: np.ndarray, train_flg: bool = False) -> np.ndarray:
        N, FN, out_h, out_w = self.output_shape(x.shape)
        _, _, FH, FW = self.W.shape
        self.x_shape = x.shape
        self.col_t = im2col_transposed(x, FH, FW, self.stride, self.pad)
        out = self.W.reshape(FN, -1) @ self.col_t  # (FN, N * out_h * out_w): the whole batch
        out += self.b[:, None]
        return out.reshape(FN, N, out_h, out_w).transpose(1, 0, 2, 3)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        dout = self._grads(dout)
        FN, _, FH, FW = self.W.shape
        dcol_t = self.W.reshape(FN, -1).T @ dout
        return col2im_transposed(dcol_t, saved(self, self.x_shape), FH, FW, self.stride, self.pad)

    def backward_params(self, dout: np.ndarray) -> None:
        self._grads(dout)

    def _grads(self, dout: np.ndarray) -> np.ndarray:
        """Set dW and db; return dout as (FN, N * out_h * out_w) for the dx product."""
        col_t = saved(self, self.col_t)
        expected = self.output_shape(saved(self, self.x_shape))
        if dout.shape != expected:
            fail(self, f"dout has shape {dout.shape}, expected {expected}")
        FN = self.W.shape[0]
        # A view when dout is stored as the forward output was, (FN, N, out_h, out_w).
        dout = dout.transpose(1, 0, 2, 3).reshape(FN, -1)
        self.db = dout.sum(axis=1)
        self.dW = (dout @ col_t.T).reshape(self.W.shape)
        return dout
