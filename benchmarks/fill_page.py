"""Refresh the outputs the benchmark page shows after a new run.

Run ``python -m benchmarks.fill_page`` from the repository root.

The page prints its tables from ``benchmarks/results/latest.json`` in doctests, so the site
cannot disagree with the file; after a new run those shown outputs are stale and the tests
fail. This script runs each page's Python blocks top to bottom, as the tests do, and writes
what every doctest example actually prints in place of the old output. Nothing else on the
page changes; review the diff like any other.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import os
import re
import sys
import tempfile
from pathlib import Path

PAGES = [Path("docs/benchmarks/index.md"), Path("docs/benchmarks/index.en.md")]
BLOCK = re.compile(
    r"(?P<open>^```python\n|^<!-- invisible-code-block: python\n)"
    r"(?P<body>.*?)(?P<close>^```$|^-->$)",
    re.DOTALL | re.MULTILINE,
)


CHECKER = doctest.OutputChecker()
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _run_example(source: str, namespace: dict) -> str:
    """What the doctest runner would see printed for one example."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = compile(source, "<page>", "single")
        exec(code, namespace)  # "single" prints expression values like the REPL
    return out.getvalue()


def _prompted(source: str) -> str:
    lines = source.rstrip("\n").split("\n")
    return "\n".join([f">>> {lines[0]}"] + [f"... {line}" for line in lines[1:]]) + "\n"


def refill(text: str) -> str:
    namespace: dict = {"__name__": "__page__"}

    def replace(match: re.Match[str]) -> str:
        body = match.group("body")
        if not body.lstrip().startswith(">>>"):
            exec(compile(body, "<page>", "exec"), namespace)
            return match.group(0)
        parts = []
        for example in doctest.DocTestParser().get_examples(body):
            got = _run_example(example.source, namespace)
            # An output that still matches (e.g. a timing shown as "...") stays as written.
            if CHECKER.check_output(example.want, got, FLAGS):
                got = example.want
            parts.append(_prompted(example.source) + got)
        return match.group("open") + "".join(parts) + match.group("close")

    return BLOCK.sub(replace, text)


def main() -> int:
    root = Path(__file__).resolve().parents[1]
    os.environ.setdefault("MPLBACKEND", "Agg")
    for page in PAGES:
        path = root / page
        with tempfile.TemporaryDirectory() as tmp:
            cwd = os.getcwd()
            os.chdir(tmp)  # as in the tests: files a page writes do not land in the repo
            try:
                new = refill(path.read_text(encoding="utf-8"))
            finally:
                os.chdir(cwd)
        path.write_text(new, encoding="utf-8")
        print(f"refilled {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
