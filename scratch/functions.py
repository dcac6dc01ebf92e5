"""Activation and loss functions of chapters 3 and 4, written for arrays of any batch shape."""

from __future__ import annotations

import numpy as np


# --8<-- [start:identity_function]
def identity_function(x: np.ndarray) -> np.ndarray:
    return x
    # --8<-- [end:identity_function]


# --8<-- [start:step_function]
def step_function(x: np.ndarray) -> np.ndarray:
    """1 where x > 0, else 0, as integers (the book's ``np.array(x > 0, dtype=int)``)."""
    return np.asarray(x > 0, dtype=int)
    # --8<-- [end:step_function]


# --8<-- [start:sigmoid]
def sigmoid(x: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-x)), evaluated without overflow for large negative x."""
    x = np.asarray(x)
    # exp(-|x|) never overflows; pick the algebraically equal form per sign.
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))
    # --8<-- [end:sigmoid]


def sigmoid_grad(x: np.ndarray) -> np.ndarray:
    """dy/dx of the sigmoid at x: y (1 - y). The book's chapter-4 TwoLayerNet uses it."""
    y = sigmoid(x)
    return (1 - y) * y


# --8<-- [start:relu]
def relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(0, x)
    # --8<-- [end:relu]


def relu_grad(x: np.ndarray) -> np.ndarray:
    """dy/dx of ReLU as the book defines it: 1 where x >= 0 (its choice at the kink), else 0."""
    x = np.asarray(x)
    return np.asarray(x >= 0, dtype=x.dtype)


# --8<-- [start:softmax]
def softmax(x: np.ndarray) -> np.ndarray:
    """Softmax over the last axis; subtracting the max keeps exp from overflowing."""
    x = np.asarray(x)
    shifted = x - x.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)
    # --8<-- [end:softmax]


# --8<-- [start:mean_squared_error]
def mean_squared_error(y: np.ndarray, t: np.ndarray) -> float:
    """Half the sum of squared errors, as the book defines it (a sum, not a mean)."""
    y, t = np.asarray(y), np.asarray(t)
    return 0.5 * float(np.sum((y - t) ** 2))
    # --8<-- [end:mean_squared_error]


# --8<-- [start:labels]
def class_labels(t: np.ndarray, n_classes: int, caller: str) -> np.ndarray:
    """``t`` itself, checked to be class indices: an integer dtype, each in 0..n_classes-1.

    A label -1 would silently pick the last class and one >= n_classes fail deep inside
    numpy, so both are refused here, naming ``caller``.
    """
    if not np.issubdtype(t.dtype, np.integer):
        raise ValueError(
            f"{caller}: labels must be integer class indices, got dtype {t.dtype} "
            f"(convert with t.astype(int), or give one-hot labels of the outputs' shape)"
        )
    if t.size and (t.min() < 0 or t.max() >= n_classes):
        bad = t[(t < 0) | (t >= n_classes)].flat[0]
        raise ValueError(
            f"{caller}: label {bad} is outside 0..{n_classes - 1} ({n_classes} classes)"
        )
    return t


def _labels(y: np.ndarray, t: np.ndarray, caller: str) -> np.ndarray:
    """Class indices from t, which may be one-hot (same shape as y) or indices."""
    t = np.asarray(t)
    if t.shape == y.shape:
        return t.argmax(axis=-1)
    if t.shape == (*y.shape[:-1], 1):  # a column of labels, as the book's ch07 check uses
        t = t.reshape(y.shape[:-1])
    if t.shape == y.shape[:-1]:
        return class_labels(t, y.shape[-1], caller)
    raise ValueError(
        f"{caller}: labels of shape {t.shape} do not fit outputs of shape {y.shape}; "
        "give one-hot labels of the same shape or integer labels of shape y.shape[:-1]"
    )
    # --8<-- [end:labels]


# --8<-- [start:cross_entropy_error]
def cross_entropy_error(y: np.ndarray, t: np.ndarray) -> float:
    """Mean over the batch of -log y[label]; t is one-hot or integer labels.

    A single sample (1-D y) is treated as a batch of one. The tiny 1e-7 keeps log(0)
    finite, as in the book.
    """
    y = np.asarray(y)
    if y.ndim == 1:
        y = y.reshape(1, -1)
        t = np.asarray(t)
        t = t.reshape(1, -1) if t.size == y.size else t.reshape(1)
    labels = _labels(y, t, "cross_entropy_error")
    batch_size = y.shape[0]
    picked = y[np.arange(batch_size), labels]
    return float(-np.sum(np.log(picked + 1e-7)) / batch_size)
    # --8<-- [end:cross_entropy_error]


# --8<-- [start:cross_entropy_from_logits]
def log_softmax(x: np.ndarray) -> np.ndarray:
    """log(softmax(x)) over the last axis, without ever taking log(0)."""
    x = np.asarray(x)
    shifted = x - x.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def cross_entropy_from_logits(x: np.ndarray, t: np.ndarray) -> float:
    """Mean cross-entropy of softmax(x), computed stably from the scores x (N, classes).

    t is integer labels (N,) or a distribution per row (N, classes): one-hot, or soft
    labels, for which the loss is -sum(t * log y) / N, the function whose gradient with
    respect to x is exactly (y - t) / N when each row of t sums to 1.
    """
    log_y = log_softmax(x)
    t = np.asarray(t)
    if t.shape == log_y.shape:
        return _mean_loss(log_y, t)
    labels = _labels(log_y, t, "cross_entropy_from_logits")
    return _mean_loss(log_y, labels)
    # --8<-- [end:cross_entropy_from_logits]


def _mean_loss(log_y: np.ndarray, t: np.ndarray) -> float:
    """-sum(t * log y) / N for a distribution per row, -mean(log y[label]) for labels."""
    if t.shape == log_y.shape:
        return float(-np.sum(t * log_y) / log_y.shape[0])
    return float(-np.sum(log_y[np.arange(log_y.shape[0]), t]) / log_y.shape[0])


def softmax_and_cross_entropy(x: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, float]:
    """``softmax(x)`` and ``cross_entropy_from_logits(x, t)``, the same bits, from one exp.

    What ``SoftmaxWithLoss.forward`` needs; x is (N, classes), and t has been checked
    (labels (N,) within range, or a distribution of x's shape).
    """
    shifted = x - x.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    total = e.sum(axis=-1, keepdims=True)
    return e / total, _mean_loss(shifted - np.log(total), t)


def softmax_loss(x: np.ndarray, t: np.ndarray) -> float:
    return cross_entropy_error(softmax(x), t)
