"""The book's three options for image data: normalize, flatten, one-hot labels."""

from __future__ import annotations

import numpy as np

IMAGE_SHAPE = (1, 28, 28)  # channels, rows, columns


def book_format(
    images: np.ndarray,
    labels: np.ndarray,
    normalize: bool = True,
    flatten: bool = True,
    one_hot_label: bool = False,
    n_classes: int = 10,
) -> tuple[np.ndarray, np.ndarray]:
    """Shape ``uint8`` images (N, 28, 28) and labels (N,) the way ``load_mnist`` does.

    normalize: float32 in [0, 1] (the book divides by 255 in float32), else uint8.
    flatten: (N, 784), else (N, 1, 28, 28).
    one_hot_label: (N, n_classes) float64 rows of zeros with a 1 (the book's ``np.zeros``
    defaults to float64), else the uint8 labels unchanged.
    """
    n = images.shape[0]
    x = images.astype(np.float32) / np.float32(255.0) if normalize else images
    x = x.reshape(n, -1) if flatten else x.reshape(n, *IMAGE_SHAPE)
    t = one_hot(labels, n_classes) if one_hot_label else labels
    return x, t


def one_hot(labels: np.ndarray, n_classes: int = 10) -> np.ndarray:
    """Rows of ``n_classes`` zeros with a single 1 at each label (float64, as in the book)."""
    labels = np.asarray(labels)
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(
            f"one_hot: labels must lie in 0..{n_classes - 1}, got {labels.min()}..{labels.max()}"
        )
    t = np.zeros((labels.size, n_classes))
    t[np.arange(labels.size), labels.ravel()] = 1
    return t
