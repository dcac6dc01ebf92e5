"""Data that is not what it claims: CSV files in another encoding or with other separators,
and a dataset cache that was altered. Plus the book's /255 scaling, checked without the
MNIST files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from scratch.datasets import fashion_mnist, load_csv
from scratch.datasets.convert import book_format
from tests.data_needs import needs_fashion_mnist

ROW = ",".join(["3"] + ["0"] * 783 + ["255"])


def test_normalize_divides_by_255_in_float32() -> None:
    images = np.zeros((2, 28, 28), dtype=np.uint8)
    images[0, 0, :4] = [0, 51, 128, 255]
    x, _ = book_format(images, np.array([3, 9], dtype=np.uint8))
    assert x.dtype == np.float32 and x.shape == (2, 784)
    np.testing.assert_array_equal(x[0, :4], np.float32([0, 51, 128, 255]) / np.float32(255))
    assert x[0, 1] == np.float32(0.2) and x[0, 3] == 1.0
    raw, _ = book_format(images, np.array([3, 9], dtype=np.uint8), normalize=False)
    assert raw.dtype == np.uint8 and raw[0, 3] == 255


def test_load_csv_normalizes_like_the_idx_loader(tmp_path: Path) -> None:
    (tmp_path / "one.csv").write_text(ROW + "\n")
    x, t = load_csv(tmp_path / "one.csv")
    assert x.dtype == np.float32 and x[0, -1] == 1.0 and x[0, 0] == 0.0 and t.tolist() == [3]


def test_csv_that_is_not_utf8_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("label,caf\xe9\n".encode("latin-1") + (ROW + "\n").encode())
    with pytest.raises(ValueError, match=r"latin\.csv: not UTF-8 text \(byte 0xe9 at offset 9\)"):
        load_csv(path)


@pytest.mark.parametrize(("separator", "shown"), [(";", "';'"), ("\t", "'\\\\t'")])
def test_csv_with_another_separator_says_so(tmp_path: Path, separator: str, shown: str) -> None:
    path = tmp_path / "other.csv"
    path.write_text("\n" + "\n".join(ROW.replace(",", separator) for _ in range(3)))
    message = rf"other\.csv, line 2: fields must be separated by commas \(it uses {shown}\)"
    with pytest.raises(ValueError, match=message):
        load_csv(path)


# -- the cache of parsed splits -------------------------------------------------------------


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SCRATCH_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("SCRATCH_OFFLINE", "1")
    return tmp_path / "cache"


POISONS = {
    "all labels 7": lambda images, labels: (images, np.full_like(labels, 7)),
    "a label 200": lambda images, labels: (
        images,
        np.where(np.arange(labels.size) == 5, 200, labels).astype(np.uint8),
    ),
    "labels as int64": lambda images, labels: (images, labels.astype(np.int64)),
    "float images": lambda images, labels: (images.astype(np.float64) * 3, labels),
    "fewer samples": lambda images, labels: (images[:100], labels[:100]),
    "flat images": lambda images, labels: (images.reshape(len(images), -1), labels),
}


@needs_fashion_mnist
@pytest.mark.parametrize("poison", POISONS)
def test_an_altered_cache_is_not_trusted(fresh_cache: Path, poison: str) -> None:
    expected_x, expected_t = fashion_mnist("test")
    (cached,) = (fresh_cache / "fashion-mnist").glob("test-*.npz")
    with np.load(cached) as f:
        arrays = {key: f[key] for key in f.files}
    images, labels = POISONS[poison](arrays["images"], arrays["labels"])
    np.savez(cached, images=images, labels=labels, source=arrays["source"])
    x, t = fashion_mnist("test")
    np.testing.assert_array_equal(t, expected_t)
    np.testing.assert_array_equal(x, expected_x)
    with np.load(cached) as f:  # and the cache was made again from the verified files
        np.testing.assert_array_equal(f["labels"], expected_t)


@needs_fashion_mnist
@pytest.mark.parametrize("source", [None, "0123456789abcdef"])
def test_a_cache_made_from_other_files_is_made_again(fresh_cache: Path, source) -> None:
    fashion_mnist("test")
    (cached,) = (fresh_cache / "fashion-mnist").glob("test-*.npz")
    key = cached.stem.split("-")[1]
    with np.load(cached) as f:
        arrays = {name: f[name] for name in f.files if name != "source"}
    np.savez(cached, **arrays, **({} if source is None else {"source": np.str_(source)}))
    fashion_mnist("test")
    with np.load(cached) as f:
        assert str(f["source"]) == key
