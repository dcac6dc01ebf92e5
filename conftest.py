"""Every page under docs/ is a test: Sybil runs its Python blocks top to bottom.

- A bare ```python block runs; one that starts with ``>>>`` is a doctest whose shown
  output is checked (ELLIPSIS and NORMALIZE_WHITESPACE are on).
- ``<!-- invisible-code-block: python -->`` holds setup a reader need not see.
- ``<!-- skip: next if(not HAVE_MNIST_TRAIN, reason="...") -->`` skips with a reason; the
  flags below are in every page's namespace.
- Each page runs in its own namespace and in a fresh temporary working directory, so
  files a page writes never land in the repository.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

os.environ.setdefault("MPLBACKEND", "Agg")
# One BLAS thread: on a small shared machine two threads fight over cores and make batched
# matrix products slower than a loop, which would turn the pages' speed claims into noise.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

# numpy reads the BLAS setting when it loads, so it is imported only now.
import numpy as np
from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser
from sybil.region import Lexeme

DEFAULT_PRINTOPTIONS = np.get_printoptions()


def page_flags() -> dict[str, bool]:
    """What the current machine has; pages skip, with a reason, what it lacks."""
    from scratch.datasets import available
    from scratch.weights import book_params_available

    return {
        "HAVE_MNIST_TRAIN": available("mnist", "train"),
        "HAVE_MNIST_TEST": available("mnist", "test"),
        "HAVE_FASHION_MNIST": available("fashion-mnist", "train")
        and available("fashion-mnist", "test"),
        # The three weight files the book published (`scratch data fetch weights`).
        "HAVE_BOOK_WEIGHTS": book_params_available(),
        # PyTorch, which only the page comparing the library with a framework uses
        # (`pip install torch`); looked for without importing it.
        "HAVE_TORCH": importlib.util.find_spec("torch") is not None,
        # Full-size experiments (minutes each) run only when asked for.
        "FULL": os.environ.get("SCRATCH_FULL") == "1",
    }


def setup(namespace: dict) -> None:
    # A page that sets numpy's print options (visibly, for its reader) must not change how
    # the next page prints: every page starts from numpy's defaults.
    namespace["__printoptions"] = np.get_printoptions()
    np.set_printoptions(**DEFAULT_PRINTOPTIONS)
    namespace["__cwd"] = os.getcwd()
    namespace["__tmp"] = tempfile.TemporaryDirectory(prefix="scratch-page-")
    os.chdir(namespace["__tmp"].name)
    namespace.update(page_flags())


def teardown(namespace: dict) -> None:
    import matplotlib.pyplot as plt

    plt.close("all")
    np.set_printoptions(**namespace["__printoptions"])
    os.chdir(namespace["__cwd"])
    namespace["__tmp"].cleanup()


class IncludingPythonCodeBlockParser(PythonCodeBlockParser):
    """Python blocks, with the library sections a block includes (``--8<-- "path:name"``,
    as pymdownx.snippets does at build time) put in place: the test runs what the page shows."""

    def __call__(self, document):  # type: ignore[no-untyped-def]
        from site_tools.snippets import INCLUDE, expand

        for region in super().__call__(document):
            parsed = region.parsed
            if isinstance(parsed, Lexeme) and INCLUDE.search(parsed):
                region.parsed = Lexeme(expand(parsed), parsed.offset, parsed.line_offset)
            yield region


DOCS_PARSERS = [
    IncludingPythonCodeBlockParser(doctest_optionflags=ELLIPSIS | NORMALIZE_WHITESPACE),
    SkipParser(),
]

pytest_collect_file = Sybil(
    parsers=DOCS_PARSERS,
    path="docs",
    patterns=["*.md"],
    setup=setup,
    teardown=teardown,
).pytest()
