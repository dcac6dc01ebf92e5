"""CSV files of numbers, one sample per line: feature columns and one label column.

Two kinds of file are read:

- **MNIST-style**: 785 fields per line, ``label, pixel0, ..., pixel783``, the layout of the
  popular CSV exports of MNIST and Fashion-MNIST. Labels 0..9, pixels integers 0..255;
  the result has the options and types of ``mnist(...)`` (``normalize``, ``flatten``,
  ``one_hot_label``).
- **Any other table**: any number of feature columns and one label column, chosen by
  index (``label_column=-1``: the last) or, when the file has a header, by name. Features
  become float64 ``(N, D)`` as written; labels are class numbers 0, 1, 2, ... (int64).

A header line is optional. ``header=None`` decides from the first line: it is a header
when none of its fields is a number. Blank lines are ignored. Values are read by numpy's
fast parser; only when it or a range check objects do we bisect the lines to find the first
bad one and say what is wrong with it: file, line and column.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np

from scratch.datasets.convert import book_format, one_hot

N_PIXELS = 28 * 28
N_FIELDS = 1 + N_PIXELS
N_CLASSES = 10

Parser = Callable[[list[str]], "np.ndarray | None"]


# --8<-- [start:load_csv]
def load_csv(
    path: str | os.PathLike[str],
    normalize: bool = True,
    flatten: bool = True,
    one_hot_label: bool = False,
    label_column: int | str = 0,
    header: bool | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """``(x, t)`` from a CSV file: features and class labels.

    A file of 785 fields whose label is the first column is MNIST-style: ``x`` and ``t``
    are what ``mnist(...)`` returns with the same ``normalize``/``flatten``/``one_hot_label``.
    Any other file is a table: ``x`` float64 (N, D) as written (the image options do not
    apply), ``t`` int64 class numbers (N,), or one-hot (N, t.max() + 1) if ``one_hot_label``.
    ``label_column``: index of the label column (negative counts from the end) or its name
    in the header. ``header``: True, False, or None to decide from the first line.
    Anything malformed is a ``ValueError`` naming the file, the line and the column.
    """
    path = Path(path)
    lines = _read_lines(path)
    names, numbered = _split_header(path, lines, header)
    if not numbered:
        raise ValueError(f"{path}: no data rows")
    width = len(names) if names is not None else len(numbered[0][1].split(","))
    label = _label_index(path, label_column, names, width)
    images = width == N_FIELDS and label == 0
    parse: Parser = _parse_images if images else partial(_parse_table, width=width, label=label)
    table = parse([line for _, line in numbered])
    if table is None:  # something is wrong: find the first bad line and describe it
        number, line = numbered[_first_bad(parse, numbered)]
        if images:
            problem = _image_problem(line)
        else:
            problem = _table_problem(line, width, label, names)
        raise ValueError(f"{path}, line {number}: {problem or 'could not be read'}")
    if images:
        pixels = table[:, 1:].astype(np.uint8).reshape(-1, 28, 28)
        return book_format(pixels, table[:, 0].astype(np.uint8), normalize, flatten, one_hot_label)
    t = table[:, label].astype(np.int64)
    x = np.delete(table, label, axis=1)
    return x, (one_hot(t, int(t.max()) + 1) if one_hot_label else t)
    # --8<-- [end:load_csv]


def _read_lines(path: Path) -> list[str]:
    """The file's lines; a clear error for text that is not UTF-8 or not comma-separated."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at "
                         f"offset {exc.start}); save it as UTF-8 or ASCII") from None  # fmt: skip
    for number, line in enumerate(lines, start=1):  # the first line must use commas
        if line.strip():
            if "," not in line:
                used = [repr(sep) for sep in (";", "\t", "|", " ") if sep in line.strip()]
                hint = f" (it uses {used[0]})" if used else ""
                raise ValueError(f"{path}, line {number}: fields must be separated by commas{hint}")
            break
    return lines


def _split_header(
    path: Path, lines: list[str], header: bool | None
) -> tuple[list[str] | None, list[tuple[int, str]]]:
    """The header's column names (None without one) and the numbered non-blank data lines."""
    numbered = [(i + 1, line) for i, line in enumerate(lines) if line.strip()]
    if not numbered:
        return None, []
    fields = numbered[0][1].split(",")
    if header is None:
        header = not any(_is_number(field) for field in fields)
    if not header:
        return None, numbered
    return [field.strip() for field in fields], numbered[1:]


def _label_index(path: Path, label_column: int | str, names: list[str] | None, width: int) -> int:
    """The label column as an index in 0..width-1; a clear error if there is no such column."""
    if isinstance(label_column, str):
        if names is None:
            raise ValueError(f"{path}: label_column {label_column!r} is a column name, but "
                             "the file has no header line; give its index instead")  # fmt: skip
        if names.count(label_column) != 1:
            found = "is not" if label_column not in names else "appears more than once"
            raise ValueError(f"{path}: label_column {label_column!r} {found} in the header "
                             f"({', '.join(map(repr, names))})")  # fmt: skip
        return names.index(label_column)
    if not -width <= label_column < width:
        raise ValueError(f"{path}: label_column {label_column} is not a column of the file's "
                         f"{width} (0..{width - 1}, or -1 for the last)")  # fmt: skip
    return label_column % width


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _is_int(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    return True


def _parse_images(lines: list[str]) -> np.ndarray | None:
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


def _image_problem(line: str) -> str | None:
    """What is wrong with one line of an MNIST-style file, or None if nothing is."""
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


# --8<-- [start:bad_line]
def _parse_table(lines: list[str], width: int, label: int) -> np.ndarray | None:
    """The (rows, width) float table, or None if a line is malformed, a value not finite or
    a label not a class number (a whole number >= 0)."""
    try:
        table = np.loadtxt(lines, delimiter=",", dtype=np.float64, ndmin=2, comments=None)
    except ValueError:
        return None
    labels = table[:, label] if table.shape[1] == width else None
    if labels is None or not np.isfinite(table).all():
        return None
    if labels.min() < 0 or not np.array_equal(labels, np.round(labels)):
        return None
    return table


def _first_bad(parse: Parser, numbered: list[tuple[int, str]]) -> int:
    """Index of the first bad line, by bisection: about one more parse of the file."""
    lo, hi = 0, len(numbered)  # the first bad line lies in [lo, hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if parse([line for _, line in numbered[lo:mid]]) is None:
            hi = mid
        else:
            lo = mid
    return lo


def _table_problem(line: str, width: int, label: int, names: list[str] | None) -> str | None:
    """What is wrong with one line of a table, or None if nothing is."""
    fields = line.split(",")
    if len(fields) != width:
        like = "as the header has" if names is not None else "as the first row has"
        return f"expected {width} fields, {like}, found {len(fields)}"
    for index, raw in enumerate(fields):
        text = raw.strip()
        column = f"column {index + 1}" + (f" ({names[index]!r})" if names else "")
        if not text:
            return f"{column} is empty"
        if not _is_number(text):
            return f"{column} is {text!r}, not a number"
        value = float(text)
        if not math.isfinite(value):
            return f"{column} is {text!r}, not a finite number"
        if index == label and (value < 0 or value != round(value)):
            return f"{column}: label {text!r} is not a class number (0, 1, 2, ...)"
    return None
    # --8<-- [end:bad_line]
