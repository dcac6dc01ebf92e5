"""Run one of the book's scripts in this process and record every array it plots.

    python tests/book_driver.py OUT.npz book SCRIPT [ARGS ...]
    python tests/book_driver.py OUT.npz scratch [--dataset D] [--train-size N]
                                [--test-size N] SCRIPT [ARGS ...]

``book`` runs the script as ``python SCRIPT`` would from its own folder, on the book's own
``common/`` and ``dataset/``; ``scratch`` runs it through ``scratch.book.runner.run``. Both
seed numpy's global generator with 0 right before the script starts. Before that, the
plotting calls of matplotlib (``Axes.plot``, ``scatter``, ``imshow``, ``hist``, ...; the
``plt.*`` functions go through them) and PIL's ``Image.show`` are wrapped so that each call
records its arguments, and ``plt.show`` does nothing. The book's files are never touched.
The record is written to OUT.npz: arrays under ``"<call>.<method>.<argument>"``, keyword
arguments under ``"<call>.<method>.<name>"``, text and numbers as 0-d arrays; an array of
more than a million elements as its SHA-256 (``...#sha256``) and every k-th element.
"""

# ruff: noqa: NPY002 -- seeding numpy's global generator is the point: the book draws from it.

from __future__ import annotations

import argparse
import functools
import hashlib
import os
import runpy
import sys
from pathlib import Path
from typing import Any

import numpy as np

PLOTTING = ("plot", "scatter", "imshow", "hist", "bar", "quiver", "contour", "contourf")
BIG = 1 << 20  # arrays above this many elements are kept as a digest and a thinned copy
RECORD: dict[str, np.ndarray] = {}
CALLS = [0]


def _value(value: Any) -> np.ndarray:
    """An argument as an array: numbers and arrays as they are, anything else by name."""
    if isinstance(value, str | int | float | bool | np.ndarray | np.generic):
        return np.asarray(value)
    if isinstance(value, list | tuple):
        try:
            array = np.asarray(value)
        except ValueError:  # ragged: record it by its text
            return np.asarray(repr(value))
        if array.dtype != object:
            return array
    return np.asarray(getattr(value, "name", type(value).__name__))  # a colormap, say


def _record(method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    call = f"{CALLS[0]:03d}.{method}"
    CALLS[0] += 1
    RECORD[call + ".called"] = np.asarray(True)
    named = [(str(i), arg) for i, arg in enumerate(args)]
    named += [(name, arg) for name, arg in sorted(kwargs.items()) if arg is not None]
    for name, arg in named:
        value = _value(arg)
        if value.size > BIG:
            digest = hashlib.sha256(np.ascontiguousarray(value).tobytes()).hexdigest()
            RECORD[f"{call}.{name}#sha256"] = np.asarray(f"{value.shape}{value.dtype}{digest}")
            value = value.ravel()[:: -(-value.size // BIG)]
        RECORD[f"{call}.{name}"] = value


def _recording(method: str, original: Any) -> Any:
    @functools.wraps(original)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        _record(method, args, kwargs)
        return original(self, *args, **kwargs)

    return wrapper


def _show_image(image: Any, *args: Any, **kwargs: Any) -> None:
    _record("Image.show", (np.asarray(image),), {})  # no viewer is started


def install() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes
    from PIL import Image

    for method in PLOTTING:
        setattr(Axes, method, _recording(method, getattr(Axes, method)))
    plt.show = lambda *args, **kwargs: None
    Image.Image.show = _show_image


def run_book(script: Path, args: list[str]) -> None:
    os.chdir(script.parent)
    sys.argv = [str(script), *args]
    sys.path.insert(0, str(script.parent))
    np.random.seed(0)
    runpy.run_path(str(script), run_name="__main__")


def run_scratch(script: Path, args: list[str], options: argparse.Namespace) -> None:
    from scratch.book.runner import run

    np.random.seed(0)
    run(script, args, options.dataset, options.train_size, options.test_size)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("side", choices=("book", "scratch"))
    parser.add_argument("--dataset", default="mnist")
    parser.add_argument("--train-size", type=int)
    parser.add_argument("--test-size", type=int)
    parser.add_argument("script", type=Path)
    parser.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args()
    out, script = options.out.resolve(), options.script.resolve()
    # Loading matplotlib costs a good part of a second: only for the scripts that draw.
    draws = any(word in script.read_text(encoding="utf-8") for word in ("matplotlib", "PIL"))
    if draws:
        install()
    try:
        if options.side == "book":
            run_book(script, options.args)
        else:
            run_scratch(script, options.args, options)
    finally:
        sys.stdout.flush()
        if not draws and "matplotlib.pyplot" in sys.modules:  # drew behind our back
            RECORD["unrecorded"] = np.asarray("matplotlib was loaded but not watched")
        np.savez(out, **RECORD)


if __name__ == "__main__":
    main()
