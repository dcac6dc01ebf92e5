"""Trainer (chapter 6): epochs of shuffled mini-batches, an optimizer, and a history.

Differs from the book's Trainer in three ways, each for reproducible, comparable runs:
an epoch is one pass over a fresh permutation of the training set (the book draws every
batch with replacement), all randomness comes from ``rng``, and the loss recorded for an
iteration is the one computed by that iteration's forward pass (the book runs a second
forward pass after the update).

It is the one training loop of the library: the chapters' experiments and figures all
train through it.
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from scratch.networks.base import Network
from scratch.optimizers import Optimizer, get_optimizer
from scratch.rng import Seed, choice, generator, permutation


# --8<-- [start:trainer]
class TrainingDiverged(ValueError):
    """The loss became NaN or infinite, or exploded: usually a learning rate that is too high."""


#: Training stops when a step's loss exceeds this many times the first step's (or 1, if
#: the first was below 1): a loss that grows by orders of magnitude is diverging.
EXPLODE_FACTOR = 100.0


@dataclass
class History:
    """Per-iteration loss and per-epoch accuracies (epoch 0 = before any update)."""

    train_loss_list: list[float] = field(default_factory=list)
    train_acc_list: list[float] = field(default_factory=list)
    test_acc_list: list[float] = field(default_factory=list)
    iter_per_epoch: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def save(self, path: str | Path) -> Path:
        """Write the history as JSON, through a temporary file: never half a file."""
        path = Path(path)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            temporary.write_text(json.dumps(self.to_dict(), indent=1), encoding="utf-8")
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
        return path


def _show_progress(verbose: bool) -> bool:
    """A progress bar only for a person watching a terminal, never inside pytest."""
    return verbose and sys.stderr.isatty() and "PYTEST_CURRENT_TEST" not in os.environ


class Trainer:
    """``Trainer(network, x_train, t_train, x_test, t_test, epochs=20, ...).train()``.

    ``optimizer`` is a name ('SGD', 'Momentum', 'Nesterov', 'AdaGrad', 'RMSprop', 'Adam')
    with ``optimizer_param`` (e.g. ``{'lr': 0.01}``), or an optimizer object.
    ``evaluate_sample_num_per_epoch`` limits the accuracy evaluation to the first samples;
    0 turns it off (for runs that only record the loss). ``max_iter`` stops after that many
    mini-batch steps, mid-epoch if need be (default: ``epochs`` whole epochs).
    ``on_epoch(epoch, history)``, if given, is called after each whole epoch's evaluation
    (e.g. to keep a copy of the parameters that go with it).
    """

    def __init__(
        self,
        network: Network,
        x_train: np.ndarray,
        t_train: np.ndarray,
        x_test: np.ndarray,
        t_test: np.ndarray,
        epochs: int = 20,
        mini_batch_size: int = 100,
        optimizer: str | Optimizer = "SGD",
        optimizer_param: dict[str, float] | None = None,
        evaluate_sample_num_per_epoch: int | None = None,
        verbose: bool = True,
        rng: Seed = None,
        max_iter: int | None = None,
        on_epoch: Callable[[int, History], None] | None = None,
    ) -> None:
        if len(x_train) != len(t_train) or len(x_test) != len(t_test):
            raise ValueError(
                f"Trainer: {len(x_train)} training inputs but {len(t_train)} labels, "
                f"{len(x_test)} test inputs but {len(t_test)} labels"
            )
        if len(x_train) == 0 or epochs < 0 or mini_batch_size < 1:
            raise ValueError(
                f"Trainer needs training data, epochs >= 0 and mini_batch_size >= 1; got "
                f"{len(x_train)} samples, epochs={epochs}, mini_batch_size={mini_batch_size}"
            )
        if len(x_test) == 0 and evaluate_sample_num_per_epoch != 0:
            raise ValueError(
                "Trainer: the test set is empty; pass evaluate_sample_num_per_epoch=0 "
                "to train without measuring accuracy"
            )
        self.network = network
        self.x_train, self.t_train, self.x_test, self.t_test = x_train, t_train, x_test, t_test
        self.epochs = int(epochs)
        self.mini_batch_size = int(mini_batch_size)  # as asked; the book's Trainer uses it
        self.batch_size = min(self.mini_batch_size, len(x_train))
        self.optimizer = get_optimizer(optimizer, **(optimizer_param or {}))
        self.evaluate_sample_num_per_epoch = evaluate_sample_num_per_epoch
        self.verbose = verbose
        self.rng = generator(rng)  # None: numpy's global generator, as the book
        # Whole batches only: each sample is seen at most once per epoch.
        self.iter_per_epoch = len(x_train) // self.batch_size
        if max_iter is None:
            self.max_iter = self.epochs * self.iter_per_epoch
        elif max_iter < 0:
            raise ValueError(f"Trainer: max_iter must be >= 0, got {max_iter}")
        else:
            self.max_iter = int(max_iter)
            self.epochs = math.ceil(self.max_iter / self.iter_per_epoch)
        self.history = History(iter_per_epoch=self.iter_per_epoch)
        self.on_epoch = on_epoch

    # The book's names for the same lists.
    @property
    def train_loss_list(self) -> list[float]:
        return self.history.train_loss_list

    @property
    def train_acc_list(self) -> list[float]:
        return self.history.train_acc_list

    @property
    def test_acc_list(self) -> list[float]:
        return self.history.test_acc_list

    # -- one step ---------------------------------------------------------------------
    # --8<-- [start:train_step]
    def train_step(self, x_batch: np.ndarray, t_batch: np.ndarray) -> float:
        """Gradient, update, and the loss of the forward pass that gave the gradient."""
        grads = self.network.gradient(x_batch, t_batch)
        # Before the update changes the weights. A network that does not keep the loss of
        # its last forward pass (the book's chapter-4 TwoLayerNet) computes it once more.
        last = getattr(self.network, "last_loss", None)
        loss = float(self.network.loss(x_batch, t_batch) if last is None else last)
        self.optimizer.update(self.network.params, grads)
        return loss
        # --8<-- [end:train_step]

    def evaluate(self) -> tuple[float, float] | None:
        """Record (and return) the train and test accuracy, unless evaluation is off."""
        n = self.evaluate_sample_num_per_epoch
        if n == 0:
            return None
        xs, ts = (self.x_train, self.t_train), (self.x_test, self.t_test)
        if n is not None:
            xs, ts = (xs[0][:n], xs[1][:n]), (ts[0][:n], ts[1][:n])
        train_acc = self.network.accuracy(*xs)
        test_acc = self.network.accuracy(*ts)
        self.history.train_acc_list.append(float(train_acc))
        self.history.test_acc_list.append(float(test_acc))
        return train_acc, test_acc

    # -- the loop ---------------------------------------------------------------------
    def train(self) -> History:
        self.evaluate()
        bar = None
        if _show_progress(self.verbose):
            from tqdm import tqdm

            bar = tqdm(total=self.max_iter, unit="it", leave=True)
        try:
            for epoch in range(1, self.epochs + 1):
                if not self._run_epoch(epoch, bar):
                    break  # max_iter reached mid-epoch: no accuracy for a partial epoch
                accuracies = self.evaluate()
                if self.verbose and accuracies is not None:
                    train_acc, test_acc = accuracies
                    line = f"epoch {epoch}: train acc {train_acc:.4f}, test acc {test_acc:.4f}"
                    (bar.write if bar is not None else print)(line)
                if self.on_epoch is not None:
                    self.on_epoch(epoch, self.history)
        finally:
            if bar is not None:
                bar.close()
        return self.history

    # --8<-- [start:run_epoch]
    def _run_epoch(self, epoch: int, bar: Any) -> bool:
        """One shuffled pass; False if it stopped early at ``max_iter``."""
        order = permutation(self.rng, len(self.x_train))
        for i in range(self.iter_per_epoch):
            if len(self.history.train_loss_list) == self.max_iter:
                return False
            idx = order[i * self.batch_size : (i + 1) * self.batch_size]
            loss = self.train_step(self.x_train[idx], self.t_train[idx])
            losses = self.history.train_loss_list
            limit = EXPLODE_FACTOR * max(losses[0] if losses else loss, 1.0)
            if not (math.isfinite(loss) and loss <= limit):  # NaN, inf, or an explosion
                what = "became" if not math.isfinite(loss) else f"exploded (> {limit:.4g}) to"
                raise TrainingDiverged(
                    f"the loss {what} {loss} at epoch {epoch}, iteration {i + 1} of "
                    f"{self.iter_per_epoch} (step {len(losses) + 1}); "
                    f"training stopped. Try a lower learning rate "
                    f"(the optimizer is {self.optimizer!r})."
                )
            losses.append(loss)
            if bar is not None:
                bar.update(1)
                bar.set_postfix(epoch=epoch, loss=f"{loss:.4f}", refresh=False)
        return True
        # --8<-- [end:run_epoch]
        # --8<-- [end:trainer]


# --8<-- [start:book_trainer]
class BookTrainer(Trainer):
    """The book's ``Trainer``, schedule and printing included, for running the book's scripts.

    What differs from :class:`Trainer`, as in the book: mini-batches of ``mini_batch_size``
    are drawn with replacement (``np.random.choice`` when ``rng`` is None), even from a
    smaller training set; the loss recorded for a step comes from a second forward pass
    after the update; accuracy is measured after steps
    1, 1 + iter_per_epoch, ... (``epochs`` values, none before training); each step prints
    ``train loss:...`` and each evaluation ``=== epoch:...`` when ``verbose``; ``train()``
    ends with the final test accuracy. The network may be any object with the book's
    ``gradient``, ``params``, ``loss`` and ``accuracy``.
    """

    def __init__(self, network: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(network, *args, **kwargs)
        # The book draws mini_batch_size samples (with replacement) even from fewer.
        self.batch_size = self.mini_batch_size
        # The book's iter_per_epoch: a float, so a size that is not a multiple of the
        # batch size evaluates on the steps where the division happens to come out whole.
        self.evaluate_every = max(len(self.x_train) / self.batch_size, 1)
        self.max_iter = int(self.epochs * self.evaluate_every)
        self.current_iter = 0
        self.current_epoch = 0

    def train(self) -> History:
        for _ in range(self.max_iter):
            idx = choice(self.rng, len(self.x_train), self.batch_size)
            x_batch, t_batch = self.x_train[idx], self.t_train[idx]
            grads = self.network.gradient(x_batch, t_batch)
            self.optimizer.update(self.network.params, grads)
            loss = self.network.loss(x_batch, t_batch)
            self.history.train_loss_list.append(loss)
            if self.verbose:
                print("train loss:" + str(loss))
            if self.current_iter % self.evaluate_every == 0:
                self.current_epoch += 1
                accuracies = self.evaluate()
                if self.verbose and accuracies is not None:
                    train_acc, test_acc = accuracies
                    print(f"=== epoch:{self.current_epoch}, train acc:{train_acc}, "
                          f"test acc:{test_acc} ===")  # fmt: skip
            self.current_iter += 1
        test_acc = self.network.accuracy(self.x_test, self.t_test)
        if self.verbose:
            print("=============== Final Test Accuracy ===============")
            print("test acc:" + str(test_acc))
        return self.history
        # --8<-- [end:book_trainer]
