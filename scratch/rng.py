"""Randomness, explicit when you want it and the book's when you don't.

Everything random in the library takes ``rng``: a seed or a ``np.random.Generator`` gives
the same numbers every time. ``rng=None`` draws from numpy's global generator with the
calls the book makes (``np.random.randn``, ``rand``, ``permutation``, ``choice``), so
``np.random.seed(0)`` before a run reproduces it, and a book script seeded that way gets
the same numbers on this library as on the book's own code.
"""

# ruff: noqa: NPY002 -- the legacy global calls are the point: they are the book's.

from __future__ import annotations

import numpy as np

#: What every ``rng`` argument accepts.
Seed = int | np.random.Generator | None


def generator(rng: Seed) -> np.random.Generator | None:
    """A Generator for a seed or Generator (the same object is passed through); None stays None."""
    return None if rng is None else np.random.default_rng(rng)


def normal(rng: np.random.Generator | None, shape: tuple[int, ...]) -> np.ndarray:
    """Standard normal samples: ``rng.standard_normal`` or the book's ``np.random.randn``."""
    return np.random.randn(*shape) if rng is None else rng.standard_normal(shape)


def uniform(rng: np.random.Generator | None, shape: tuple[int, ...]) -> np.ndarray:
    """Samples from [0, 1): ``rng.random`` or the book's ``np.random.rand``."""
    return np.random.rand(*shape) if rng is None else rng.random(shape)


def permutation(rng: np.random.Generator | None, n: int) -> np.ndarray:
    """A random order of ``range(n)``."""
    return np.random.permutation(n) if rng is None else rng.permutation(n)


def choice(rng: np.random.Generator | None, n: int, size: int) -> np.ndarray:
    """``size`` indices below ``n``, with replacement, as the book's mini-batches are drawn."""
    return np.random.choice(n, size) if rng is None else rng.choice(n, size)
