"""Volume 2's Trainer: ``fit(x, t, max_epoch, batch_size, max_grad, eval_interval)``, ``plot()``.

One difference from the book's Trainer, so that its ``loss_list`` is the list the book's own
training loop (``train_custom_loop.py``) prints: a loss is recorded at the *end* of every
``eval_interval`` steps, as the mean of those steps. The book's Trainer records at the start
of each interval, so its first point is the loss of the first step alone.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from scratch.rng import Seed, generator, permutation
from scratch.trainer import TrainingDiverged

__all__ = ["Trainer", "clip_grads"]

# --8<-- [start:trainer]
#: Axis labels of :meth:`Trainer.plot`, by language; ``{}`` is the evaluation interval.
PLOT_LABELS = {"ko": ("반복 (x{})", "손실"), "en": ("iterations (x{})", "loss")}


def clip_grads(grads: Sequence[np.ndarray], max_norm: float) -> None:
    """Scale all gradients down, in place, when their joint L2 norm exceeds ``max_norm``."""
    total_norm = math.sqrt(sum(float(np.sum(g * g)) for g in grads))
    rate = max_norm / (total_norm + 1e-6)
    if rate < 1:
        for g in grads:
            g *= rate


class Trainer:
    """``Trainer(model, optimizer).fit(x, t, max_epoch, batch_size, eval_interval=20)``.

    ``model`` has volume 2's surface: ``forward(x, t)`` returns the loss, ``backward()``
    fills ``model.grads``, and ``model.params`` lists the arrays to update. ``optimizer`` has
    ``update(params, grads)``. Each epoch walks the data in a new random order, in whole
    mini-batches of ``batch_size``; the book shuffles the already shuffled data again, and
    so do we, so that the same seed gives the book's batches. ``rng`` is a seed or a
    ``np.random.Generator``; ``None`` draws from numpy's global generator, as the book does.
    """

    def __init__(self, model: Any, optimizer: Any, rng: Seed = None) -> None:
        self.model, self.optimizer = model, optimizer
        self.loss_list: list[float] = []
        self.eval_interval: int | None = None
        self.current_epoch = 0
        self.rng = generator(rng)

    def fit(
        self,
        x: np.ndarray,
        t: np.ndarray,
        max_epoch: int = 10,
        batch_size: int = 32,
        max_grad: float | None = None,
        eval_interval: int | None = 20,
        verbose: bool = True,
    ) -> None:
        """Train; every ``eval_interval`` steps append the mean loss of those steps to
        ``loss_list`` (and print it when ``verbose``). ``max_grad`` clips the gradients'
        joint norm before each update (:func:`clip_grads`)."""
        data_size = len(x)
        if len(t) != data_size or not 1 <= batch_size <= data_size:
            raise ValueError(
                f"Trainer.fit: {data_size} inputs, {len(t)} labels, batch_size {batch_size}: "
                f"need as many labels as inputs and 1 <= batch_size <= {data_size}"
            )
        max_iters = data_size // batch_size
        self.eval_interval = eval_interval
        model, optimizer = self.model, self.optimizer
        order = np.arange(data_size)
        total_loss, loss_count = 0.0, 0
        start = time.perf_counter()
        for _ in range(max_epoch):
            order = order[permutation(self.rng, data_size)]
            for iters in range(max_iters):
                batch = order[iters * batch_size : (iters + 1) * batch_size]
                loss = float(model.forward(x[batch], t[batch]))
                if not math.isfinite(loss):
                    raise TrainingDiverged(
                        f"the loss became {loss} in epoch {self.current_epoch + 1}, step "
                        f"{iters + 1}; training stopped. Try a lower learning rate."
                    )
                model.backward()
                if max_grad is not None:
                    clip_grads(model.grads, max_grad)
                optimizer.update(model.params, model.grads)
                total_loss, loss_count = total_loss + loss, loss_count + 1
                if eval_interval is not None and loss_count == eval_interval:
                    self.loss_list.append(total_loss / loss_count)
                    if verbose:
                        seconds = int(time.perf_counter() - start)
                        print(
                            f"| epoch {self.current_epoch + 1} | iter {iters + 1} / {max_iters} "
                            f"| time {seconds}[s] | loss {self.loss_list[-1]:.2f}"
                        )
                    total_loss, loss_count = 0.0, 0
            self.current_epoch += 1

    def plot(
        self, ylim: tuple[float, float] | None = None, ax: Any = None, lang: str = "en"
    ) -> Any:
        """Draw ``loss_list`` against the recording step on ``ax`` (a new figure if None) and
        return the axes; ``lang`` ('ko' or 'en') chooses the axis labels."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots()
        xlabel, ylabel = PLOT_LABELS[lang]
        ax.plot(np.arange(len(self.loss_list)), self.loss_list, label="train")
        if ylim is not None:
            ax.set_ylim(*ylim)
        ax.set_xlabel(xlabel.format(self.eval_interval))
        ax.set_ylabel(ylabel)
        return ax


# --8<-- [end:trainer]
