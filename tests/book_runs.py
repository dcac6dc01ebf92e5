"""Helpers of ``test_book_scripts``: a private copy of the book's tree, its data, two runs.

The book's ``dataset/mnist.py`` reads ``dataset/mnist.pkl`` when it exists (and downloads
MNIST only when it does not): :func:`book_pickle` writes that file from the very arrays
``scratch book`` serves, so both sides see the same images. :func:`run_both` starts the
book's run and ours at once (two cores, two processes) through ``book_driver.py``.
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from scratch.datasets.mnist import load_split

DRIVER = Path(__file__).with_name("book_driver.py")
TREE = ("ch01", "ch02", "ch03", "ch04", "ch05", "ch06", "ch07", "ch08", "common", "dataset")
NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def copy_tree(book: Path, dest: Path) -> Path:
    """The book's folders copied to ``dest``: scripts write files (params.pkl) beside them.

    A clone's own data (a downloaded ``mnist.pkl`` or MNIST archives) is left behind: the
    test provides the data, and the same data to both sides.
    """
    ignore = shutil.ignore_patterns("__pycache__", "mnist.pkl", "*.gz")
    for name in TREE:
        shutil.copytree(book / name, dest / name, ignore=ignore)
    return dest


def book_pickle(path: Path, dataset: str, train: int | None, test: int | None) -> Path:
    """The ``mnist.pkl`` of the book's ``load_mnist``: uint8 images (N, 784) and labels.

    ``train=0`` stands for a machine without the training set: empty training arrays (the
    scripts that get them never touch them, as ``scratch book`` serves a missing split).
    """
    if not path.exists():
        arrays = {}
        for split, n in (("train", train), ("test", test)):
            if n == 0:
                images, labels = np.zeros((0, 28, 28), np.uint8), np.zeros(0, np.uint8)
            else:
                images, labels = load_split(dataset, split)
            arrays[f"{split}_img"] = images[:n].reshape(-1, 784)
            arrays[f"{split}_label"] = labels[:n]
        with path.open("wb") as f:
            pickle.dump(arrays, f, protocol=4)
    return path


def stand_in_image(path: Path, gray: bool) -> Path:
    """A made-up picture for a script that reads one the book does not ship (lena.png)."""
    y, x = np.mgrid[0:96, 0:128] / 32.0
    rings = 0.5 + 0.5 * np.sin(3 * np.hypot(x - 2.0, y - 1.5))
    stripes = 0.5 + 0.5 * np.sign(np.sin(2 * x + y))
    ramp = x / x.max()
    planes = [rings] if gray else [rings, stripes, ramp]
    pixels = np.stack(planes, axis=-1) * 255
    image = Image.fromarray(pixels.astype(np.uint8).squeeze(), mode="L" if gray else "RGB")
    image.save(path)
    return path


@dataclass
class Run:
    stdout: str
    stderr: str
    returncode: int
    plots: dict[str, np.ndarray]


def _command(side: str, out: Path, script: Path, dataset: str | None,
             sizes: tuple[int | None, int | None]) -> list[str]:  # fmt: skip
    command = [sys.executable, str(DRIVER), str(out), side]
    if side == "scratch":
        command += ["--dataset", dataset or "mnist"]
        for flag, n in zip(("--train-size", "--test-size"), sizes, strict=True):
            if n:
                command += [flag, str(n)]
    return [*command, str(script)]


def run_both(
    trees: dict[str, Path],
    script: str,
    dataset: str | None,
    sizes: tuple[int | None, int | None],
    timeout: float,
) -> dict[str, Run]:
    """Run ``script`` on the book's code (trees["book"]) and on ours (trees["scratch"])."""
    env = {**os.environ, "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1",
           "SCRATCH_OFFLINE": "1", "PYTHONHASHSEED": "0", "PYTHONIOENCODING": "utf-8"}  # fmt: skip
    procs = {}
    for side, tree in trees.items():
        out = tree / f"plots-{side}.npz"
        command = _command(side, out, tree / script, dataset, sizes)
        procs[side] = (out, subprocess.Popen(command, env=env, cwd=tree, text=True,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE))  # fmt: skip
    runs = {}
    for side, (out, proc) in procs.items():
        stdout, stderr = proc.communicate(timeout=timeout)
        with np.load(out, allow_pickle=False) as f:
            plots = {key: f[key] for key in f.files}
        runs[side] = Run(stdout, stderr, proc.returncode, plots)
    return runs


def numbers_and_text(output: str) -> tuple[list[float], list[str]]:
    """The numbers of a printed output, and the text around them."""
    return [float(n) for n in NUMBER.findall(output)], NUMBER.split(output)
