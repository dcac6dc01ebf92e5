"""Numerical differentiation (chapter 4) and the gradient check of chapter 5."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np


# --8<-- [start:numerical_diff]
def numerical_diff(f: Callable[[float], float], x: float, h: float = 1e-4) -> float:
    """Central difference (f(x+h) - f(x-h)) / 2h: error O(h^2) instead of O(h)."""
    return (f(x + h) - f(x - h)) / (2 * h)
    # --8<-- [end:numerical_diff]


# --8<-- [start:numerical_gradient]
def numerical_gradient(
    f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-4
) -> np.ndarray:
    """Central-difference gradient of scalar f at x, for x of any shape.

    x is perturbed in place one element at a time (so that f may read it through a
    network holding the same array) and every element is restored before returning.
    """
    if not isinstance(x, np.ndarray) or not np.issubdtype(x.dtype, np.floating):
        kind = f"dtype {x.dtype}" if isinstance(x, np.ndarray) else type(x).__name__
        raise ValueError(f"numerical_gradient needs a float array x, got {kind}")
    if not x.flags.writeable:
        raise ValueError("numerical_gradient: x is read-only, and it is perturbed in place; "
                         "pass a writable copy (x.copy())")  # fmt: skip
    grad = np.zeros(x.shape, dtype=np.float64)
    for idx in np.ndindex(x.shape):
        original = x[idx]
        try:
            x[idx] = original + h
            f_plus = _scalar(f(x))
            x[idx] = original - h
            f_minus = _scalar(f(x))
        finally:  # x is the caller's array: restored even when f fails
            x[idx] = original
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad.astype(x.dtype, copy=False)


def _scalar(value: Any) -> Any:
    """f's value, checked to be one number: a gradient is defined for a scalar function."""
    if np.ndim(value) != 0:
        raise ValueError(f"numerical_gradient: f must return a scalar (e.g. a loss), "
                         f"it returned an array of shape {np.shape(value)}")  # fmt: skip
    return value
    # --8<-- [end:numerical_gradient]


# --8<-- [start:gradient_descent]
def gradient_descent(
    f: Callable[[np.ndarray], float],
    init_x: np.ndarray,
    lr: float = 0.01,
    step_num: int = 100,
    return_history: bool = False,
) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    """Repeat x <- x - lr * grad f(x); optionally return every visited point too."""
    x = np.array(init_x, dtype=np.float64)
    history = []
    for _ in range(step_num):
        history.append(x.copy())
        x -= lr * numerical_gradient(f, x)
    if return_history:
        return x, np.array(history)
    return x
    # --8<-- [end:gradient_descent]


# --8<-- [start:relative_error]
def relative_error(a: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> float:
    """max |a - b| / max(|a| + |b|), a scale-free distance between two gradients."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    scale = max(float(np.max(np.abs(a) + np.abs(b), initial=0.0)), eps)
    return float(np.max(np.abs(a - b), initial=0.0)) / scale
    # --8<-- [end:relative_error]


@dataclass(frozen=True)
class GradientCheck:
    """Per-parameter comparison of a backprop gradient with a numerical one."""

    errors: dict[str, float]
    tolerance: float

    @property
    def ok(self) -> bool:
        return all(err <= self.tolerance for err in self.errors.values())

    @property
    def worst(self) -> float:
        return max(self.errors.values(), default=0.0)

    def __str__(self) -> str:
        lines = [f"{name}: {err:.2e}" for name, err in self.errors.items()]
        verdict = "ok" if self.ok else f"FAILED (tolerance {self.tolerance:.0e})"
        return "\n".join([*lines, verdict])


def check_gradients(
    numerical: Mapping[str, np.ndarray],
    backprop: Mapping[str, np.ndarray],
    tolerance: float = 1e-6,
) -> GradientCheck:
    """Compare two gradient dicts key by key and report the relative error of each."""
    if set(numerical) != set(backprop):
        raise ValueError(
            f"gradient keys differ: numerical {sorted(numerical)} vs backprop {sorted(backprop)}"
        )
    errors = {}
    for key in numerical:
        if numerical[key].shape != backprop[key].shape:
            raise ValueError(
                f"gradient {key!r}: numerical shape {numerical[key].shape} "
                f"vs backprop shape {backprop[key].shape}"
            )
        errors[key] = relative_error(numerical[key], backprop[key])
    return GradientCheck(errors, tolerance)
