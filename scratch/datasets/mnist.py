"""MNIST and Fashion-MNIST, one split at a time or the book's ``load_mnist``.

Files are found or downloaded by :mod:`scratch.datasets.fetch`, parsed by
:mod:`scratch.datasets.idx`, and the parsed arrays are kept as an ``.npz`` next to the
download cache so later loads skip the gzip step. The ``.npz`` name carries the source
files' SHA-256, so different sources never share one; it is read with
``allow_pickle=False``.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from scratch.datasets.convert import IMAGE_SHAPE, book_format
from scratch.datasets.fetch import DatasetNotFoundError, cache_dir, fetch, locate
from scratch.datasets.idx import read_idx
from scratch.datasets.missing import MissingArray
from scratch.datasets.sources import SPLITS, collection

PathLike = str | os.PathLike[str]
Split = tuple[np.ndarray, np.ndarray]
DATASETS = ("mnist", "fashion-mnist")

FASHION_MNIST_CLASSES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)
FASHION_MNIST_CLASSES_KO = (
    "티셔츠/탑",
    "바지",
    "풀오버",
    "드레스",
    "코트",
    "샌들",
    "셔츠",
    "스니커즈",
    "가방",
    "앵클 부츠",
)


def _check(name: str, split: str) -> None:
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; choose one of {DATASETS}")
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; choose 'train' or 'test'")


def available(name: str, split: str, data_dir: PathLike | None = None) -> bool:
    """Whether both files of ``split`` are on disk with the right hash (never downloads)."""
    _check(name, split)
    coll = collection(name)
    return all(locate(coll, f, data_dir).path is not None for f in SPLITS[split])


def load_split(name: str, split: str, data_dir: PathLike | None = None) -> Split:
    """Raw ``uint8`` images (N, 28, 28) and labels (N,) of one split."""
    _check(name, split)
    coll = collection(name)
    image_file, label_file = SPLITS[split]
    key = hashlib.sha256(
        (coll.files[image_file].sha256 + coll.files[label_file].sha256).encode()
    ).hexdigest()[:16]
    paths = fetch(name, SPLITS[split], data_dir)
    cached = cache_dir() / name / f"{split}-{key}.npz"
    # The labels are small: read from the verified file every time, they are what a cached
    # copy must agree with, so a cache that was altered or made from other files is redone.
    labels = _parse_labels(paths[label_file])
    arrays = _read_npz(cached, key, labels)
    if arrays is None:
        arrays = _parse(paths[image_file], paths[label_file])
        _write_npz(cached, *arrays, source=key)
    return arrays


def _parse_labels(label_path: Path) -> np.ndarray:
    labels = read_idx(label_path, ndim=1)
    if labels.dtype != np.uint8:
        raise ValueError(f"{label_path}: elements are {labels.dtype}, expected unsigned bytes")
    if labels.size and labels.max() > 9:
        raise ValueError(f"{label_path}: label {labels.max()} is outside 0..9")
    return labels


def _parse(image_path: Path, label_path: Path) -> Split:
    images = read_idx(image_path, ndim=3)
    labels = _parse_labels(label_path)
    if images.dtype != np.uint8:
        raise ValueError(f"{image_path}: elements are {images.dtype}, expected unsigned bytes")
    if images.shape[1:] != IMAGE_SHAPE[1:]:
        raise ValueError(f"{image_path}: images are {images.shape[1:]}, expected (28, 28)")
    if images.shape[0] != labels.shape[0]:
        raise ValueError(
            f"{image_path} has {images.shape[0]} images but {label_path} "
            f"has {labels.shape[0]} labels"
        )
    return images, labels


def _read_npz(path: Path, source: str, labels: np.ndarray) -> Split | None:
    """The cached split if it was made from ``source`` and fits: uint8 images (N, 28, 28)
    and exactly ``labels``. Anything else (absent, damaged, altered) reads as None."""
    try:
        with np.load(path, allow_pickle=False) as f:
            images, cached, made_from = f["images"], f["labels"], str(f["source"])
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None  # absent or damaged: parse the IDX files again
    fits = images.dtype == np.uint8 and images.shape == (len(labels), *IMAGE_SHAPE[1:])
    same = cached.dtype == labels.dtype and np.array_equal(cached, labels)
    return (images, labels) if made_from == source and fits and same else None


def _write_npz(path: Path, images: np.ndarray, labels: np.ndarray, source: str) -> None:
    # Temporary file plus rename, so a reader never sees half an archive.
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz.tmp")
    except OSError:
        return  # a read-only cache only costs speed
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, images=images, labels=labels, source=np.str_(source))
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)


def _load(
    name: str,
    split: str,
    normalize: bool,
    flatten: bool,
    one_hot_label: bool,
    data_dir: PathLike | None,
) -> Split:
    images, labels = load_split(name, split, data_dir)
    return book_format(images, labels, normalize, flatten, one_hot_label)


def mnist(
    split: str,
    normalize: bool = True,
    flatten: bool = True,
    one_hot_label: bool = False,
    data_dir: PathLike | None = None,
) -> Split:
    """One split (``"train"`` or ``"test"``) of MNIST as ``(x, t)``, book semantics."""
    return _load("mnist", split, normalize, flatten, one_hot_label, data_dir)


def fashion_mnist(
    split: str,
    normalize: bool = True,
    flatten: bool = True,
    one_hot_label: bool = False,
    data_dir: PathLike | None = None,
) -> Split:
    """One split of Fashion-MNIST as ``(x, t)``; class names in ``FASHION_MNIST_CLASSES``."""
    return _load("fashion-mnist", split, normalize, flatten, one_hot_label, data_dir)


def load_mnist(
    normalize: bool = True,
    flatten: bool = True,
    one_hot_label: bool = False,
    data_dir: PathLike | None = None,
) -> tuple[Split, Split]:
    """The book's signature: ``((x_train, t_train), (x_test, t_test))``.

    If the files of one split are missing (say the training images), that split comes back
    as :class:`~scratch.datasets.missing.MissingArray` pairs, which raise the error naming
    the files on first use: a caller that only needs the test set still runs.
    """
    return _both("mnist", normalize, flatten, one_hot_label, data_dir)


def load_fashion_mnist(
    normalize: bool = True,
    flatten: bool = True,
    one_hot_label: bool = False,
    data_dir: PathLike | None = None,
) -> tuple[Split, Split]:
    """``load_mnist`` for Fashion-MNIST."""
    return _both("fashion-mnist", normalize, flatten, one_hot_label, data_dir)


def _both(
    name: str, normalize: bool, flatten: bool, one_hot_label: bool, data_dir: PathLike | None
) -> tuple[Split, Split]:
    splits: list[Any] = []
    errors: list[DatasetNotFoundError] = []
    for split in ("train", "test"):
        try:
            splits.append(_load(name, split, normalize, flatten, one_hot_label, data_dir))
        except DatasetNotFoundError as exc:
            errors.append(exc)
            splits.append((MissingArray(exc), MissingArray(exc)))
    if len(errors) == 2:
        raise errors[0]  # nothing to hand back at all: say so now
    return splits[0], splits[1]
