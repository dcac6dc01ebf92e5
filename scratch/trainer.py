"""Trainer (chapter 6): epochs of shuffled mini-batches, an optimizer, and a history.

Differs from the book's Trainer in three ways, each for reproducible, comparable runs:
an epoch is one pass over a fresh permutation of the training set (the book draws every
batch with replacement), all randomness comes from ``rng``, and the loss recorded for an
iteration is the one computed by that iteration's forward pass (the book runs a second
forward pass after the update).
"""

from __future__ import annotations

import json
import math
import os
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from scratch.optimizers import Optimizer, get_optimizer


class TrainingDiverged(ValueError):
    """The loss became NaN or infinite: usually a learning rate that is too high."""


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
        path = Path(path)
        path.write_text(json.dumps(self.to_dict(), indent=1), encoding="utf-8")
        return path


def _show_progress(verbose: bool) -> bool:
    """A progress bar only for a person watching a terminal, never inside pytest."""
    return verbose and sys.stderr.isatty() and "PYTEST_CURRENT_TEST" not in os.environ


class Trainer:
    """``Trainer(network, x_train, t_train, x_test, t_test, epochs=20, ...).train()``.

    ``optimizer`` is a name ('SGD', 'Momentum', 'Nesterov', 'AdaGrad', 'RMSprop', 'Adam')
    with ``optimizer_param`` (e.g. ``{'lr': 0.01}``), or an optimizer object.
    ``evaluate_sample_num_per_epoch`` limits the accuracy evaluation to the first samples.
    """

    def __init__(
        self,
        network: Any,
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
        rng: int | np.random.Generator | None = None,
    ) -> None:
        if len(x_train) != len(t_train) or len(x_test) != len(t_test):
            raise ValueError(
                f"Trainer: {len(x_train)} training inputs but {len(t_train)} labels, "
                f"{len(x_test)} test inputs but {len(t_test)} labels"
            )
        if len(x_train) == 0 or epochs < 0 or mini_batch_size < 1:
            raise ValueError("Trainer needs training data, epochs >= 0 and mini_batch_size >= 1")
        self.network = network
        self.x_train, self.t_train, self.x_test, self.t_test = x_train, t_train, x_test, t_test
        self.epochs = int(epochs)
        self.batch_size = min(int(mini_batch_size), len(x_train))
        self.optimizer = get_optimizer(optimizer, **(optimizer_param or {}))
        self.evaluate_sample_num_per_epoch = evaluate_sample_num_per_epoch
        self.verbose = verbose
        self.rng = np.random.default_rng(rng)
        # Whole batches only: each sample is seen at most once per epoch.
        self.iter_per_epoch = len(x_train) // self.batch_size
        self.max_iter = self.epochs * self.iter_per_epoch
        self.history = History(iter_per_epoch=self.iter_per_epoch)

    # -- one step ---------------------------------------------------------------------
    def train_step(self, x_batch: np.ndarray, t_batch: np.ndarray) -> float:
        """Gradient, update, and the loss of the forward pass that gave the gradient."""
        grads = self.network.gradient(x_batch, t_batch)
        loss = self._last_loss(x_batch, t_batch)
        self.optimizer.update(self.network.params, grads)
        return loss

    def _last_loss(self, x_batch: np.ndarray, t_batch: np.ndarray) -> float:
        last = getattr(self.network, "last_layer", None)
        if getattr(last, "loss", None) is not None:
            return float(last.loss) + float(self.network.regularization())
        return float(self.network.loss(x_batch, t_batch))

    def evaluate(self) -> tuple[float, float]:
        n = self.evaluate_sample_num_per_epoch
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
                self._run_epoch(epoch, bar)
                train_acc, test_acc = self.evaluate()
                if self.verbose:
                    line = f"epoch {epoch}: train acc {train_acc:.4f}, test acc {test_acc:.4f}"
                    (bar.write if bar is not None else print)(line)
        finally:
            if bar is not None:
                bar.close()
        return self.history

    def _run_epoch(self, epoch: int, bar: Any) -> None:
        order = self.rng.permutation(len(self.x_train))
        for i in range(self.iter_per_epoch):
            idx = order[i * self.batch_size : (i + 1) * self.batch_size]
            loss = self.train_step(self.x_train[idx], self.t_train[idx])
            if not math.isfinite(loss):
                raise TrainingDiverged(
                    f"the loss became {loss} at epoch {epoch}, iteration {i + 1} of "
                    f"{self.iter_per_epoch} (step {len(self.history.train_loss_list) + 1}); "
                    f"training stopped. Try a lower learning rate "
                    f"(the optimizer is {self.optimizer!r})."
                )
            self.history.train_loss_list.append(loss)
            if bar is not None:
                bar.update(1)
                bar.set_postfix(epoch=epoch, loss=f"{loss:.4f}", refresh=False)


# -- `scratch train` ----------------------------------------------------------------------

OPTIMIZER_CHOICES = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")


def add_train_arguments(parser: Any) -> None:
    """The options of ``scratch train`` (an argparse parser)."""
    add = parser.add_argument
    add(
        "--network",
        choices=("two-layer", "multi-layer"),
        default="multi-layer",
        help="TwoLayerNet (one hidden layer, the first --hidden size) or MultiLayerNet "
        "(default: multi-layer)",
    )
    add(
        "--hidden",
        type=int,
        nargs="+",
        default=[100, 100],
        metavar="N",
        help="hidden layer sizes (default: 100 100)",
    )
    add(
        "--dataset",
        choices=("fashion-mnist", "mnist"),
        default="fashion-mnist",
        help="training data (default: fashion-mnist)",
    )
    add("--epochs", type=int, default=5, help="passes over the training set (default: 5)")
    add("--batch-size", type=int, default=100, help="mini-batch size (default: 100)")
    add(
        "--optimizer", choices=OPTIMIZER_CHOICES, default="adam", help="update rule (default: adam)"
    )
    add(
        "--lr",
        type=float,
        default=None,
        help="learning rate (default: the optimizer's own, e.g. 0.01 for sgd, 0.001 for adam)",
    )
    add(
        "--momentum",
        type=float,
        default=None,
        help="momentum coefficient for momentum/nesterov (default: 0.9)",
    )
    add("--weight-decay", type=float, default=0.0, help="weight decay lambda (multi-layer only)")
    add(
        "--dropout",
        type=float,
        default=0.0,
        help="dropout ratio, 0 for none (multi-layer only; default: 0)",
    )
    add("--batchnorm", action="store_true", help="batch normalization (multi-layer only)")
    add("--seed", type=int, default=0, help="seed for weights, shuffling and dropout (default: 0)")
    add(
        "--train-size",
        type=int,
        default=None,
        metavar="N",
        help="use only the first N training samples, for quick runs (default: all)",
    )
    add("--data-dir", type=Path, default=None, metavar="DIR", help="look for the data here first")
    add(
        "--out",
        type=Path,
        required=True,
        metavar="DIR",
        help="write history.json, curves.png and params.npz here",
    )


def build_network(args: Any, input_size: int, output_size: int) -> Any:
    from scratch.networks import MultiLayerNet, TwoLayerNet

    if args.network == "two-layer":
        return TwoLayerNet(input_size, args.hidden[0], output_size, rng=args.seed)
    return MultiLayerNet(
        input_size,
        args.hidden,
        output_size,
        weight_decay_lambda=args.weight_decay,
        use_dropout=args.dropout > 0,
        dropout_ration=args.dropout or 0.5,
        use_batchnorm=args.batchnorm,
        rng=args.seed,
    )


def run_train(args: Any) -> int:
    """``scratch train``: train, then write the history, its curves and the parameters."""
    from scratch import datasets

    load = datasets.load_mnist if args.dataset == "mnist" else datasets.load_fashion_mnist
    (x, t), (x_test, t_test) = load(data_dir=args.data_dir)
    x, t = x[: args.train_size], t[: args.train_size]
    network = build_network(args, x.shape[1], 10)
    optimizer_param = {"lr": args.lr} if args.lr is not None else {}
    if args.momentum is not None and args.optimizer in ("momentum", "nesterov"):
        optimizer_param["momentum"] = args.momentum
    trainer = Trainer(
        network,
        x,
        t,
        x_test,
        t_test,
        epochs=args.epochs,
        mini_batch_size=args.batch_size,
        optimizer=args.optimizer,
        optimizer_param=optimizer_param,
        rng=args.seed,
    )
    history = trainer.train()
    args.out.mkdir(parents=True, exist_ok=True)
    history.save(args.out / "history.json")
    plot_history(history, args.out / "curves.png")
    network.save_params(args.out / "params.npz")
    print(f"final test accuracy {history.test_acc_list[-1]:.4f}; wrote {args.out}")
    return 0


def plot_history(history: History, path: str | Path) -> Path:
    """Loss per iteration and accuracy per epoch, side by side."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.6))
    ax1.plot(history.train_loss_list, lw=0.8)
    ax1.set_xlabel("iteration")
    ax1.set_ylabel("loss")
    ax2.plot(history.train_acc_list, "o-", label="train")
    ax2.plot(history.test_acc_list, "s--", label="test")
    ax2.set_xlabel("epoch")
    ax2.set_ylabel("accuracy")
    ax2.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return Path(path)
