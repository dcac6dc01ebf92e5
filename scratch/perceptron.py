"""Chapter 2: the perceptron and the logic gates it can (and cannot) compute.

The book writes AND, NAND and OR as three near-identical functions; here they share one
rule, ``perceptron(x, w, b)``, and differ only in their weights and bias (``GATES``).
The behaviour is the book's: output 1 when ``w·x + b > 0``, else 0 (a sum of exactly 0
gives 0), returned as plain ``int``.

The chapter-2 page shows this module's sections (``# --8<-- [start:name]`` markers) as the
code it runs.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import product

import numpy as np


# --8<-- [start:perceptron]
def perceptron(x: np.ndarray, w: np.ndarray, b: float) -> int | np.ndarray:
    """1 where ``x @ w + b > 0``, else 0: a sum of exactly 0 gives 0.

    ``x`` is one input of shape ``(n,)`` (the result is an ``int``) or a batch of inputs of
    shape ``(..., n)`` (the result is an integer array of shape ``(...)``).
    """
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    if w.ndim != 1 or x.ndim == 0 or x.shape[-1] != w.shape[0]:
        raise ValueError(
            f"perceptron: inputs of shape {x.shape} do not fit weights of shape {w.shape}; "
            "the last axis of x must have as many entries as w"
        )
    fired = np.asarray(x @ w + b > 0, dtype=int)
    return int(fired) if fired.ndim == 0 else fired
    # --8<-- [end:perceptron]


# --8<-- [start:gates]
# (weights, bias) per gate: the values the book picks by hand.
GATES: dict[str, tuple[tuple[float, float], float]] = {
    "AND": ((0.5, 0.5), -0.7),
    "NAND": ((-0.5, -0.5), 0.7),
    "OR": ((0.5, 0.5), -0.2),
}


def _gate(name: str, x1: float, x2: float) -> int:
    w, b = GATES[name]
    return int(perceptron(np.array([x1, x2]), np.array(w), b))


def AND(x1: float, x2: float) -> int:
    return _gate("AND", x1, x2)


def NAND(x1: float, x2: float) -> int:
    return _gate("NAND", x1, x2)


def OR(x1: float, x2: float) -> int:
    return _gate("OR", x1, x2)
    # --8<-- [end:gates]


# --8<-- [start:truth_table]
# The four inputs of a two-input gate, in truth-table order.
INPUTS: tuple[tuple[int, int], ...] = tuple(product((0, 1), (0, 1)))


def truth_table(gate: Callable[[int, int], int]) -> tuple[int, ...]:
    """The gate's outputs for the inputs (0,0), (0,1), (1,0), (1,1), in that order."""
    return tuple(gate(x1, x2) for x1, x2 in INPUTS)
    # --8<-- [end:truth_table]


# --8<-- [start:xor]
def XOR(x1: float, x2: float) -> int:
    """A two-layer perceptron: NAND and OR side by side, then AND of their outputs."""
    s1 = NAND(x1, x2)
    s2 = OR(x1, x2)
    return AND(s1, s2)
    # --8<-- [end:xor]
