"""MNIST-style CSV files: one image per line, ``label, pixel0, ..., pixel783``.

This is the layout of the popular CSV exports of MNIST and Fashion-MNIST. A header line
is optional: if the first field of the first line is not an integer, that line is a
header. Blank lines are ignored. Values are read by numpy's fast parser; only when it
or a range check objects do we walk the lines again to name the first bad one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import numpy as np

from scratch.datasets.convert import book_format

N_PIXELS = 28 * 28
N_FIELDS = 1 + N_PIXELS
N_CLASSES = 10


def load_csv(
    path: str | os.PathLike[str],
    normalize: bool = True,
    flatten: bool = True,
    one_hot_label: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """``(x, t)`` from a CSV file, with the same options and results as ``mnist(...)``."""
    path = Path(path)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    first = _first_data_line(lines)
    try:
        table = np.loadtxt(lines[first:], delimiter=",", dtype=np.int64, ndmin=2, comments=None)
        valid = _in_range(table)
    except ValueError:
        valid = False
    if not valid:
        _raise_first_problem(path, lines, first)
    if table.shape[0] == 0:
        raise ValueError(f"{path}: no data rows")
    labels = table[:, 0].astype(np.uint8)
    images = table[:, 1:].astype(np.uint8).reshape(-1, 28, 28)
    return book_format(images, labels, normalize, flatten, one_hot_label)


def _first_data_line(lines: list[str]) -> int:
    """Index of the first line after an optional header."""
    for i, line in enumerate(lines):
        if line.strip():
            head = line.split(",", 1)[0].strip()
            return i + 1 if not _is_int(head) else i
    return len(lines)


def _is_int(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    return True


def _in_range(table: np.ndarray) -> bool:
    if table.shape[0] == 0:
        return True
    if table.shape[1] != N_FIELDS:
        return False
    labels, pixels = table[:, 0], table[:, 1:]
    return bool(
        labels.min() >= 0 and labels.max() < N_CLASSES and pixels.min() >= 0 and pixels.max() <= 255
    )


def _raise_first_problem(path: Path, lines: list[str], first: int) -> NoReturn:
    for index in range(first, len(lines)):
        if lines[index].strip():
            problem = _line_problem(lines[index])
            if problem:
                raise ValueError(f"{path}, line {index + 1}: {problem}")
    raise ValueError(f"{path}: could not be read as label,pixel0..pixel783 rows")


def _line_problem(line: str) -> str | None:
    """What is wrong with one data line, or None if nothing is."""
    fields = line.split(",")
    if len(fields) != N_FIELDS:
        return f"expected {N_FIELDS} fields (a label and {N_PIXELS} pixels), found {len(fields)}"
    for column, text in enumerate(fields, start=1):
        if not _is_int(text.strip()):
            return f"field {column} is {text.strip()!r}, not an integer"
        value = int(text)
        if column == 1 and not 0 <= value < N_CLASSES:
            return f"label {value} is outside 0..{N_CLASSES - 1}"
        if column > 1 and not 0 <= value <= 255:
            return f"field {column}: pixel value {value} is outside 0..255"
    return None
