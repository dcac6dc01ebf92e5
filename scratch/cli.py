"""The ``scratch`` command (also ``python -m scratch``).

Each command is one function that adds its sub-parser and sets ``func`` on it; list it
in ``COMMANDS`` and ``main`` does the rest. ``func(args)`` returns the exit code. Errors
the user can fix (missing data, for one) are printed as one message, not a traceback.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from scratch.datasets.fetch import (
    DatasetNotFoundError,
    cache_dir,
    candidates,
    fetch,
    locate,
    search_dirs,
    sha256sum,
)
from scratch.datasets.sources import COLLECTIONS

Subparsers = Any  # argparse's _SubParsersAction is private; don't name it
Handler = Callable[[argparse.Namespace], int]

# -- scratch data ----------------------------------------------------------------------

FETCH_TARGETS = {
    "mnist": ["mnist"],
    "fashion-mnist": ["fashion-mnist"],
    "weights": ["weights"],
    "all": ["mnist", "fashion-mnist", "weights"],
}


def add_data_parser(subparsers: Subparsers) -> None:
    """``scratch data where | fetch | verify``."""
    data = subparsers.add_parser(
        "data",
        help="find, download and verify datasets and the book's weights",
        description=(
            "Datasets (MNIST, Fashion-MNIST) and the book's weight files are looked for in "
            "--data-dir, $SCRATCH_DATA/<name>/, /usr/share/datasets/<name>/ and the user "
            f"cache ({cache_dir()}; set SCRATCH_CACHE to move it), in that order."
        ),
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="look here first (in DIR/<name>/, then DIR itself)",
    )
    actions = data.add_subparsers(title="actions", metavar="ACTION", required=True)
    where = actions.add_parser(
        "where", parents=[common], help="show which files are present and where"
    )
    where.set_defaults(func=data_where)
    get = actions.add_parser(
        "fetch",
        parents=[common],
        help="download whatever is missing into the cache",
        description="Download missing files into the cache, checking each SHA-256.",
    )
    get.add_argument(
        "target",
        nargs="?",
        default="all",
        choices=list(FETCH_TARGETS),
        help="what to fetch (default: all)",
    )
    get.set_defaults(func=data_fetch)
    verify = actions.add_parser(
        "verify",
        parents=[common],
        help="check the SHA-256 of every copy present (exit 1 on a mismatch)",
    )
    verify.set_defaults(func=data_verify)


def data_where(args: argparse.Namespace) -> int:
    for coll in COLLECTIONS.values():
        print(f"{coll.title} ({coll.name})")
        dirs = search_dirs(coll, args.data_dir)
        print("  looked in: " + ", ".join(str(d) for d in dirs))
        width = max(len(name) for name in coll.files)
        for name in coll.files:
            found = locate(coll, name, args.data_dir)
            status = f"found    {name:<{width}}  {found.path}" if found.path else f"missing  {name}"
            print("  " + status)
            for path in found.rejected:
                print(f"  ignored  {name:<{width}}  {path} (wrong SHA-256)")
    return 0


def data_fetch(args: argparse.Namespace) -> int:
    failed = False
    for name in FETCH_TARGETS[args.target]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                paths = fetch(name, data_dir=args.data_dir)
            except DatasetNotFoundError as exc:
                print(f"error: {exc}", file=sys.stderr)
                failed = True
                paths = {}
        for warning in caught:
            print(f"warning: {warning.message}", file=sys.stderr)
        for file, path in paths.items():
            print(f"{name}: {file} -> {path}")
    return 1 if failed else 0


def data_verify(args: argparse.Namespace) -> int:
    bad = 0
    for coll in COLLECTIONS.values():
        for name, spec in coll.files.items():
            copies = candidates(coll, name, args.data_dir)
            if not copies:
                print(f"absent    {coll.name}/{name}")
            for path in copies:
                digest = sha256sum(path)
                if digest == spec.sha256:
                    print(f"ok        {path}")
                else:
                    bad += 1
                    print(f"MISMATCH  {path}")
                    print(f"          expected {spec.sha256}\n          got      {digest}")
    print(f"{bad} mismatch(es)" if bad else "all present files match their SHA-256")
    return 1 if bad else 0


# -- the command -----------------------------------------------------------------------

# -- scratch figures -----------------------------------------------------------------


def add_figures_parser(subparsers: Subparsers) -> None:
    """``scratch figures [--only PATTERN] [--lang ko|en] [--docs DIR] [--list]``."""
    figures = subparsers.add_parser(
        "figures",
        help="draw the chapters' figures into docs/<chapter>/figures/",
        description=(
            "Redraw every figure the pages show, in Korean (name.png) and English "
            "(name.en.png). Figures marked as needing a dataset train or read it first."
        ),
    )
    figures.add_argument(
        "--only",
        metavar="PATTERN",
        help="only figures whose key (e.g. ch05/shopping-graph) contains PATTERN",
    )
    figures.add_argument("--lang", choices=["ko", "en"], help="one language only (default: both)")
    figures.add_argument(
        "--docs",
        type=Path,
        default=Path("docs"),
        metavar="DIR",
        help="docs directory (default: docs)",
    )
    figures.add_argument("--list", action="store_true", help="list the figures and exit")
    figures.set_defaults(func=draw_figures)


def draw_figures(args: argparse.Namespace) -> int:
    from scratch import plots

    selected = {k: f for k, f in plots.registry().items() if not args.only or args.only in k}
    if not selected:
        print(f"no figure matches {args.only!r}", file=sys.stderr)
        return 1
    for key, fig in selected.items():
        if args.list:
            needs = f"  (needs {', '.join(fig.needs)})" if fig.needs else ""
            print(f"{key}{needs}")
            continue
        for lang in [args.lang] if args.lang else plots.LANGS:
            print(f"{plots.render(fig, args.docs, lang)}")
    return 0


# -- scratch train ---------------------------------------------------------------------


def add_train_parser(subparsers: Subparsers) -> None:
    """``scratch train``: the options and the work live in scratch.trainer."""
    from scratch.trainer import add_train_arguments, run_train

    train = subparsers.add_parser(
        "train",
        help="train a network, write its history, curves and parameters",
        description="Train TwoLayerNet or MultiLayerNet on Fashion-MNIST or MNIST with the "
        "chapter-6 Trainer; writes history.json, curves.png and params.npz to --out.",
    )
    add_train_arguments(train)
    train.set_defaults(func=run_train)


COMMANDS: list[Callable[[Subparsers], None]] = [
    add_data_parser,
    add_figures_parser,
    add_train_parser,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scratch",
        description="Deep Learning from Scratch: data, training, figures and benchmarks.",
    )
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for add in COMMANDS:
        add(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (argparse exits 2 on bad usage)."""
    args = build_parser().parse_args(argv)
    handler: Handler = args.func
    try:
        return handler(args)
    except (DatasetNotFoundError, ValueError, OSError) as exc:
        print(f"scratch: error: {exc}", file=sys.stderr)
        return 1
