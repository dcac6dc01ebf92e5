"""Volume 2's optimizers: ``update(params, grads)`` with two lists instead of two dicts.

The update rules are volume 1's (:mod:`scratch.optimizers`); :class:`ListOptimizer` hands
them the lists, position ``i`` of ``params`` pairing with position ``i`` of ``grads``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scratch import optimizers

__all__ = ["SGD", "ListOptimizer"]


# --8<-- [start:sgd]
class ListOptimizer:
    """A volume-1 update rule applied to volume 2's lists.

    ``update(params, grads)`` changes every ``params[i]`` in place with ``grads[i]``, so the
    layers holding those arrays compute with the new values. Any rule of
    :mod:`scratch.optimizers` works, e.g. ``ListOptimizer(scratch.optimizers.Adam(lr=1e-3))``.
    """

    def __init__(self, rule: optimizers.Optimizer) -> None:
        self.rule = rule

    def update(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        if len(params) != len(grads):
            raise ValueError(
                f"{type(self).__name__}.update: {len(params)} params but {len(grads)} grads"
            )
        # Volume 1's rules keep their state (velocities, ...) per key: the position here.
        self.rule.update(
            {str(i): p for i, p in enumerate(params)}, {str(i): g for i, g in enumerate(grads)}
        )

    def __repr__(self) -> str:
        return repr(self.rule)


class SGD(ListOptimizer):
    """W <- W - lr * dW for every pair (W, dW) of the two lists."""

    rule: optimizers.SGD

    def __init__(self, lr: float = 0.01) -> None:
        super().__init__(optimizers.SGD(lr))

    @property
    def lr(self) -> float:
        return self.rule.lr

    @lr.setter
    def lr(self, value: float) -> None:
        self.rule.lr = float(value)


# --8<-- [end:sgd]
