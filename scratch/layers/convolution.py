"""The convolution layer (chapter 7): im2col, then one matrix product."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from scratch.buffers import Spare
from scratch.im2col import (
    add_wide_columns,
    col2im_transposed,
    conv_output_size,
    im2col_transposed,
    padded_rows,
    wide_columns,
)
from scratch.layers.base import Layer, fail, require, saved

#: Bytes of column matrix built at a time at stride 1: small enough to stay in the cache
#: between the copy and the matrix product, large enough for an efficient product.
CHUNK_BYTES = 4 << 20
#: The wide columns are used when at most 1 / WIDE_JUNK of them is junk (FW - 1 of every
#: Wp): on small images (7 x 7 and 3 x 3 filters: 2 of 9) the plain columns were faster.
WIDE_JUNK = 8


class Convolution(Layer):
    """``Convolution(W, b, stride=1, pad=0)`` with W of shape (FN, C, FH, FW), b of (FN,)
    (or one number for every filter).

    Forward: im2col puts every window of the input in a column matrix, so one matrix
    product with ``W.reshape(FN, -1)`` applies every filter at every position. Backward is
    the Affine layer's backward on that product, then col2im adds each window's gradient
    back to the pixels it was copied from.

    For speed the layer works with the transpose of the book's column matrix,
    ``col_t = im2col(x).T`` of shape (C * FH * FW, N * out_h * out_w), so that the product
    ``W.reshape(FN, -1) @ col_t`` covers many images at once. At stride 1 on images wide
    enough (see ``WIDE_JUNK``) it builds that matrix a few images at a time, each output
    row over the padded width (:func:`scratch.im2col.wide_columns`), so that the columns
    stay in the cache; it keeps
    the padded input for the backward pass, not the columns. The output has the book's shape
    (N, FN, out_h, out_w) but is stored filter first, as (FN, N, ...): the layers after it
    keep that layout, and the next convolution reads it without a transpose copy.
    ``col_t`` and ``col`` (the columns per image, (N, C * FH * FW, out_h * out_w)) are
    built on request.
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
        self._col_t: np.ndarray | None = None  # stride > 1: im2col(x).T
        self._rows: np.ndarray | None = None  # stride 1: padded x, see padded_rows
        self.dW: np.ndarray | None = None
        self.db: np.ndarray | None = None
        self._out = Spare()  # the output array, reused once released (scratch.buffers)

    @property
    def col_t(self) -> np.ndarray | None:
        """im2col(x).T of the last forward's x: (C * FH * FW, N * out_h * out_w)."""
        if self._rows is None:
            return self._col_t
        _, _, FH, FW = self.W.shape
        return im2col_transposed(self._input(), FH, FW, 1, self.pad)

    @property
    def col(self) -> np.ndarray | None:
        """The columns per image, (N, C * FH * FW, out_h * out_w): image n's is im2col(x[n]).T."""
        col_t = self.col_t
        if col_t is None or self.x_shape is None:
            return None
        return col_t.reshape(col_t.shape[0], self.x_shape[0], -1).transpose(1, 0, 2)

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
        W_mat = self.W.reshape(FN, -1)
        if self.stride != 1 or (FW - 1) * WIDE_JUNK > x.shape[3] + 2 * self.pad:
            self._rows, self._col_t = None, im2col_transposed(x, FH, FW, self.stride, self.pad)
            out = W_mat @ self._col_t  # (FN, N * out_h * out_w): the whole batch
            out += self.b[:, None]
            return out.reshape(FN, N, out_h, out_w).transpose(1, 0, 2, 3)
        self._col_t, self._rows = None, padded_rows(x, self.pad, FW)
        hw, Wp = self._padded_hw(), x.shape[3] + 2 * self.pad
        out = self._out.empty((FN, N, out_h * Wp), np.result_type(self.W, x))
        for first, cols in self._chunks(x.dtype):
            wide_columns(self._rows, hw, FH, FW, first, cols)
            count = cols.shape[3]
            np.matmul(W_mat, cols.reshape(W_mat.shape[1], -1),
                      out=out[:, first : first + count].reshape(FN, -1))  # fmt: skip
        out += self.b[:, None, None]
        # Drop the junk columns: a view of shape (N, FN, out_h, out_w), stored filter first.
        return out.reshape(FN, N, out_h, Wp)[..., :out_w].transpose(1, 0, 2, 3)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        flat, wide = self._grads(dout)
        FN, _, FH, FW = self.W.shape
        x_shape = saved(self, self.x_shape)
        W_t = self.W.reshape(FN, -1).T
        if not np.isfinite(W_t).all():  # inf * 0 must not meet padding or junk columns
            return col2im_transposed(W_t @ flat, x_shape, FH, FW, self.stride, self.pad)
        if self.stride == 1 and FH == FW and self.pad < FH:
            # dx is itself a convolution, of dout padded by FH - 1 - pad, with every filter
            # turned by 180 degrees and the two channel axes swapped: one large product
            # instead of FH * FW additions into dx.
            turned = self.W[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)
            return Convolution(np.ascontiguousarray(turned), 0, 1, FH - 1 - self.pad).forward(dout)
        if wide is None:
            return col2im_transposed(W_t @ flat, x_shape, FH, FW, self.stride, self.pad)
        # The junk columns of wide are zero, so those of every dcol are exactly zero.
        (N, _, H, W), pad, hw = x_shape, self.pad, self._padded_hw()
        dtype = np.result_type(W_t, wide)
        drows = np.zeros((W_t.shape[0] // (FH * FW), saved(self, self._rows).shape[1]), dtype)
        for first, dcol in self._chunks(dtype):
            count = dcol.shape[3]
            np.matmul(W_t, wide[:, first : first + count].reshape(FN, -1),
                      out=dcol.reshape(W_t.shape[0], -1))  # fmt: skip
            add_wide_columns(drows, hw, dcol, first)
        image = drows[:, : N * hw[0] * hw[1]].reshape(-1, N, *hw)
        return image[:, :, pad : pad + H, pad : pad + W].transpose(1, 0, 2, 3)

    def backward_params(self, dout: np.ndarray) -> None:
        self._grads(dout)

    def _padded_hw(self) -> tuple[int, int]:
        _, _, H, W = saved(self, self.x_shape)
        return H + 2 * self.pad, W + 2 * self.pad

    def _chunks(self, dtype: np.dtype) -> Iterator[tuple[int, np.ndarray]]:
        """(first image, reusable column buffer for the images from there) at stride 1."""
        N, C, _, _ = saved(self, self.x_shape)
        _, _, FH, FW = self.W.shape
        Hp, Wp = self._padded_hw()
        per_image = C * FH * FW * (Hp - FH + 1) * Wp * np.dtype(dtype).itemsize
        count = max(1, min(N, CHUNK_BYTES // max(per_image, 1)))
        buffer = np.empty((C, FH, FW, count, (Hp - FH + 1) * Wp), dtype=dtype)
        for first in range(0, N, count):
            yield first, buffer[:, :, :, : min(count, N - first)]

    def _input(self) -> np.ndarray:
        """The last forward's x, read back from the padded rows (a view)."""
        N, C, H, W = saved(self, self.x_shape)
        Hp, Wp = self._padded_hw()
        image = saved(self, self._rows)[:, : N * Hp * Wp].reshape(C, N, Hp, Wp)
        return image[:, :, self.pad : self.pad + H, self.pad : self.pad + W].transpose(1, 0, 2, 3)

    def _grads(self, dout: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """Set dW and db. Return dout as (FN, N * out_h * out_w) and, at stride 1, also as
        (FN, N, out_h * Wp) with zeros in the junk columns."""
        expected = self.output_shape(saved(self, self.x_shape))
        if dout.shape != expected:
            fail(self, f"dout has shape {dout.shape}, expected {expected}")
        FN, _, FH, FW = self.W.shape
        # A view when dout is stored as the forward output was, (FN, N, out_h, out_w).
        flat = dout.transpose(1, 0, 2, 3).reshape(FN, -1)
        self.db = flat.sum(axis=1)
        if self._rows is None:
            self.dW = times_transpose(flat, saved(self, self._col_t)).reshape(self.W.shape)
            return flat, None
        N, _, out_h, out_w = expected
        hw = self._padded_hw()
        wide = np.zeros((FN, N, out_h, hw[1]), dtype=dout.dtype)
        wide[..., :out_w] = dout.transpose(1, 0, 2, 3)
        wide = wide.reshape(FN, N, -1)
        dW = np.zeros((FN, self.W[0].size), dtype=np.result_type(self.W, dout))
        with np.errstate(invalid="ignore"):  # 0 * inf in a junk column: checked below
            for first, cols in self._chunks(self._rows.dtype):
                wide_columns(self._rows, hw, FH, FW, first, cols)
                count = cols.shape[3]
                part = wide[:, first : first + count].reshape(FN, -1)
                dW += times_transpose(part, cols.reshape(dW.shape[1], -1))
        if not np.isfinite(dW).all():  # redo it the plain way: NaN and inf where the book has them
            dW = flat @ im2col_transposed(self._input(), FH, FW, 1, self.pad).T
        self.dW = dW.reshape(self.W.shape)
        return flat, wide


def times_transpose(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a @ b.T`` for two matrices with a long second axis (dW = dout times the columns).

    Computed as ``(b @ a.T).T`` when b has more rows: the same sums, and OpenBLAS ran that
    up to 2.4x faster when the larger matrix is on the left (1.2-2.4x for DeepConvNet's
    layers, slower for a first layer's 9 or 25 column rows against 16 or 30 filters).
    """
    return a @ b.T if a.shape[0] >= b.shape[0] else (b @ a.T).T
