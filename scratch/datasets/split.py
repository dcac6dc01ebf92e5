"""Your own data, ready to train on: hold out a validation part, then standardise the
features with statistics of the training part only.

Why the training part only: the validation part stands in for data the network has never
seen. Its mean and spread are not known when the network is trained on new data, so they
must not shape the inputs during training either; a standardiser fitted on all the rows
lets a little of the validation part leak into training and flatters the validation score.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from scratch.rng import Seed, generator, permutation


# --8<-- [start:train_val_split]
def train_val_split(
    x: np.ndarray, t: np.ndarray, val_fraction: float = 0.2, rng: Seed = 0
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """``((x_train, t_train), (x_val, t_val))``: the samples in an order drawn from ``rng``,
    the first ``round(len(x) * val_fraction)`` of them held out for validation.

    The same ``rng`` (a seed or a Generator) gives the same split; both parts must get at
    least one sample.
    """
    if len(x) != len(t):
        raise ValueError(f"train_val_split: {len(x)} inputs but {len(t)} labels")
    if not 0 < val_fraction < 1:
        raise ValueError(f"train_val_split: val_fraction must be in (0, 1), got {val_fraction}")
    n_val = round(len(x) * val_fraction)
    if not 0 < n_val < len(x):
        raise ValueError(
            f"train_val_split: val_fraction={val_fraction} of {len(x)} samples leaves "
            f"{n_val} for validation and {len(x) - n_val} for training; both need at least one"
        )
    order = permutation(generator(rng), len(x))
    val, train = order[:n_val], order[n_val:]
    return (x[train], t[train]), (x[val], t[val])
    # --8<-- [end:train_val_split]


# --8<-- [start:standardizer]
@dataclass(frozen=True)
class Standardizer:
    """Shift and scale each feature (column) to mean 0 and standard deviation 1, with the
    mean and standard deviation of the data given to :meth:`fit`.

    A feature that is constant there (standard deviation 0) is only shifted, not divided.
    """

    mean: np.ndarray  # (D,)
    std: np.ndarray  # (D,), no zeros

    @classmethod
    def fit(cls, x: np.ndarray) -> Standardizer:
        """The statistics of ``x`` (N, D): fit on the training part only."""
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 2 or len(x) == 0:
            raise ValueError(f"Standardizer.fit: need a (N, D) array with N >= 1, got {x.shape}")
        std = x.std(axis=0)
        return cls(mean=x.mean(axis=0), std=np.where(std > 0, std, 1.0))

    def transform(self, x: np.ndarray) -> np.ndarray:
        """``(x - mean) / std`` for ``x`` (N, D) with the fitted D features."""
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != len(self.mean):
            raise ValueError(
                f"Standardizer.transform: fitted on {len(self.mean)} features, "
                f"got an array of shape {x.shape}"
            )
        return (x - self.mean) / self.std
        # --8<-- [end:standardizer]

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write ``mean`` and ``std`` to an ``.npz`` file (``scratch train --csv`` does)."""
        with open(path, "wb") as f:
            np.savez(f, mean=self.mean, std=self.std)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Standardizer:
        """The standardiser :meth:`save` wrote, to prepare new data exactly as in training."""
        with np.load(path, allow_pickle=False) as f:
            return cls(mean=f["mean"], std=f["std"])
