"""``scratch train``: train a network with the chapter-6 Trainer and write what it learned."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from scratch.networks import MultiLayerNet, Network, TwoLayerNet
from scratch.optimizers import OPTIMIZERS
from scratch.trainer import History, Trainer


def add_parser(subparsers: Any) -> None:
    """``scratch train [options] --out DIR``."""
    parser = subparsers.add_parser(
        "train",
        help="train a network, write its history, curves and parameters",
        description="Train TwoLayerNet or MultiLayerNet on Fashion-MNIST or MNIST with the "
        "chapter-6 Trainer; writes history.json, curves.png and params.npz to --out.",
    )
    parser.set_defaults(func=run_train)
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
    add("--optimizer", choices=list(OPTIMIZERS), default="adam", help="update rule (default: adam)")
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


def build_network(args: argparse.Namespace, input_size: int, output_size: int) -> Network:
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


def run_train(args: argparse.Namespace) -> int:
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
