"""Max pooling (chapter 7): the largest value of each window; no parameters."""

from __future__ import annotations

import numpy as np

from scratch.buffers import axis_order
from scratch.im2col import conv_output_size, offset_slice, windows
from scratch.layers.base import Layer, fail, require, saved


class Pooling(Layer):
    """``Pooling(pool_h, pool_w, stride=1, pad=0)``: max over each pool_h x pool_w window.

    Two deliberate differences from the book's code: padding is filled with -inf (the
    book pads with 0, which wins the max whenever a window's real values are all
    negative), and ``pad`` counts in the output size (the book's leaves it out, so a
    nonzero ``pad`` fails there). Where several values tie for the maximum the gradient
    goes to the first one only (row by row), as the book's ``argmax`` picks it too.

    Both passes loop over the pool_h * pool_w offsets inside a window, each step one
    vectorised operation on a strided view: no im2col copy of the input. Outputs keep the
    memory layout of the input (a transposed view coming from Convolution stays one).
    """

    def __init__(self, pool_h: int, pool_w: int, stride: int = 1, pad: int = 0) -> None:
        require(pool_h >= 1 and pool_w >= 1, self, f"pool size must be >= 1, got {pool_h}x{pool_w}")
        require(stride >= 1 and pad >= 0, self, f"need stride >= 1, pad >= 0; got {stride}, {pad}")
        # With pad < pool size every window holds at least one real pixel.
        require(
            pad < pool_h and pad < pool_w,
            self,
            f"pad {pad} must be smaller than the pool size {pool_h}x{pool_w}",
        )
        self.pool_h, self.pool_w = pool_h, pool_w
        self.stride, self.pad = stride, pad
        self.x_shape: tuple[int, ...] | None = None
        self.arg_max: np.ndarray | None = None
        self._order: tuple[int, ...] = (0, 1, 2, 3)

    def output_shape(self, x_shape: tuple[int, ...]) -> tuple[int, int, int, int]:
        require(len(x_shape) == 4, self, f"x must be 4-D (N, C, H, W), got shape {x_shape}")
        try:
            out_h = conv_output_size(x_shape[2], self.pool_h, self.stride, self.pad)
            out_w = conv_output_size(x_shape[3], self.pool_w, self.stride, self.pad)
        except ValueError as err:
            raise ValueError(f"{type(self).__name__}: x of shape {x_shape}: {err}") from None
        return x_shape[0], x_shape[1], out_h, out_w

    def forward(self, x: np.ndarray, train_flg: bool = False) -> np.ndarray:
        self.output_shape(x.shape)
        fill = -np.inf if np.issubdtype(x.dtype, np.floating) else np.iinfo(x.dtype).min
        # Strided views, no copies: win[..., i, j] holds every window's element at offset (i, j).
        win = windows(x, self.pool_h, self.pool_w, self.stride, self.pad, fill=fill)
        out = win[..., 0, 0].copy(order="K")  # "K" keeps a channels-last input's layout
        arg_max = np.zeros_like(out, dtype=np.uint8 if self.pool_h * self.pool_w < 256 else int)
        for k in range(1, self.pool_h * self.pool_w):
            candidate = win[..., k // self.pool_w, k % self.pool_w]
            better = candidate > out  # strictly greater: a tie keeps the earlier position
            np.maximum(out, candidate, out=out)
            # arg_max = k where better, else unchanged. Every earlier position is < k, so a
            # maximum does it, several times faster than np.where or boolean indexing.
            np.maximum(arg_max, better * arg_max.dtype.type(k), out=arg_max)
        self.x_shape, self.arg_max = x.shape, arg_max
        self._order = axis_order(x)
        return out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        arg_max, x_shape = saved(self, self.arg_max), saved(self, self.x_shape)
        N, C, out_h, out_w = expected = arg_max.shape
        if dout.shape != expected:
            fail(self, f"dout has shape {dout.shape}, expected {expected}")
        _, _, H, W = x_shape
        pad, stride = self.pad, self.stride
        padded = (N, C, H + 2 * pad, W + 2 * pad)
        # Windows that tile the input exactly (2x2 at stride 2 on an even size, the usual
        # case) write every pixel once: no zero fill, no read-modify-write.
        covered = (out_h * stride, out_w * stride)
        tiles = stride == self.pool_h == self.pool_w and padded[2:] == covered
        # dx is laid out in memory like x was (see Convolution), and dout like arg_max, so
        # that every step below runs through all arrays in the same order.
        dx = _empty(padded, dout.dtype, self._order, zero=not tiles)
        dout = _like(dout, arg_max)
        for k in range(self.pool_h * self.pool_w):
            # Each window's gradient goes to the position that won its max, nowhere else.
            i, j = divmod(k, self.pool_w)
            target = dx[offset_slice(i, j, stride, out_h, out_w)]
            if tiles:
                np.multiply(dout, arg_max == k, out=target)
            else:
                target += dout * (arg_max == k)
        return dx[:, :, pad : pad + H, pad : pad + W]


def _empty(
    shape: tuple[int, ...], dtype: np.dtype, order: tuple[int, ...], zero: bool = False
) -> np.ndarray:
    """An array of the given shape laid out in memory in the given axis order."""
    make = np.zeros if zero else np.empty
    return make([shape[axis] for axis in order], dtype=dtype).transpose(np.argsort(order))


def _like(values: np.ndarray, template: np.ndarray) -> np.ndarray:
    """values in template's memory layout (copied only if needed), keeping their dtype."""
    out = np.empty_like(template, dtype=values.dtype)
    if out.strides == values.strides:
        return values
    out[...] = values
    return out
