"""The convolution layer (chapter 7): im2col, then one matrix product."""

from __future__ import annotations

import numpy as np

from scratch.im2col import col2im_batched, conv_output_size, im2col_batched
from scratch.layers.base import Layer, require, require_forward


class Convolution(Layer):
    """``Convolution(W, b, stride=1, pad=0)`` with W of shape (FN, C, FH, FW), b of (FN,).

    Forward: im2col puts every window of the input in a column, so one matrix product
    ``W.reshape(FN, -1) @ col`` applies every filter at every position. Backward is the
    Affine layer's backward on that product, then col2im adds each window's gradient back
    to the pixels it was copied from.

    The columns are kept per image, ``col`` of shape (N, C*FH*FW, out_h*out_w) (image n's
    block is the book's ``im2col`` of that image, transposed): the product then comes out
    in (N, FN, out_h, out_w) order with no transpose and is a contiguous array, which keeps
    the following layers on numpy's fast paths.
    """

    params = ("W", "b")

    def __init__(self, W: np.ndarray, b: np.ndarray, stride: int = 1, pad: int = 0) -> None:
        require(W.ndim == 4, self, f"W must be 4-D (FN, C, FH, FW), got shape {W.shape}")
        require(b.shape == (W.shape[0],), self, f"b has shape {b.shape}, W has {W.shape}")
        require(stride >= 1 and pad >= 0, self, f"need stride >= 1, pad >= 0; got {stride}, {pad}")
        self.W, self.b = W, b
        self.stride, self.pad = stride, pad
        self.x_shape: tuple[int, ...] | None = None
        self.col: np.ndarray | None = None
        self.dW: np.ndarray | None = None
        self.db: np.ndarray | None = None

    def output_shape(self, x_shape: tuple[int, ...]) -> tuple[int, int, int, int]:
        """(N, FN, out_h, out_w) for an input of shape x_shape, or a ValueError saying why not."""
        FN, C, FH, FW = self.W.shape
        require(len(x_shape) == 4, self, f"x must be 4-D (N, C, H, W), got shape {x_shape}")
        require(
            x_shape[1] == C,
            self,
            f"x of shape {x_shape} has {x_shape[1]} channels, "
            f"W of shape {self.W.shape} expects {C}",
        )
        try:
            out_h = conv_output_size(x_shape[2], FH, self.stride, self.pad)
            out_w = conv_output_size(x_shape[3], FW, self.stride, self.pad)
        except ValueError as err:
            raise ValueError(f"{type(self).__name__}: x of shape {x_shape}: {err}") from None
        return x_shape[0], FN, out_h, out_w

    def forward(self, x: np.ndarray) -> np.ndarray:
        out_shape = self.output_shape(x.shape)
        FN, _, FH, FW = self.W.shape
        self.x_shape = x.shape
        self.col = im2col_batched(x, FH, FW, self.stride, self.pad)
        out = self.W.reshape(FN, -1) @ self.col + self.b[:, None]  # (N, FN, out_h * out_w)
        return out.reshape(out_shape)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        require_forward(self, "col")
        N, FN, out_h, out_w = expected = self.output_shape(self.x_shape)
        require(dout.shape == expected, self, f"dout has shape {dout.shape}, expected {expected}")
        _, _, FH, FW = self.W.shape
        dout = dout.reshape(N, FN, out_h * out_w)
        self.db = dout.sum(axis=(0, 2))
        # dW = sum over images of dout_n @ col_n.T; dcol = W.T @ dout, image by image.
        self.dW = (dout @ self.col.transpose(0, 2, 1)).sum(axis=0).reshape(self.W.shape)
        dcol = self.W.reshape(FN, -1).T @ dout
        return col2im_batched(dcol, self.x_shape, FH, FW, self.stride, self.pad)
