"""Data for the book: MNIST, Fashion-MNIST, CSV files (their exports, or your own tables),
the spiral toy set, and a train/validation split with a standardiser for your own data.

``mnist(split)`` / ``fashion_mnist(split)`` return one split as ``(x, t)``;
``load_mnist(...)`` keeps the book's signature. Files are looked for in ``data_dir``,
``$SCRATCH_DATA/<name>/``, ``/usr/share/datasets/<name>/`` and the user cache
(``$SCRATCH_CACHE`` overrides its location), then downloaded and checked against pinned
SHA-256 sums; ``SCRATCH_OFFLINE=1`` forbids downloading. See :mod:`scratch.datasets.fetch`.
"""

from scratch.datasets.csv import load_csv
from scratch.datasets.fetch import DatasetNotFoundError, cache_dir
from scratch.datasets.idx import read_idx, write_idx
from scratch.datasets.mnist import (
    FASHION_MNIST_CLASSES,
    FASHION_MNIST_CLASSES_KO,
    available,
    fashion_mnist,
    load_fashion_mnist,
    load_mnist,
    mnist,
)
from scratch.datasets.spiral import spiral
from scratch.datasets.split import Standardizer, train_val_split

__all__ = [
    "FASHION_MNIST_CLASSES",
    "FASHION_MNIST_CLASSES_KO",
    "DatasetNotFoundError",
    "Standardizer",
    "available",
    "cache_dir",
    "fashion_mnist",
    "load_csv",
    "load_fashion_mnist",
    "load_mnist",
    "mnist",
    "read_idx",
    "spiral",
    "train_val_split",
    "write_idx",
]
