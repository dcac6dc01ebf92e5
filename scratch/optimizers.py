"""Parameter update rules of chapter 6: SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam.

Every optimizer has the book's ``update(params, grads)``: it changes each array of
``params`` in place, so a network's live ``params`` view (and the layers behind it) see
the new values; a parameter held as a plain number (the book's toy ``{'x': -7.0}``) is
replaced by its new value. Each class writes its rule in ``_update``.
State (velocities, squared-gradient sums) is kept per parameter name.
Hyper-parameters are stored as Python floats: a numpy float64 scalar times a float32
array would upcast, a Python float does not.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, MutableMapping

import numpy as np

# --8<-- [start:optimizer]
Params = MutableMapping[str, np.ndarray]
Grads = Mapping[str, np.ndarray]

#: Added to the denominator of the adaptive methods so that a zero gradient does not divide by 0.
EPS = 1e-7


class Optimizer:
    """Common bookkeeping: per-parameter state created lazily with each parameter's dtype."""

    def _state(self, store: dict[str, np.ndarray], key: str, like: np.ndarray) -> np.ndarray:
        if key not in store:
            store[key] = np.zeros_like(like)
        return store[key]

    def update(self, params: Params, grads: Grads) -> None:
        """One step on every parameter of ``params`` with the gradients ``grads``.

        ``grads`` must have exactly the keys of ``params``, each of its parameter's shape: a
        missing, extra or mis-shaped gradient is a ValueError, not a step that skips or
        broadcasts it.
        """
        # One read of every parameter (a network's params is a live view onto its layers);
        # the rules below change these same arrays in place.
        values = dict(params.items())
        self._check(values, grads)
        numbers = [key for key, value in values.items() if not isinstance(value, np.ndarray)]
        if not numbers:
            self._update(values, grads)
            return
        # Numbers cannot change in place: step on 0-d arrays, then put the numbers back.
        arrays = {key: np.array(value, dtype=float) if key in numbers else value
                  for key, value in values.items()}  # fmt: skip
        self._update(arrays, grads)
        for key in numbers:
            params[key] = arrays[key].item()

    def _update(self, params: Params, grads: Grads) -> None:
        raise NotImplementedError

    def _check(self, params: Params, grads: Grads) -> None:
        name = f"{type(self).__name__}.update"
        if params.keys() != grads.keys():
            missing = [key for key in params if key not in grads]
            extra = [key for key in grads if key not in params]
            raise ValueError(f"{name}: grads must have the keys of params; "
                             f"missing {missing}, extra {extra}")  # fmt: skip
        for key, value in params.items():
            if np.shape(grads[key]) != np.shape(value):
                raise ValueError(f"{name}: grads[{key!r}] has shape {np.shape(grads[key])}, "
                                 f"params[{key!r}] has {np.shape(value)}")  # fmt: skip

    def __repr__(self) -> str:
        settings = ", ".join(
            f"{k}={v!r}" for k, v in vars(self).items() if isinstance(v, int | float)
        )
        return f"{type(self).__name__}({settings})"


def _rate(owner: str, name: str, value: float) -> float:
    """A learning rate: finite and >= 0 (NaN or a negative rate would train silently wrong)."""
    value = float(value)
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"{owner}: {name} must be a finite number >= 0, got {value}")
    return value


def _fraction(owner: str, name: str, value: float) -> float:
    """A decay or momentum coefficient in [0, 1)."""
    value = float(value)
    if not 0 <= value < 1:
        raise ValueError(f"{owner}: {name} must be in [0, 1), got {value}")
    return value
    # --8<-- [end:optimizer]


# --8<-- [start:sgd]
class SGD(Optimizer):
    """W <- W - lr * dL/dW."""

    def __init__(self, lr: float = 0.01) -> None:
        self.lr = _rate("SGD", "lr", lr)

    def _update(self, params: Params, grads: Grads) -> None:
        for key in params:
            p = params[key]
            p -= self.lr * grads[key]
            # --8<-- [end:sgd]


# --8<-- [start:momentum]
class Momentum(Optimizer):
    """v <- momentum * v - lr * g;  W <- W + v."""

    def __init__(self, lr: float = 0.01, momentum: float = 0.9) -> None:
        self.lr = _rate("Momentum", "lr", lr)
        self.momentum = _fraction("Momentum", "momentum", momentum)
        self.v: dict[str, np.ndarray] = {}

    def _update(self, params: Params, grads: Grads) -> None:
        for key in params:
            p, g = params[key], grads[key]
            v = self._state(self.v, key, p)
            v *= self.momentum
            v -= self.lr * g
            p += v
            # --8<-- [end:momentum]


# --8<-- [start:nesterov]
class Nesterov(Optimizer):
    """Nesterov's accelerated gradient, written so that it needs only the gradient at W.

    The look-ahead form v <- m v - lr g(theta + m v), theta <- theta + v becomes, for the
    stored W = theta + m v:  W <- W + m^2 v - (1 + m) lr g(W), then v <- m v - lr g(W).
    """

    def __init__(self, lr: float = 0.01, momentum: float = 0.9) -> None:
        self.lr = _rate("Nesterov", "lr", lr)
        self.momentum = _fraction("Nesterov", "momentum", momentum)
        self.v: dict[str, np.ndarray] = {}

    def _update(self, params: Params, grads: Grads) -> None:
        m = self.momentum
        for key in params:
            p, g = params[key], grads[key]
            v = self._state(self.v, key, p)
            # The step uses the velocity *before* this update: that is what makes it NAG.
            p += m * m * v
            p -= (1.0 + m) * self.lr * g
            v *= m
            v -= self.lr * g
            # --8<-- [end:nesterov]


# --8<-- [start:adagrad]
class AdaGrad(Optimizer):
    """h <- h + g*g;  W <- W - lr * g / (sqrt(h) + eps): big past gradients, small steps."""

    def __init__(self, lr: float = 0.01) -> None:
        self.lr = _rate("AdaGrad", "lr", lr)
        self.h: dict[str, np.ndarray] = {}

    def _update(self, params: Params, grads: Grads) -> None:
        for key in params:
            p, g = params[key], grads[key]
            h = self._state(self.h, key, p)
            h += g * g
            p -= self.lr * g / (np.sqrt(h) + EPS)
            # --8<-- [end:adagrad]


# --8<-- [start:rmsprop]
class RMSprop(Optimizer):
    """AdaGrad with a forgetting sum: h <- decay * h + (1 - decay) * g*g."""

    def __init__(self, lr: float = 0.01, decay_rate: float = 0.99) -> None:
        self.lr = _rate("RMSprop", "lr", lr)
        self.decay_rate = _fraction("RMSprop", "decay_rate", decay_rate)
        self.h: dict[str, np.ndarray] = {}

    def _update(self, params: Params, grads: Grads) -> None:
        for key in params:
            p, g = params[key], grads[key]
            h = self._state(self.h, key, p)
            h *= self.decay_rate
            h += (1.0 - self.decay_rate) * g * g
            p -= self.lr * g / (np.sqrt(h) + EPS)
            # --8<-- [end:rmsprop]


# --8<-- [start:adam]
class Adam(Optimizer):
    """Momentum on g (m) and RMSprop on g*g (v), with the bias correction folded into lr.

    m <- m + (1 - beta1)(g - m);  v <- v + (1 - beta2)(g*g - v);
    W <- W - lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps).
    """

    def __init__(self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999) -> None:
        self.lr = _rate("Adam", "lr", lr)
        self.beta1 = _fraction("Adam", "beta1", beta1)
        self.beta2 = _fraction("Adam", "beta2", beta2)
        self.iter = 0
        self.m: dict[str, np.ndarray] = {}
        self.v: dict[str, np.ndarray] = {}

    def _update(self, params: Params, grads: Grads) -> None:
        self.iter += 1
        t = self.iter
        lr_t = self.lr * math.sqrt(1.0 - self.beta2**t) / (1.0 - self.beta1**t)
        for key in params:
            p, g = params[key], grads[key]
            m = self._state(self.m, key, p)
            v = self._state(self.v, key, p)
            m += (1.0 - self.beta1) * (g - m)
            v += (1.0 - self.beta2) * (g * g - v)
            p -= lr_t * m / (np.sqrt(v) + EPS)
            # --8<-- [end:adam]


OPTIMIZERS: dict[str, type[Optimizer]] = {
    "sgd": SGD,
    "momentum": Momentum,
    "nesterov": Nesterov,
    "adagrad": AdaGrad,
    "rmsprop": RMSprop,
    "adam": Adam,
}


def get_optimizer(name: str | Optimizer, **params: float) -> Optimizer:
    """An optimizer by (case-insensitive) name, e.g. ``get_optimizer("adam", lr=1e-3)``."""
    if isinstance(name, Optimizer):
        return name
    try:
        cls = OPTIMIZERS[name.lower()]
    except KeyError:
        raise ValueError(
            f"unknown optimizer {name!r}; choose one of {sorted(OPTIMIZERS)}"
        ) from None
    return cls(**params)
