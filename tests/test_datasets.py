"""Parsing: IDX files, CSV files, the book's array options, spiral, and the real data sets."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scratch.datasets import (
    FASHION_MNIST_CLASSES,
    FASHION_MNIST_CLASSES_KO,
    Standardizer,
    available,
    fashion_mnist,
    load_csv,
    mnist,
    read_idx,
    spiral,
    train_val_split,
    write_idx,
)
from scratch.datasets import fetch as fetch_module
from tests.data_needs import MNIST_TEST_DIR, needs_mnist_test


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No SCRATCH_DATA, no system directory, an empty cache, no downloads."""
    monkeypatch.delenv("SCRATCH_DATA", raising=False)
    monkeypatch.setenv("SCRATCH_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("SCRATCH_OFFLINE", "1")
    monkeypatch.setattr(fetch_module, "SYSTEM_DATA_DIR", tmp_path / "system")
    return tmp_path


def tiny_split(n: int = 5, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=n, dtype=np.uint8)
    return images, labels


# -- IDX ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["images.idx", "images.idx.gz"])
def test_idx_round_trip_plain_and_gzip(tmp_path: Path, name: str) -> None:
    images, labels = tiny_split()
    read_back = read_idx(write_idx(tmp_path / name, images), ndim=3)
    assert read_back.dtype == np.uint8
    np.testing.assert_array_equal(read_back, images)
    np.testing.assert_array_equal(read_idx(write_idx(tmp_path / "l.gz", labels), ndim=1), labels)


def test_idx_magic_numbers_are_the_mnist_ones(tmp_path: Path) -> None:
    images, labels = tiny_split()
    assert (write_idx(tmp_path / "i", images)).read_bytes()[:4] == bytes.fromhex("00000803")
    assert (write_idx(tmp_path / "l", labels)).read_bytes()[:4] == bytes.fromhex("00000801")


def test_idx_other_element_types(tmp_path: Path) -> None:
    values = np.arange(6, dtype=np.float32).reshape(2, 3)
    np.testing.assert_array_equal(read_idx(write_idx(tmp_path / "f", values)), values)


def test_idx_truncated_file_names_the_file(tmp_path: Path) -> None:
    path = write_idx(tmp_path / "cut.idx", tiny_split()[0])
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(ValueError, match=r"cut\.idx.*truncated"):
        read_idx(path)


def test_idx_trailing_bytes_are_an_error(tmp_path: Path) -> None:
    path = write_idx(tmp_path / "long.idx", tiny_split()[1])
    path.write_bytes(path.read_bytes() + b"\x00")
    with pytest.raises(ValueError, match=r"long\.idx.*trailing"):
        read_idx(path)


def test_idx_truncated_gzip_names_the_file(tmp_path: Path) -> None:
    path = write_idx(tmp_path / "cut.gz", tiny_split()[0])
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(ValueError, match=r"cut\.gz.*gzip"):
        read_idx(path)


@pytest.mark.parametrize(
    "payload",
    [b"PK\x03\x04 a zip file, not IDX", b"\x00\x00\x99\x01\x00\x00\x00\x01x", b"\x00\x00"],
)
def test_idx_foreign_file_is_refused(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / "foreign.bin"
    path.write_bytes(gzip.compress(payload))
    with pytest.raises(ValueError, match=r"foreign\.bin"):
        read_idx(path)


def test_idx_wrong_number_of_dimensions(tmp_path: Path) -> None:
    path = write_idx(tmp_path / "labels.idx", tiny_split()[1])
    with pytest.raises(ValueError, match=r"labels\.idx.*1 dimension.*expected 3.*0x00000803"):
        read_idx(path, ndim=3)


def test_idx_dimensions_that_do_not_match_the_data(tmp_path: Path) -> None:
    # Header says 5 x 28 x 28 but carries 4 images' worth of bytes.
    header = bytes.fromhex("00000803") + b"".join(n.to_bytes(4, "big") for n in (5, 28, 28))
    path = tmp_path / "dims.idx"
    path.write_bytes(header + bytes(4 * 28 * 28))
    with pytest.raises(ValueError, match=r"dims\.idx.*\(5, 28, 28\)"):
        read_idx(path, ndim=3)


def test_dataset_rejects_images_that_are_not_28x28(isolated: Path) -> None:
    from scratch.datasets.mnist import _parse

    images = write_idx(isolated / "i.gz", np.zeros((3, 27, 27), np.uint8))
    labels = write_idx(isolated / "l.gz", np.zeros(3, np.uint8))
    with pytest.raises(ValueError, match=r"i\.gz.*\(28, 28\)"):
        _parse(images, labels)
    images = write_idx(isolated / "i.gz", np.zeros((4, 28, 28), np.uint8))
    with pytest.raises(ValueError, match=r"4 images but .* 3 labels"):
        _parse(images, labels)


# -- CSV ------------------------------------------------------------------------------


def write_csv(path: Path, images: np.ndarray, labels: np.ndarray, header: bool) -> Path:
    rows = [
        ",".join(map(str, [label, *image.ravel()]))
        for image, label in zip(images, labels, strict=True)
    ]
    if header:
        rows.insert(0, ",".join(["label"] + [f"pixel{i}" for i in range(784)]))
    path.write_text("\n".join(rows) + "\n")
    return path


@pytest.mark.parametrize("header", [True, False])
def test_csv_with_and_without_header(tmp_path: Path, header: bool) -> None:
    images, labels = tiny_split()
    path = write_csv(tmp_path / "d.csv", images, labels, header)
    x, t = load_csv(path, normalize=False, flatten=False)
    assert x.dtype == np.uint8 and x.shape == (5, 1, 28, 28)
    np.testing.assert_array_equal(x[:, 0], images)
    np.testing.assert_array_equal(t, labels)
    x, t = load_csv(path, one_hot_label=True)
    assert x.shape == (5, 784) and x.dtype == np.float32
    assert t.shape == (5, 10) and t.dtype == np.float64
    np.testing.assert_array_equal(t.argmax(axis=1), labels)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda fields: fields[:10], "line 3: expected 785 fields.*found 10"),
        (
            lambda fields: [*fields[:5], "x7", *fields[6:]],
            "line 3: field 6 is 'x7', not an integer",
        ),
        (lambda fields: [*fields[:7], "256", *fields[8:]], "line 3: field 8: pixel value 256"),
        (lambda fields: [*fields[:7], "-1", *fields[8:]], "line 3: field 8: pixel value -1"),
        (lambda fields: ["10", *fields[1:]], "line 3: label 10 is outside 0..9"),
    ],
)
def test_csv_malformed_row_names_the_line(tmp_path: Path, damage, message: str) -> None:
    path = write_csv(tmp_path / "bad.csv", *tiny_split(), header=True)
    lines = path.read_text().splitlines()
    lines[2] = ",".join(damage(lines[2].split(",")))
    path.write_text("\n".join(lines))
    with pytest.raises(ValueError, match=r"bad\.csv, " + message):
        load_csv(path)


@needs_mnist_test
def test_csv_agrees_with_the_idx_loader(isolated: Path) -> None:
    x_idx, t_idx = mnist("test", normalize=False, data_dir=MNIST_TEST_DIR)
    path = write_csv(isolated / "m.csv", x_idx[:50].reshape(-1, 28, 28), t_idx[:50], True)
    for options in [{}, {"flatten": False, "one_hot_label": True}]:
        x_csv, t_csv = load_csv(path, **options)
        x_ref, t_ref = mnist("test", data_dir=MNIST_TEST_DIR, **options)
        np.testing.assert_array_equal(x_csv, x_ref[:50])
        np.testing.assert_array_equal(t_csv, t_ref[:50])
        assert (x_csv.dtype, t_csv.dtype) == (x_ref.dtype, t_ref.dtype)


# -- spiral ---------------------------------------------------------------------------


def test_spiral_shapes_and_seeding() -> None:
    x, t = spiral(rng=0)
    assert x.shape == (300, 2) and x.dtype == np.float64
    assert t.shape == (300, 3) and np.all(t.sum(axis=1) == 1)
    np.testing.assert_array_equal(t.argmax(axis=1), np.repeat([0, 1, 2], 100))
    np.testing.assert_array_equal(x, spiral(rng=np.random.default_rng(0))[0])
    assert not np.array_equal(x, spiral(rng=1)[0])
    # Radius grows linearly along each arm, whatever the noise in the angle.
    np.testing.assert_allclose(np.hypot(x[:, 0], x[:, 1]), np.tile(np.arange(100) / 100, 3))
    x, t = spiral(n_per_class=7, n_classes=5, rng=3)
    assert x.shape == (35, 2) and t.shape == (35, 5)


# -- the real files ---------------------------------------------------------------------


@needs_mnist_test
def test_mnist_test_set(isolated: Path) -> None:
    x, t = mnist("test", data_dir=MNIST_TEST_DIR)
    assert (x.shape, x.dtype, t.shape, t.dtype) == ((10000, 784), np.float32, (10000,), np.uint8)
    assert x.min() == 0.0 and x.max() == 1.0
    np.testing.assert_array_equal(t[:10], [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
    raw, onehot = mnist(
        "test", normalize=False, flatten=False, one_hot_label=True, data_dir=MNIST_TEST_DIR
    )
    assert (raw.shape, raw.dtype) == ((10000, 1, 28, 28), np.uint8)
    assert (onehot.shape, onehot.dtype) == ((10000, 10), np.float64)
    np.testing.assert_array_equal(onehot.argmax(axis=1), t)
    np.testing.assert_array_equal(raw.reshape(10000, -1) / np.float32(255), x)
    # The parsed arrays were cached as .npz; a second load gives the same.
    assert list((isolated / "cache" / "mnist").glob("test-*.npz"))
    np.testing.assert_array_equal(mnist("test", data_dir=MNIST_TEST_DIR)[0], x)


def test_mnist_train_images_are_not_faked(isolated: Path) -> None:
    data_dir = MNIST_TEST_DIR or isolated / "no-data"
    if available("mnist", "train", data_dir=data_dir):
        pytest.skip("the MNIST training images are on your machine: none are missing to test")
    from scratch.datasets import DatasetNotFoundError

    with pytest.raises(DatasetNotFoundError, match=r"train-images-idx3-ubyte\.gz"):
        mnist("train", data_dir=data_dir)


def test_fashion_mnist_from_the_debian_package_without_configuration(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SCRATCH_DATA", raising=False)
    monkeypatch.setenv("SCRATCH_CACHE", str(tmp_path))
    monkeypatch.setenv("SCRATCH_OFFLINE", "1")
    if not (available("fashion-mnist", "train") and available("fashion-mnist", "test")):
        pytest.skip(
            "runs when Debian's Fashion-MNIST package is installed: "
            "`apt-get install dataset-fashion-mnist`"
        )
    x, t = fashion_mnist("train")
    assert (x.shape, x.dtype, t.shape, t.dtype) == ((60000, 784), np.float32, (60000,), np.uint8)
    assert np.bincount(t).tolist() == [6000] * 10
    x, t = fashion_mnist("test", flatten=False)
    assert x.shape == (10000, 1, 28, 28) and np.bincount(t).tolist() == [1000] * 10
    assert len(FASHION_MNIST_CLASSES) == len(FASHION_MNIST_CLASSES_KO) == 10


def test_unknown_names_are_clear() -> None:
    with pytest.raises(ValueError, match="unknown split 'valid'"):
        mnist("valid")
    with pytest.raises(ValueError, match="unknown dataset 'cifar'"):
        available("cifar", "test")


def test_csv_blank_lines_and_byte_order_mark(tmp_path: Path) -> None:
    images, labels = tiny_split(n=2)
    path = write_csv(tmp_path / "bom.csv", images, labels, header=True)
    text = path.read_text().replace("\n", "\n\n", 1)  # a blank line after the header
    path.write_text("\ufeff" + text + "\n\n", encoding="utf-8")
    x, t = load_csv(path, normalize=False)
    np.testing.assert_array_equal(t, labels)
    np.testing.assert_array_equal(x, images.reshape(2, -1))


def test_csv_without_rows(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("label," + ",".join(f"pixel{i}" for i in range(784)) + "\n")
    with pytest.raises(ValueError, match=r"empty\.csv: no data rows"):
        load_csv(path)


def test_dataset_rejects_idx_files_that_are_not_bytes(isolated: Path) -> None:
    from scratch.datasets.mnist import _parse

    images = write_idx(isolated / "f.gz", np.zeros((2, 28, 28), np.float32))
    labels = write_idx(isolated / "l.gz", np.zeros(2, np.uint8))
    with pytest.raises(ValueError, match=r"f\.gz: elements are float32"):
        _parse(images, labels)


# -- CSV tables of your own: any number of features, a label column by index or name -------


def write_table(path: Path, x: np.ndarray, t: np.ndarray, names: list[str] | None, label: int):
    """Rows of ``x`` with the label inserted as column ``label``, written with repr()."""
    columns = [list(row) for row in x.tolist()]
    for row, value in zip(columns, t.tolist(), strict=True):
        row.insert(label % (x.shape[1] + 1), int(value))
    lines = [",".join(map(repr, row)) for row in columns]
    if names is not None:
        lines.insert(0, ",".join(names))
    path.write_text("\n".join(lines) + "\n")
    return path


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    n=st.integers(1, 12),
    d=st.integers(1, 6),
    label=st.integers(-7, 6),
    header=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_table_round_trip(tmp_path: Path, n: int, d: int, label: int, header: bool, seed: int):
    """Whatever the shape, the label column and the header: the same numbers come back."""
    label = max(-(d + 1), min(label, d))  # a column of the d + 1
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 10.0 ** rng.integers(-3, 4), size=(n, d))
    t = rng.integers(0, 4, size=n)
    names = [f"f{i}" for i in range(d + 1)] if header else None
    path = write_table(tmp_path / "t.csv", x, t, names, label)
    by_index = load_csv(path, label_column=label)
    got = [by_index]
    if names is not None:
        got.append(load_csv(path, label_column=names[label], header=True))
    for x_read, t_read in got:
        assert x_read.dtype == np.float64 and t_read.dtype == np.int64
        np.testing.assert_array_equal(x_read, x)  # repr() round-trips a float exactly
        np.testing.assert_array_equal(t_read, t)
    _, onehot = load_csv(path, label_column=label, one_hot_label=True)
    assert onehot.shape == (n, t.max() + 1)
    np.testing.assert_array_equal(onehot.argmax(axis=1), t)


def test_five_columns_are_a_table_not_an_mnist_error(tmp_path: Path) -> None:
    path = tmp_path / "five.csv"
    path.write_text("a,b,c,d,kind\n1.5,2,3,4,1\n-0.5,1e3,0,2,0\n")
    x, t = load_csv(path, label_column="kind")
    np.testing.assert_array_equal(x, [[1.5, 2, 3, 4], [-0.5, 1000, 0, 2]])
    np.testing.assert_array_equal(t, [1, 0])
    x, t = load_csv(path, label_column=-1, header=True)
    np.testing.assert_array_equal(t, [1, 0])
    with pytest.raises(ValueError, match=r"five\.csv, line 2: column 1 \('a'\): label '1\.5' is"):
        load_csv(path)  # the label is column 0 unless told, and 1.5 is no class number


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("1.0,2.0,3.0,1,9", r"line 4: expected 4 fields, as the header has, found 5"),
        ("1.0,,3.0,1", r"line 4: column 2 \('mass_g'\) is empty"),
        ("1.0,heavy,3.0,1", r"line 4: column 2 \('mass_g'\) is 'heavy', not a number"),
        ("1.0,nan,3.0,1", r"line 4: column 2 \('mass_g'\) is 'nan', not a finite number"),
        ("1.0,2.0,-inf,1", r"line 4: column 3 \('width_mm'\) is '-inf', not a finite number"),
        ("1.0,2.0,3.0,-1", r"line 4: column 4 \('kind'\): label '-1' is not a class number"),
        ("1.0,2.0,3.0,1.5", r"line 4: column 4 \('kind'\): label '1\.5' is not a class number"),
        ("1.0,2.0,3.0,cat", r"line 4: column 4 \('kind'\) is 'cat', not a number"),
    ],
)
def test_table_malformed_line_names_line_and_column(tmp_path: Path, line: str, message: str):
    rows = ["length_cm,mass_g,width_mm,kind", "1.0,2.0,3.0,0", "2.5,3.5,4.5,1", line, "0,0,0,2"]
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(rows))
    with pytest.raises(ValueError, match=r"bad\.csv, " + message):
        load_csv(path, label_column="kind")


def test_table_without_header_names_the_column_by_number(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("1,2,0\n3,4,1\n5,x,1\n")
    with pytest.raises(ValueError, match=r"plain\.csv, line 3: column 2 is 'x', not a number"):
        load_csv(path, label_column=2)
    path.write_text("1,2,0\n3,4,1\n5,6\n")
    with pytest.raises(
        ValueError, match=r"line 3: expected 3 fields, as the first row has, found 2"
    ):
        load_csv(path, label_column=2)


@pytest.mark.parametrize(
    ("text", "options", "message"),
    [
        (
            "a,b\n1,0\n",
            {"label_column": "c"},
            r"label_column 'c' is not in the header \('a', 'b'\)",
        ),
        ("a,a\n1,0\n", {"label_column": "a"}, r"label_column 'a' appears more than once"),
        (
            "1,0\n2,1\n",
            {"label_column": "b"},
            r"label_column 'b' is a column name, but the file has no header",
        ),
        (
            "1,0\n2,1\n",
            {"label_column": 2},
            r"label_column 2 is not a column of the file's 2 \(0\.\.1",
        ),
        ("1,0\n2,1\n", {"label_column": -3}, r"label_column -3 is not a column"),
        ("x,y,kind\n", {"label_column": "kind"}, r"no data rows"),
    ],
)
def test_table_bad_label_column_or_shape(tmp_path: Path, text: str, options, message: str):
    path = tmp_path / "cols.csv"
    path.write_text(text)
    with pytest.raises(ValueError, match=r"cols\.csv: " + message):
        load_csv(path, **options)


def test_header_decided_from_the_first_line_or_forced(tmp_path: Path) -> None:
    path = tmp_path / "numbers.csv"
    path.write_text("10,20,1\n1,2,0\n3,4,1\n")  # a first line of numbers is data ...
    assert load_csv(path, label_column=-1)[0].shape == (3, 2)
    x, t = load_csv(path, label_column="1", header=True)  # ... unless header=True says not
    np.testing.assert_array_equal(x, [[1, 2], [3, 4]])
    np.testing.assert_array_equal(t, [0, 1])
    path.write_text("length,1,kind\n1,2,0\n")  # one name that is a number: say header=True
    with pytest.raises(ValueError, match=r"line 1: column 1 is 'length', not a number"):
        load_csv(path, label_column=-1)
    assert load_csv(path, label_column=-1, header=True)[0].tolist() == [[1.0, 2.0]]


@settings(max_examples=30, deadline=None)
@given(
    n=st.integers(2, 40),
    fraction=st.floats(0.05, 0.95),
    seed=st.integers(0, 2**16),
)
def test_split_is_a_seeded_partition(n: int, fraction: float, seed: int) -> None:
    x = np.arange(n * 2, dtype=float).reshape(n, 2)
    t = np.arange(n)
    n_val = round(n * fraction)
    if not 0 < n_val < n:
        with pytest.raises(ValueError, match="both need at least one"):
            train_val_split(x, t, fraction, rng=seed)
        return
    (x_tr, t_tr), (_, t_val) = train_val_split(x, t, fraction, rng=seed)
    assert len(t_val) == n_val and sorted([*t_tr, *t_val]) == list(range(n))  # a partition
    np.testing.assert_array_equal(x_tr[:, 0], 2 * t_tr)  # rows stay with their labels
    again = train_val_split(x, t, fraction, rng=np.random.default_rng(seed))
    np.testing.assert_array_equal(again[1][1], t_val)  # seed or Generator: the same split


def test_split_refuses_bad_arguments() -> None:
    x, t = np.zeros((10, 2)), np.zeros(10)
    with pytest.raises(ValueError, match="val_fraction must be in \\(0, 1\\), got 1"):
        train_val_split(x, t, 1)
    with pytest.raises(ValueError, match="10 inputs but 9 labels"):
        train_val_split(x, t[:9])


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(n=st.integers(2, 30), d=st.integers(1, 5), seed=st.integers(0, 2**16))
def test_standardizer_uses_the_statistics_it_was_fitted_on(
    tmp_path: Path, n: int, d: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    train = rng.normal(rng.normal(0, 100, d), rng.uniform(0.1, 50, d), size=(n, d))
    train[:, 0] = 7.0  # a constant feature is shifted, not divided by 0
    other = rng.normal(0, 1, size=(5, d))
    scale = Standardizer.fit(train)
    z = scale.transform(train)
    np.testing.assert_allclose(z.mean(axis=0), 0, atol=1e-9)
    np.testing.assert_allclose(z[:, 1:].std(axis=0), 1, rtol=1e-9)
    assert np.all(z[:, 0] == 0)
    # New data is moved by the training statistics, not by its own.
    np.testing.assert_allclose(scale.transform(other), (other - train.mean(0)) / scale.std)
    scale.save(tmp_path / "s.npz")
    loaded = Standardizer.load(tmp_path / "s.npz")
    np.testing.assert_array_equal(loaded.transform(other), scale.transform(other))
    with pytest.raises(ValueError, match=f"fitted on {d} features, got an array of shape"):
        scale.transform(np.zeros((3, d + 1)))
