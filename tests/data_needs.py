"""Skips for tests that need files a machine may lack; each reason says how to get them.

The real files are looked for where ``scratch`` looks for them (``$SCRATCH_DATA``, the
system dataset directory, the user cache), once, when the tests are collected.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from scratch.datasets import available
from scratch.datasets.fetch import locate
from scratch.datasets.sources import SPLITS, collection
from scratch.weights import BOOK_PARAMS


def how_to_get(name: str) -> str:
    return collection(name).how_to_get()


def found_in(name: str, files: Iterable[str]) -> Path | None:
    """The directory holding all ``files`` of collection ``name`` on this machine, or None."""
    coll = collection(name)
    paths = [locate(coll, file).path for file in files]
    folders = {path.parent for path in paths if path is not None}
    return folders.pop() if None not in paths and len(folders) == 1 else None


MNIST_TEST_DIR = found_in("mnist", SPLITS["test"])
WEIGHTS_DIR = found_in("weights", BOOK_PARAMS.values())
HAVE_FASHION_MNIST = available("fashion-mnist", "train") and available("fashion-mnist", "test")

MNIST_TEST_REASON = f"runs when the MNIST test set is on your machine: {how_to_get('mnist')}"
WEIGHTS_REASON = f"runs when the book's weight files are on your machine: {how_to_get('weights')}"

needs_mnist_test = pytest.mark.skipif(MNIST_TEST_DIR is None, reason=MNIST_TEST_REASON)
needs_book_weights = pytest.mark.skipif(WEIGHTS_DIR is None, reason=WEIGHTS_REASON)
needs_fashion_mnist = pytest.mark.skipif(
    not HAVE_FASHION_MNIST,
    reason=f"runs when Fashion-MNIST is on your machine: {how_to_get('fashion-mnist')}",
)
