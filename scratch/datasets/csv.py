"""MNIST-style CSV files: one image per line, ``label, pixel0, ..., pixel783``.

This is the layout of the popular CSV exports of MNIST and Fashion-MNIST. A header line
is optional: if the first field of the first line is not an integer, that line is a
header. Blank lines are ignored. Values are read by numpy's fast parser; only when it
or a range check objects do we bisect the lines to find and describe the first bad one.
"""

from __future__ import annotations

import os
from pathlib import Path

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
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at "
                         f"offset {exc.start}); save it as UTF-8 or ASCII") from None  # fmt: skip
    _check_separator(path, lines)
    first = _first_data_line(lines)
    numbered = [(i + 1, line) for i, line in enumerate(lines) if i >= first and line.strip()]
    if not numbered:
        raise ValueError(f"{path}: no data rows")
    table = _parse([line for _, line in numbered])
    if table is None:
        line_number, line = numbered[_first_bad(numbered)]
        problem = _line_problem(line) or "could not be read as label,pixel0..pixel783"
        raise ValueError(f"{path}, line {line_number}: {problem}")
    labels = table[:, 0].astype(np.uint8)
    images = table[:, 1:].astype(np.uint8).reshape(-1, 28, 28)
    return book_format(images, labels, normalize, flatten, one_hot_label)


def _check_separator(path: Path, lines: list[str]) -> None:
    """The first line must separate its fields with commas (a header too)."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if "," not in line:
                used = [repr(sep) for sep in (";", "\t", "|", " ") if sep in line.strip()]
                hint = f" (it uses {used[0]})" if used else ""
                raise ValueError(f"{path}, line {number}: fields must be separated by commas{hint}")
            return


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


def _parse(lines: list[str]) -> np.ndarray | None:
    """The (rows, 785) integer table, or None if any line is malformed or out of range."""
    try:
        table = np.loadtxt(lines, delimiter=",", dtype=np.int64, ndmin=2, comments=None)
    except ValueError:
        return None
    if table.shape[1] != N_FIELDS:
        return None
    labels, pixels = table[:, 0], table[:, 1:]
    if labels.min() < 0 or labels.max() >= N_CLASSES or pixels.min() < 0 or pixels.max() > 255:
        return None
    return table


def _first_bad(numbered: list[tuple[int, str]]) -> int:
    """Index of the first bad line, by bisection: about one more parse of the file."""
    lo, hi = 0, len(numbered)  # the first bad line lies in [lo, hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _parse([line for _, line in numbered[lo:mid]]) is None:
            hi = mid
        else:
            lo = mid
    return lo


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
