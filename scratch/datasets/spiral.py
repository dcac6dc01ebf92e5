"""The spiral toy data of volume 2: classes wound around the origin as noisy arms."""

from __future__ import annotations

import numpy as np


def spiral(
    n_per_class: int = 100,
    n_classes: int = 3,
    rng: np.random.Generator | int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Points on ``n_classes`` spiral arms, ``n_per_class`` each.

    Point ``i`` of arm ``j`` lies at radius ``r = i / n_per_class`` and angle
    ``4 j + 4 r`` plus Gaussian noise (standard deviation 0.2), at
    ``(r sin θ, r cos θ)``, as in volume 2's ``load_data``. Returns ``x`` (N, 2) float64
    and one-hot ``t`` (N, n_classes) of integers, arm by arm.
    """
    if n_per_class < 1 or n_classes < 1:
        raise ValueError(
            f"spiral: need n_per_class >= 1 and n_classes >= 1, got {n_per_class}, {n_classes}"
        )
    rng = np.random.default_rng(rng)
    rate = np.tile(np.arange(n_per_class) / n_per_class, n_classes)
    arm = np.repeat(np.arange(n_classes), n_per_class)
    theta = 4.0 * arm + 4.0 * rate + rng.standard_normal(rate.size) * 0.2
    x = np.stack([rate * np.sin(theta), rate * np.cos(theta)], axis=1)
    t = np.zeros((rate.size, n_classes), dtype=np.int64)
    t[np.arange(rate.size), arm] = 1
    return x, t
