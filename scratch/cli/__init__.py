"""The ``scratch`` command (also ``python -m scratch``).

Each command is a module of this package with ``add_parser(subparsers)``, which adds its
sub-parser and sets ``func`` on it; list it in ``COMMANDS`` and ``main`` does the rest.
``func(args)`` returns the exit code. Errors the user can fix (missing data, for one) are
printed as one message, not a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from scratch.cli import book, data, train
from scratch.datasets.fetch import DatasetNotFoundError

Handler = Callable[[argparse.Namespace], int]

COMMANDS = [data, train, book]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scratch",
        description=(
            "Deep Learning from Scratch: get the data, train a network, run the book's scripts."
        ),
    )
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.add_parser(subparsers)
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
    except KeyboardInterrupt:
        print("scratch: interrupted", file=sys.stderr)
        return 130
