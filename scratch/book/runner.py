"""Run one of the book's example scripts on this library (``scratch book SCRIPT``).

The script runs as ``__main__`` from its own directory, as ``python script.py`` would run
it there, except that its ``common.*`` and ``dataset.*`` imports are answered from
:data:`scratch.book.surface.SURFACE` by an import hook placed ahead of the normal path
search: the book's own ``common/`` folder, if present, is never read. Everything else (the
script's neighbours such as ``simple_convnet.py``, matplotlib, pickle files it opens) is
the script's own business.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import os
import runpy
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from scratch import datasets
from scratch.book.surface import MODULE_GLOBALS, SURFACE
from scratch.datasets.missing import MissingArray

PACKAGES = ("common", "dataset")
DATASETS = ("mnist", "fashion-mnist")


@dataclass
class Served:
    """What the book's ``load_mnist`` serves during a run."""

    dataset: str = "mnist"
    train_size: int | None = None  # serve only the first N samples (quick runs)
    test_size: int | None = None


SERVED = Served()


def load_mnist(
    normalize: bool = True, flatten: bool = True, one_hot_label: bool = False
) -> tuple[tuple[Any, Any], tuple[Any, Any]]:
    """The book's ``load_mnist``, serving the dataset ``scratch book --dataset`` chose."""
    load = datasets.load_fashion_mnist if SERVED.dataset == "fashion-mnist" else datasets.load_mnist
    (x, t), (x_test, t_test) = load(normalize, flatten, one_hot_label)
    return (
        (_first(x, SERVED.train_size), _first(t, SERVED.train_size)),
        (_first(x_test, SERVED.test_size), _first(t_test, SERVED.test_size)),
    )


def _first(array: Any, n: int | None) -> Any:
    return array if n is None or isinstance(array, MissingArray) else array[:n]


class BookModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Builds ``common``, ``common.layers``, ``dataset.mnist``, ... from :data:`SURFACE`."""

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname in PACKAGES or fullname in SURFACE:
            return importlib.util.spec_from_loader(fullname, self, is_package=fullname in PACKAGES)
        return None

    def create_module(self, spec: Any) -> None:
        return None  # the default module object

    def exec_module(self, module: ModuleType) -> None:
        if module.__name__ in PACKAGES:
            return
        names = SURFACE.get(module.__name__, {})
        for name, target in names.items():
            owner, _, attr = target.rpartition(".")
            setattr(module, name, getattr(importlib.import_module(owner), attr))
        for name, target in MODULE_GLOBALS.items():
            setattr(module, name, importlib.import_module(target))
        # What `from common.layers import *` brings in: the book's names and its `np`.
        module.__dict__["__all__"] = [*names, *MODULE_GLOBALS]


def run(
    script: str | os.PathLike[str],
    args: list[str] | None = None,
    dataset: str = "mnist",
    train_size: int | None = None,
    test_size: int | None = None,
) -> None:
    """Run ``script`` with ``args`` as the book's scripts expect; restores the process after."""
    path = Path(script).resolve()
    if not path.is_file() or path.suffix != ".py":
        raise FileNotFoundError(f"scratch book: no Python script at {script}")
    if dataset not in DATASETS:
        raise ValueError(f"scratch book: dataset must be one of {DATASETS}, got {dataset!r}")
    saved = (os.getcwd(), sys.argv, list(sys.path), list(sys.meta_path))
    SERVED.dataset, SERVED.train_size, SERVED.test_size = dataset, train_size, test_size
    finder = BookModules()
    try:
        os.chdir(path.parent)
        sys.argv = [str(path), *(args or [])]
        sys.path.insert(0, str(path.parent))
        sys.meta_path.insert(0, finder)
        runpy.run_path(str(path), run_name="__main__")
    finally:
        os.chdir(saved[0])
        sys.argv, sys.path[:], sys.meta_path[:] = saved[1], saved[2], saved[3]
        for name in [n for n in sys.modules if n.split(".")[0] in PACKAGES]:
            del sys.modules[name]  # the next run (or the book's own tree) starts clean
        SERVED.dataset, SERVED.train_size, SERVED.test_size = "mnist", None, None
