"""Max pooling (chapter 7): the largest value of each window; no parameters."""

from __future__ import annotations

import numpy as np

from scratch.im2col import conv_output_size, offset_slice, windows
from scratch.layers.base import Layer, require, require_forward


class Pooling(Layer):
    """``Pooling(pool_h, pool_w, stride=1, pad=0)``: max over each pool_h x pool_w window.

    Two deliberate differences from the book's code: padding is filled with -inf (the
    book pads with 0, which wins the max whenever a window's real values are all
    negative), and where several values tie for the maximum the gradient goes to the
    first one only (row by row, as ``argmax`` would pick it).

    Both passes loop over the pool_h * pool_w offsets inside a window, each step one
    vectorised operation on a strided view: no im2col copy of the input.
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

    def output_shape(self, x_shape: tuple[int, ...]) -> tuple[int, int, int, int]:
        require(len(x_shape) == 4, self, f"x must be 4-D (N, C, H, W), got shape {x_shape}")
        try:
            out_h = conv_output_size(x_shape[2], self.pool_h, self.stride, self.pad)
            out_w = conv_output_size(x_shape[3], self.pool_w, self.stride, self.pad)
        except ValueError as err:
            raise ValueError(f"{type(self).__name__}: x of shape {x_shape}: {err}") from None
        return x_shape[0], x_shape[1], out_h, out_w

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.output_shape(x.shape)
        fill = -np.inf if np.issubdtype(x.dtype, np.floating) else np.iinfo(x.dtype).min
        win = windows(x, self.pool_h, self.pool_w, self.stride, self.pad, fill=fill)
        out = win[..., 0, 0].copy()
        arg_max = np.zeros(out.shape, dtype=np.min_scalar_type(self.pool_h * self.pool_w))
        for k in range(1, self.pool_h * self.pool_w):
            candidate = win[..., k // self.pool_w, k % self.pool_w]
            better = candidate > out  # strictly greater: a tie keeps the earlier position
            np.copyto(out, candidate, where=better)
            arg_max[better] = k
        self.x_shape, self.arg_max = x.shape, arg_max
        return out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        require_forward(self, "arg_max")
        N, C, out_h, out_w = expected = self.arg_max.shape
        require(dout.shape == expected, self, f"dout has shape {dout.shape}, expected {expected}")
        _, _, H, W = self.x_shape
        pad, stride = self.pad, self.stride
        dx = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=dout.dtype)
        for k in range(self.pool_h * self.pool_w):
            # Each window's gradient goes to the position that won its max, nowhere else.
            i, j = divmod(k, self.pool_w)
            dx[offset_slice(i, j, stride, out_h, out_w)] += np.where(self.arg_max == k, dout, 0)
        return dx[:, :, pad : pad + H, pad : pad + W]
