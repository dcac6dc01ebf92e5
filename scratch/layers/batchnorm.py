"""Batch normalization (chapter 6): standardise each feature over the mini-batch."""

from __future__ import annotations

import numpy as np

from scratch.layers.base import Layer, fail, require, saved, test_mode_backward

# --8<-- [start:batch_normalization]
#: Added to the variance before the square root; the book's value (10e-7).
EPS = 1e-6


class BatchNormalization(Layer):
    """y = gamma * (x - mu) / sqrt(var + eps) + beta, with mu and var of the mini-batch.

    2-D input (N, D): statistics per feature, ``gamma`` and ``beta`` of shape (D,).
    4-D input (N, C, H, W): statistics per channel over N, H and W, ``gamma`` of shape (C,).
    (The book flattens 4-D input to (N, C*H*W) and normalises every pixel separately; it
    only ever uses the layer after Affine, where the two agree. Per channel is what a
    convolutional network needs.) At test time (``train_flg=False``) the running averages
    collected in training replace the batch statistics.
    """

    params = ("gamma", "beta")
    state = ("running_mean", "running_var")  # what test mode uses: saved with the parameters

    def __init__(
        self,
        gamma: np.ndarray,
        beta: np.ndarray,
        momentum: float = 0.9,
        running_mean: np.ndarray | None = None,
        running_var: np.ndarray | None = None,
    ) -> None:
        require(gamma.ndim == 1, self, f"gamma must be 1-D, got shape {gamma.shape}")
        require(beta.shape == gamma.shape, self, f"beta {beta.shape} != gamma {gamma.shape}")
        self.gamma, self.beta = gamma, beta
        self.momentum = float(momentum)
        # Zeros until training updates them, as the book's first forward sets them.
        self.running_mean = np.zeros_like(gamma) if running_mean is None else running_mean
        self.running_var = np.zeros_like(gamma) if running_var is None else running_var
        for name in self.state:
            shape = getattr(self, name).shape
            require(shape == gamma.shape, self, f"{name} {shape} != gamma {gamma.shape}")
        self.test_mode = False  # the last forward ran with train_flg=False
        self.input_shape: tuple[int, ...] | None = None
        self.batch_size = 0
        self.xc: np.ndarray | None = None
        self.xn: np.ndarray | None = None
        self.std: np.ndarray | None = None
        self.dgamma: np.ndarray | None = None
        self.dbeta: np.ndarray | None = None

    # 4-D input becomes a 2-D table with one column per channel, and back.
    def _to_2d(self, x: np.ndarray) -> np.ndarray:
        require(x.ndim in (2, 4), self, f"x must be 2-D (N, D) or 4-D (N, C, H, W), got {x.shape}")
        require(
            x.shape[1] == self.gamma.shape[0],
            self,
            f"x of shape {x.shape} has {x.shape[1]} features/channels, "
            f"gamma has {self.gamma.shape[0]}",
        )
        return x if x.ndim == 2 else x.transpose(0, 2, 3, 1).reshape(-1, x.shape[1])

    def _from_2d(self, y: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
        if len(shape) == 2:
            return y
        n, c, h, w = shape
        return y.reshape(n, h, w, c).transpose(0, 3, 1, 2)

    def forward(self, x: np.ndarray, train_flg: bool = True) -> np.ndarray:
        self.input_shape = x.shape
        x2 = self._to_2d(x)
        self.test_mode = not train_flg
        if train_flg:
            if x2.shape[0] < 2:  # a variance of 0 (or NaN) would enter the running averages
                fail(self, f"training needs at least 2 values per feature to estimate a "
                     f"variance, got x of shape {x.shape}: train on a batch of several "
                     f"samples (train_flg=False to predict)")  # fmt: skip
            mu = x2.mean(axis=0)
            xc = x2 - mu
            var = np.mean(xc**2, axis=0)
            std = np.sqrt(var + EPS)
            xn = xc / std
            self.batch_size, self.xc, self.xn, self.std = x2.shape[0], xc, xn, std
            m = self.momentum
            self.running_mean = m * self.running_mean + (1.0 - m) * mu
            self.running_var = m * self.running_var + (1.0 - m) * var
        else:
            xn = (x2 - self.running_mean) / np.sqrt(self.running_var + EPS)
        return self._from_2d(self.gamma * xn + self.beta, x.shape)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        if self.test_mode:  # xn, xc and std belong to an earlier training batch
            test_mode_backward(self)
        xn, xc, std = saved(self, self.xn), saved(self, self.xc), saved(self, self.std)
        input_shape = saved(self, self.input_shape)
        require(
            dout.shape == input_shape,
            self,
            f"dout has shape {dout.shape}, forward input had {input_shape}",
        )
        d2 = self._to_2d(dout)
        n = self.batch_size
        self.dbeta = d2.sum(axis=0)
        self.dgamma = np.sum(xn * d2, axis=0)
        dxn = self.gamma * d2
        dxc = dxn / std  # a new array: the in-place update below touches nothing we were given
        dstd = -np.sum(dxn * xc / (std * std), axis=0)
        dvar = 0.5 * dstd / std
        dxc += (2.0 / n) * xc * dvar
        dmu = np.sum(dxc, axis=0)
        dx = dxc - dmu / n
        return self._from_2d(dx, input_shape)
        # --8<-- [end:batch_normalization]
