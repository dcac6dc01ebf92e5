"""``scratch book [--dataset ...] SCRIPT [ARGS ...]``: run one of the book's scripts here."""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path
from typing import Any

from scratch.book.runner import DATASETS, run

EXAMPLES = """\
examples, from a clone of the book's repository (its scripts, common/ and dataset/):
  git clone https://github.com/oreilly-japan/deep-learning-from-scratch.git
  cd deep-learning-from-scratch
  scratch book ch03/neuralnet_mnist.py         # prints Accuracy:0.9352
  scratch book --dataset fashion-mnist ch05/train_neuralnet.py
  scratch book --train-size 5000 --test-size 1000 ch07/train_convnet.py

The script runs as `python SCRIPT` would, from its own folder, reading the files beside it
(sample_weight.pkl, params.pkl, ...). Data comes from where `scratch data where` looks;
get it with `scratch data fetch mnist` (or fashion-mnist).
"""


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "book",
        help="run one of the book's example scripts on this library",
        description=textwrap.fill(
            "Run any example script of the book (ch01-ch08) on this library: its `common.*` "
            "and `dataset.*` imports are answered by `scratch` (the book's common/ folder is "
            "not read), everything else is the script's own. --dataset fashion-mnist serves "
            "Fashion-MNIST through the book's load_mnist, for a machine without MNIST; "
            "--train-size/--test-size serve fewer samples for a quick run of a long script.",
            width=88,
        ),
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
