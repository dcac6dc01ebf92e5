"""``scratch train --csv FILE``: the options and data of training on your own CSV table.

The file is read with :func:`scratch.datasets.load_csv`, split into a training and a
validation part (:func:`scratch.datasets.train_val_split`, seeded by ``--seed``) and
standardised with the training part's statistics (:class:`scratch.datasets.Standardizer`).
The validation part takes the place of the built-in data sets' test set.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import numpy as np

from scratch.datasets import Standardizer, load_csv, train_val_split

DEFAULT_VAL_SPLIT = 0.2
CSV_ONLY = ("--label-column", "--header", "--val-split")


def label_column(text: str) -> int | str:
    """``--label-column``: an integer is an index (-1: the last column), anything else a name."""
    try:
        return int(text)
    except ValueError:
        if not text.strip():
            raise argparse.ArgumentTypeError("must be a column name or index, got ''") from None
        return text


def val_split(text: str) -> float:
    """``--val-split``: a fraction strictly between 0 and 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number in (0, 1)") from None
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"must be a number in (0, 1), got {text}")
    return value


def add_options(add: Any) -> None:
    """The ``--csv`` options, added to ``scratch train``'s parser."""
    add(
        "--csv",
        type=Path,
        default=None,
        metavar="FILE",
        help="train on your own CSV file instead of --dataset: one sample per line, "
        "numeric feature columns and a label column of class numbers 0, 1, 2, ...",
    )
    add(
        "--label-column",
        type=label_column,
        default=None,
        metavar="NAME|INDEX",
        help="the label column of --csv, by header name or index (-1: the last; default: 0)",
    )
    add(
        "--header",
        action="store_true",
        help="the first line of --csv names the columns (default: a first line with no "
        "number in it is taken as a header)",
    )
    add(
        "--val-split",
        type=val_split,
        default=None,
        metavar="FRACTION",
        help=f"fraction of --csv rows held out for validation (default: {DEFAULT_VAL_SPLIT})",
    )


def check_options(args: argparse.Namespace) -> None:
    """Options of --csv only with --csv, and a --csv file that exists; before anything loads."""
    if args.csv is None:
        given = {
            "--label-column": args.label_column is not None,
            "--header": args.header,
            "--val-split": args.val_split is not None,
        }
        for option, used in given.items():
            if used:
                raise ValueError(f"{option} is only for --csv")
        return
    if args.dataset is not None:
        raise ValueError("--csv and --dataset: give one of them (the data to train on)")
    if args.data_dir is not None:
        raise ValueError("--data-dir is only for the built-in data sets (--dataset)")
    if not args.csv.is_file():
        raise ValueError(f"--csv {args.csv}: no such file")


Part = tuple[np.ndarray, np.ndarray]


def load(args: argparse.Namespace) -> tuple[Part, Part, int, Standardizer]:
    """The standardised training and validation parts of ``--csv``, the number of classes
    and the standardiser (fitted on the training part).

    Every problem of the file is a ``ValueError`` naming its line, raised before training.
    """
    column = 0 if args.label_column is None else args.label_column
    x, t = load_csv(args.csv, label_column=column, header=True if args.header else None)
    fraction = DEFAULT_VAL_SPLIT if args.val_split is None else args.val_split
    try:
        (x_train, t_train), (x_val, t_val) = train_val_split(x, t, fraction, rng=args.seed)
    except ValueError as exc:
        raise ValueError(f"--val-split {fraction} with --csv {args.csv}: {exc}") from None
    scale = Standardizer.fit(x_train)
    n_classes = int(t.max()) + 1
    train, val = (scale.transform(x_train), t_train), (scale.transform(x_val), t_val)
    return train, val, n_classes, scale
