"""``scratch train``: train a network with the chapter-6 Trainer and write what it learned."""

from __future__ import annotations

import argparse
import math
import os
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from scratch.cli import train_csv
from scratch.networks import MultiLayerNet, Network, TwoLayerNet
from scratch.optimizers import OPTIMIZERS
from scratch.trainer import History, Trainer

OUTPUTS = ("history.json", "curves.png", "params.npz")
STANDARDIZER = "standardizer.npz"  # --csv runs: the training part's mean and std, to reuse


def _checked(kind: Callable[[str], Any], test: Callable[[Any], bool], rule: str) -> Any:
    """An argparse type: ``kind(text)`` if it passes ``test``, else a message with ``rule``."""

    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {rule}") from None
        if not test(value):
            raise argparse.ArgumentTypeError(f"must be {rule}, got {text}")
        return value

    return parse


COUNT = _checked(int, lambda n: n >= 1, "an integer >= 1")
SEED = _checked(int, lambda n: n >= 0, "an integer >= 0")
RATE = _checked(float, lambda x: math.isfinite(x) and x > 0, "a finite number > 0")
DECAY = _checked(float, lambda x: math.isfinite(x) and x >= 0, "a finite number >= 0")
FRACTION = _checked(float, lambda x: 0 <= x < 1, "a number in [0, 1)")


def add_parser(subparsers: Any) -> None:
    """``scratch train [options] --out DIR``."""
    parser = subparsers.add_parser(
        "train",
        help="train a network, write its history, curves and parameters",
        description="Train TwoLayerNet or MultiLayerNet on Fashion-MNIST, MNIST or your own "
        "CSV file (--csv) with the chapter-6 Trainer; writes history.json, curves.png and "
        "params.npz to --out (with --csv also standardizer.npz, the inputs' mean and std).",
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
        type=COUNT,
        nargs="+",
        default=[100, 100],
        metavar="N",
        help="hidden layer sizes (default: 100 100)",
    )
    add(
        "--dataset",
        choices=("fashion-mnist", "mnist"),
        default=None,
        help="training data (default: fashion-mnist, unless --csv)",
    )
    train_csv.add_options(add)
    add("--epochs", type=COUNT, default=5, help="passes over the training set (default: 5)")
    add("--batch-size", type=COUNT, default=100, help="mini-batch size (default: 100)")
    add("--optimizer", choices=list(OPTIMIZERS), default="adam", help="update rule (default: adam)")
    add(
        "--lr",
        type=RATE,
        default=None,
        help="learning rate (default: the optimizer's own, e.g. 0.01 for sgd, 0.001 for adam)",
    )
    add(
        "--momentum",
        type=FRACTION,
        default=None,
        help="momentum coefficient for momentum/nesterov (default: 0.9)",
    )
    add("--weight-decay", type=DECAY, default=0.0, help="weight decay lambda (multi-layer only)")
    add(
        "--dropout",
        type=FRACTION,
        default=0.0,
        help="dropout ratio, 0 for none (multi-layer only; default: 0)",
    )
    add("--batchnorm", action="store_true", help="batch normalization (multi-layer only)")
    add("--seed", type=SEED, default=0, help="seed for weights, shuffling and dropout (default: 0)")
    add(
        "--train-size",
        type=COUNT,
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


def check_options(args: argparse.Namespace) -> None:
    """Options that only make sense together, checked before any data is loaded."""
    if args.network == "two-layer":
        unused = {
            "--batchnorm": args.batchnorm,
            "--dropout": args.dropout > 0,
            "--weight-decay": args.weight_decay > 0,
            "--hidden with more than one size": len(args.hidden) > 1,
        }
        for option, given in unused.items():
            if given:
                raise ValueError(f"{option} is only for --network multi-layer")
    if args.momentum is not None and args.optimizer not in ("momentum", "nesterov"):
        raise ValueError("--momentum is only for --optimizer momentum or nesterov")
    train_csv.check_options(args)
    try:  # --out must take the results before hours of training, not after
        args.out.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=args.out, prefix=".write-test-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise ValueError(f"--out {args.out}: cannot write there ({exc.strerror or exc})") from None


def run_train(args: argparse.Namespace) -> int:
    """``scratch train``: train, then write the history, its curves and the parameters.

    On Ctrl-C the epochs completed so far are kept: their history and the parameters at
    the end of the last of them are written, and the command exits with status 130.
    """
    from scratch import datasets

    check_options(args)
    scale = None
    if args.csv is not None:  # a bad file stops here, before any training
        (x, t), (x_test, t_test), n_classes, scale = train_csv.load(args)
    else:
        load = datasets.load_mnist if args.dataset == "mnist" else datasets.load_fashion_mnist
        (x, t), (x_test, t_test) = load(data_dir=args.data_dir)
        n_classes = 10
    x, t = x[: args.train_size], t[: args.train_size]
    network = build_network(args, x.shape[1], n_classes)
    extra: dict[str, Callable[[Path], object]] = {} if scale is None else {STANDARDIZER: scale.save}
    tested = "test" if args.csv is None else "validation"
    optimizer_param = {"lr": args.lr} if args.lr is not None else {}
    if args.momentum is not None:
        optimizer_param["momentum"] = args.momentum
    kept: dict[str, Any] = {}

    def keep(epoch: int, history: History) -> None:
        kept["epoch"] = epoch
        kept["arrays"] = {k: np.copy(v) for k, v in {**network.params, **network.state}.items()}

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
        on_epoch=keep,
    )
    try:
        history = trainer.train()
    except KeyboardInterrupt:
        if not kept:
            print("scratch: interrupted during epoch 1: nothing written", flush=True)
            return 130
        history = _first_epochs(trainer.history, kept["epoch"])
        network.load_params(kept["arrays"])
        write_outputs(args.out, history, network, extra, tested)
        print(f"scratch: interrupted: kept epochs 1-{kept['epoch']} of {args.epochs}; "
              f"wrote {args.out}", flush=True)  # fmt: skip
        return 130
    write_outputs(args.out, history, network, extra, tested)
    print(f"final {tested} accuracy {history.test_acc_list[-1]:.4f}; wrote {args.out}")
    return 0


def _first_epochs(history: History, epochs: int) -> History:
    """The history of the first ``epochs`` epochs (accuracies 0..epochs)."""
    return History(
        train_loss_list=history.train_loss_list[: epochs * history.iter_per_epoch],
        train_acc_list=history.train_acc_list[: epochs + 1],
        test_acc_list=history.test_acc_list[: epochs + 1],
        iter_per_epoch=history.iter_per_epoch,
    )


def write_outputs(
    out: Path,
    history: History,
    network: Network,
    extra: dict[str, Callable[[Path], object]] | None = None,
    tested: str = "test",
) -> None:
    """Write history.json, curves.png and params.npz (and ``extra``, name: writer) as one
    set: all new or all old. ``tested`` names the accuracy curve of held-out data.

    Each is written to a temporary file first; then, with Ctrl-C held back until they are
    done, three renames put them in place. An interruption before that leaves the old set.
    """
    writers: dict[str, Callable[[Path], object]] = {
        "history.json": history.save,
        "curves.png": lambda path: plot_history(history, path, tested),
        "params.npz": network.save_params,
        **(extra or {}),
    }
    staged: list[tuple[Path, Path]] = []
    try:
        for name in writers:
            fd, temporary = tempfile.mkstemp(dir=out, prefix=f".{name}.", suffix=Path(name).suffix)
            os.close(fd)
            staged.append((Path(temporary), out / name))
            writers[name](Path(temporary))
        with _sigint_held():
            for tmp, final in staged:
                os.replace(tmp, final)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)


@contextmanager
def _sigint_held() -> Iterator[None]:
    """Hold back Ctrl-C (SIGINT) inside the block; raise it, if one came, at the end."""
    received: list[int] = []
    try:
        previous = signal.signal(signal.SIGINT, lambda signum, frame: received.append(signum))
    except ValueError:  # not the main thread: signals go to the main thread anyway
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)
    if received:
        raise KeyboardInterrupt


def plot_history(history: History, path: str | Path, tested: str = "test") -> Path:
    """Loss per iteration and accuracy per epoch (train and ``tested``), side by side."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.6))
    ax1.plot(history.train_loss_list, lw=0.8)
    ax1.set_xlabel("iteration")
    ax1.set_ylabel("loss")
    ax2.plot(history.train_acc_list, "o-", label="train")
    ax2.plot(history.test_acc_list, "s--", label=tested)
    ax2.set_xlabel("epoch")
    ax2.set_ylabel("accuracy")
    ax2.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return Path(path)
