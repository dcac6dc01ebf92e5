"""``scratch book [--dataset ...] SCRIPT [ARGS ...]``: run one of the book's scripts here."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from scratch.book.runner import DATASETS, run


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "book",
        help="run one of the book's example scripts on this library",
        description=(
            "Run a script of the book's example code (e.g. ch05/train_neuralnet.py from a "
            "clone of the book's repository) from its own directory, with its `common.*` and "
            "`dataset.*` imports answered by this library. --dataset fashion-mnist serves "
            "Fashion-MNIST through the book's load_mnist, for machines without MNIST."
        ),
    )
    parser.add_argument(
        "--dataset",
        choices=DATASETS,
        default="mnist",
        help="what load_mnist serves (default: mnist)",
    )
    parser.add_argument("--train-size", type=int, metavar="N", help="serve only N training samples")
    parser.add_argument("--test-size", type=int, metavar="N", help="serve only N test samples")
    parser.add_argument("script", type=Path, help="the book's script, e.g. ch03/neuralnet_mnist.py")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the script")
    parser.set_defaults(func=run_book)


def run_book(args: argparse.Namespace) -> int:
    run(args.script, args.args, args.dataset, args.train_size, args.test_size)
    return 0
