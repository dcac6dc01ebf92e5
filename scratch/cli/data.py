"""``scratch data where | fetch | verify``: find, download and verify the files."""

from __future__ import annotations

import argparse
import sys
import warnings
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

FETCH_TARGETS = {
    "mnist": ["mnist"],
    "fashion-mnist": ["fashion-mnist"],
    "weights": ["weights"],
    "all": ["mnist", "fashion-mnist", "weights"],
}


def add_parser(subparsers: Any) -> None:
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
