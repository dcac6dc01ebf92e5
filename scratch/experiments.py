"""Chapter 6's experiments: optimizers on a toy surface, activations under different initial
weights, and the training runs behind the chapter's comparisons.

Every experiment takes its sizes as arguments, so a reader can run it small in seconds or
full size in minutes; every training run goes through :class:`scratch.trainer.Trainer`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from scratch.functions import relu, sigmoid
from scratch.networks import MultiLayerNet
from scratch.networks.init import init_scale
from scratch.optimizers import Optimizer, get_optimizer
from scratch.trainer import Trainer, TrainingDiverged

SEED = 0

# -- the toy surface f(x, y) = x^2 / 20 + y^2 ------------------------------------------

#: Learning rates for the trajectories, chosen so that each method shows its character.
PATH_LRS = {
    "SGD": 0.95,
    "Momentum": 0.1,
    "Nesterov": 0.1,
    "AdaGrad": 1.5,
    "RMSprop": 0.15,
    "Adam": 0.3,
}


def f_toy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return x**2 / 20.0 + y**2


def grad_toy(x: float, y: float) -> tuple[float, float]:
    return x / 10.0, 2.0 * y


def optimizer_path(name: str, lr: float, steps: int = 30, start=(-7.0, 2.0)) -> np.ndarray:
    """The points an optimizer visits on f from ``start``: shape (steps + 1, 2)."""
    params = {"x": np.array([start[0]]), "y": np.array([start[1]])}
    opt = get_optimizer(name, lr=lr)
    path = [start]
    for _ in range(steps):
        dx, dy = grad_toy(params["x"][0], params["y"][0])
        opt.update(params, {"x": np.array([dx]), "y": np.array([dy])})
        path.append((params["x"][0], params["y"][0]))
    return np.array(path)


# -- activations under different initial weights ---------------------------------------


ACTS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sigmoid": sigmoid,
    "tanh": np.tanh,
    "relu": relu,
}


def activations(
    activation: str,
    std: float | str,
    layers: int = 5,
    nodes: int = 100,
    samples: int = 1000,
    rng: int | np.random.Generator = SEED,
) -> list[np.ndarray]:
    """Forward 1000 random inputs through ``layers`` layers of ``nodes`` units (no bias)
    and return every layer's activations. ``std`` may be 'xavier' or 'he'."""
    rng = np.random.default_rng(rng)
    scale = init_scale(std, nodes)
    x = rng.standard_normal((samples, nodes))
    out = []
    for _ in range(layers):
        x = ACTS[activation](x @ (scale * rng.standard_normal((nodes, nodes))))
        out.append(x)
    return out


# -- training experiments ----------------------------------------------------------------


def train_losses(
    net: MultiLayerNet,
    x: np.ndarray,
    t: np.ndarray,
    optimizer: Optimizer,
    iters: int,
    batch_size: int,
    rng: int,
) -> list[float]:
    """Train for ``iters`` steps (whole shuffled epochs, as Trainer does) and return the
    loss of every step; no accuracy is measured."""
    trainer = Trainer(
        net,
        x,
        t,
        x[:0],
        t[:0],
        mini_batch_size=batch_size,
        optimizer=optimizer,
        evaluate_sample_num_per_epoch=0,
        verbose=False,
        rng=rng,
        max_iter=iters,
    )
    return trainer.train().train_loss_list


def compare_optimizers(
    x,
    t,
    iters=2000,
    batch_size=128,
    hidden=(100, 100, 100, 100),
    names=("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"),
    seed=SEED,
) -> dict[str, list[float]]:
    """Loss per step for each optimizer (book defaults), same initial weights and batches."""
    out = {}
    for name in names:
        net = MultiLayerNet(x.shape[1], list(hidden), 10, rng=seed, dtype=x.dtype)
        out[name] = train_losses(net, x, t, get_optimizer(name), iters, batch_size, seed)
    return out


def compare_weight_init(
    x,
    t,
    iters=2000,
    batch_size=128,
    hidden=(100, 100, 100, 100),
    inits=(0.01, "xavier", "he"),
    seed=SEED,
) -> dict[str, list[float]]:
    """Loss per step of a ReLU network trained by SGD(lr=0.01) from each initialisation."""
    out = {}
    for init in inits:
        net = MultiLayerNet(
            x.shape[1], list(hidden), 10, weight_init_std=init, rng=seed, dtype=x.dtype
        )
        out[str(init)] = train_losses(net, x, t, get_optimizer("SGD"), iters, batch_size, seed)
    return out


def batchnorm_accuracy(
    x,
    t,
    weight_init_std: float,
    use_batchnorm: bool,
    epochs=20,
    batch_size=100,
    hidden=(100,) * 5,
    lr=0.01,
    seed=SEED,
) -> list[float]:
    """Training accuracy per epoch (epoch 0 first) with or without batch norm.

    A run whose loss turns NaN stops early and returns the accuracies up to then.
    """
    net = MultiLayerNet(
        x.shape[1],
        list(hidden),
        10,
        weight_init_std=weight_init_std,
        use_batchnorm=use_batchnorm,
        rng=seed,
        dtype=x.dtype,
    )
    trainer = Trainer(
        net,
        x,
        t,
        x,
        t,
        epochs=epochs,
        mini_batch_size=batch_size,
        optimizer="SGD",
        optimizer_param={"lr": lr},
        verbose=False,
        rng=seed,
    )
    try:
        with np.errstate(over="ignore", invalid="ignore"):  # overflow is what we record
            trainer.train()
    except TrainingDiverged:
        pass  # a short list shows where it stopped: the figure marks it
    return trainer.history.train_acc_list


def overfit_run(
    x,
    t,
    x_test,
    t_test,
    epochs=200,
    weight_decay_lambda=0.0,
    use_dropout=False,
    dropout_ratio=0.15,
    hidden=(100,) * 6,
    lr=0.01,
    seed=SEED,
) -> dict[str, list]:
    """Train/test accuracy per epoch of a deep network on a small training set."""
    net = MultiLayerNet(
        x.shape[1],
        list(hidden),
        10,
        weight_decay_lambda=weight_decay_lambda,
        use_dropout=use_dropout,
        dropout_ration=dropout_ratio,
        rng=seed,
        dtype=x.dtype,
    )
    trainer = Trainer(
        net,
        x,
        t,
        x_test,
        t_test,
        epochs=epochs,
        mini_batch_size=100,
        optimizer="SGD",
        optimizer_param={"lr": lr},
        verbose=False,
        rng=seed,
    )
    h = trainer.train()
    return {"train_acc": h.train_acc_list, "test_acc": h.test_acc_list}


def split_validation(x, t, ratio=0.2, rng=SEED):
    """Shuffle, then hold out the last ``ratio`` of the samples for validation."""
    order = np.random.default_rng(rng).permutation(len(x))
    n_val = int(len(x) * ratio)
    train, val = order[n_val:], order[:n_val]
    return (x[train], t[train]), (x[val], t[val])


def random_search(
    x, t, trials=100, epochs=50, hidden=(100,) * 5, lr_range=(-6, -2), wd_range=(-8, -4), seed=SEED
) -> list[dict[str, Any]]:
    """Log-uniform random search over lr and weight decay, scored on a validation split."""
    (x_tr, t_tr), (x_val, t_val) = split_validation(x, t, rng=seed)
    rng = np.random.default_rng(seed)
    out = []
    for trial in range(trials):
        lr = 10 ** rng.uniform(*lr_range)
        wd = 10 ** rng.uniform(*wd_range)
        net = MultiLayerNet(
            x.shape[1], list(hidden), 10, weight_decay_lambda=wd, rng=seed + trial, dtype=x.dtype
        )
        trainer = Trainer(
            net,
            x_tr,
            t_tr,
            x_val,
            t_val,
            epochs=epochs,
            mini_batch_size=100,
            optimizer="SGD",
            optimizer_param={"lr": lr},
            verbose=False,
            rng=seed + trial,
        )
        h = trainer.train()
        out.append(
            {
                "lr": lr,
                "weight_decay": wd,
                "val_acc": h.test_acc_list,
                "train_acc": h.train_acc_list,
            }
        )
    return out
