"""Two small helpers the book's scripts use beside the network code (its ``common/util.py``;
im2col and col2im live in :mod:`scratch.im2col`)."""

from __future__ import annotations

import numpy as np

from scratch.rng import Seed, generator, permutation


def smooth_curve(x: np.ndarray | list[float], window: int = 11, beta: float = 2.0) -> np.ndarray:
    """A smoothed copy of a noisy curve (e.g. a loss per iteration), of the same length.

    A weighted moving average with a Kaiser window; near the ends the curve is mirrored
    so that the average there still has ``window`` samples. ``window`` must be odd.
    """
    x = np.asarray(x, dtype=float)
    if window % 2 == 0 or x.ndim != 1 or len(x) < window:
        raise ValueError(
            f"smooth_curve: need a 1-D curve of at least window={window} (odd) samples, "
            f"got shape {x.shape}"
        )
    weights = np.kaiser(window, beta)
    head = x[window - 1 : 0 : -1]  # the first samples mirrored, x[0] itself not repeated
    tail = x[::-1][: window - 1]  # the last samples mirrored, x[-1] included
    smoothed = np.convolve(np.concatenate([head, x, tail]), weights / weights.sum(), "valid")
    half = window // 2
    return smoothed[half : len(smoothed) - half]


def shuffle_dataset(
    x: np.ndarray, t: np.ndarray, rng: Seed = None
) -> tuple[np.ndarray, np.ndarray]:
    """Inputs and labels in one random order (``rng=None``: numpy's global generator)."""
    if len(x) != len(t):
        raise ValueError(f"shuffle_dataset: {len(x)} inputs but {len(t)} labels")
    order = permutation(generator(rng), len(x))
    return x[order], t[order]
