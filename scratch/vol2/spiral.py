"""The spiral data set of volume 2 (``dataset/spiral.py`` in the book's code)."""

# ruff: noqa: NPY002 -- seeding numpy's global generator is the point: it is the book's.

from __future__ import annotations

import numpy as np

__all__ = ["load_data"]


# --8<-- [start:load-data]
def load_data(seed: int | None = 1984) -> tuple[np.ndarray, np.ndarray]:
    """Three spiral arms of 100 points: ``x`` (300, 2) float64, one-hot ``t`` (300, 3) int.

    Point ``i`` of arm ``j`` lies at radius ``r = i / 100`` and angle
    ``θ = 4 j + 4 r + 0.2 ε`` with ``ε`` standard normal, at ``(r sin θ, r cos θ)``.

    Like the book's ``load_data``, this seeds numpy's *global* generator with ``seed`` and
    draws the noise from it: the points are the book's, and a network and trainer created
    afterwards without ``rng`` continue the book's random sequence, so a run repeats the
    book's numbers. (:func:`scratch.datasets.spiral` draws the same shape from ``rng``
    without touching the global generator.)
    """
    N, CLS_NUM = 100, 3  # points per class, classes
    np.random.seed(seed)
    noise = np.random.randn(N * CLS_NUM)  # one draw per point, arm by arm, as the book
    rate = np.tile(np.arange(N) / N, CLS_NUM)
    arm = np.repeat(np.arange(CLS_NUM), N)
    theta = 4.0 * arm + 4.0 * rate + 0.2 * noise
    x = np.stack([rate * np.sin(theta), rate * np.cos(theta)], axis=1)
    t = np.zeros((N * CLS_NUM, CLS_NUM), dtype=np.int64)
    t[np.arange(N * CLS_NUM), arm] = 1
    return x, t


# --8<-- [end:load-data]
