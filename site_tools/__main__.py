"""``python -m site_tools``: regenerate the site's figures, recorded runs and notebooks.

python -m site_tools figures [--only PATTERN] [--lang ko|en] [--docs DIR] [--list]
python -m site_tools record [NAME ...]      # chapter 6's full-size runs (minutes each), spiral
python -m site_tools notebooks [--only chNN] # every chapter's notebooks (and practice), executed
python -m site_tools all                    # record everything, draw every figure, notebooks
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"


def draw_figures(only: str | None, lang: str | None, docs: Path, list_only: bool) -> int:
    from site_tools import figures

    selected = {k: f for k, f in figures.registry().items() if not only or only in k}
    if not selected:
        print(f"no figure matches {only!r}", file=sys.stderr)
        return 1
    for key, fig in selected.items():
        if list_only:
            needs = f"  (needs {', '.join(fig.needs)})" if fig.needs else ""
            print(f"{key}{needs}")
            continue
        for language in [lang] if lang else figures.LANGS:
            print(figures.render(fig, docs, language))
    return 0


def record(names: Sequence[str]) -> int:
    from site_tools import records

    unknown = sorted(set(names) - set(records.RECORDABLE))
    if unknown:
        print(
            f"unknown experiment(s) {unknown}; choose from {records.RECORDABLE}",
            file=sys.stderr,
        )
        return 1
    for name in names or records.RECORDABLE:
        print(f"{name}: recorded in {records.record(name)}")
    return 0


def notebooks(only: str | None, docs: Path) -> int:
    from site_tools import notebook_run

    results = []
    for ok, line in notebook_run.write_notebooks(docs, only):
        print(line, file=sys.stdout if ok else sys.stderr, flush=True)
        results.append(ok)
    if not results:
        print(f"no chapter matches {only!r}", file=sys.stderr)
    return 0 if results and all(results) else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m site_tools",
        description="Regenerate what the site shows: figures, chapter 6's recorded runs and "
        "the chapter notebooks.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    figs = commands.add_parser(
        "figures",
        help="draw the figures into docs/<chapter>/figures/ (name.png ko, name.en.png en)",
    )
    figs.add_argument("--only", metavar="PATTERN", help="only keys containing PATTERN")
    figs.add_argument("--lang", choices=["ko", "en"], help="one language only (default: both)")
    figs.add_argument("--docs", type=Path, default=DOCS, metavar="DIR", help="docs directory")
    figs.add_argument("--list", action="store_true", help="list the figures and exit")
    rec = commands.add_parser(
        "record", help="rerun chapter 6's full-size experiments and volume 2's spiral run"
    )
    rec.add_argument("names", nargs="*", metavar="NAME", help="experiments (default: all)")
    nbs = commands.add_parser(
        "notebooks",
        help="make docs/<chapter>/notebook{,.en}.ipynb from the pages (and practice{,.en}.ipynb "
        "from their exercises) and execute them",
    )
    nbs.add_argument(
        "--only",
        metavar="CHAPTER",
        help="one chapter: its folder under docs (ch01, vol2/ch01) or that folder's name",
    )
    nbs.add_argument("--docs", type=Path, default=DOCS, metavar="DIR", help="docs directory")
    commands.add_parser(
        "all", help="record every experiment, draw every figure, then make the notebooks"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "figures":
        return draw_figures(args.only, args.lang, args.docs, args.list)
    if args.command == "record":
        return record(args.names)
    if args.command == "notebooks":
        return notebooks(args.only, args.docs)
    return record([]) or draw_figures(None, None, DOCS, False) or notebooks(None, DOCS)


if __name__ == "__main__":
    raise SystemExit(main())
