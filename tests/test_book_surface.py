"""The book's surface where its own scripts lean on it: numbers in optimizer dicts, the
global random generator, and the book's Trainer schedule."""

# ruff: noqa: NPY002 -- the legacy global generator is exactly what these tests are about.

from __future__ import annotations

import numpy as np
import pytest

from scratch.layers import Dropout
from scratch.networks import DeepConvNet, MultiLayerNet, SimpleConvNet, TwoLayerNet
from scratch.optimizers import OPTIMIZERS, get_optimizer
from scratch.trainer import BookTrainer, Trainer


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_optimizers_move_parameters_held_as_plain_numbers(name: str) -> None:
    numbers = {"x": -7.0, "y": 2.0}  # the book's optimizer_compare_naive.py keeps floats
    arrays = {"x": np.array(-7.0), "y": np.array(2.0)}
    by_numbers, by_arrays = get_optimizer(name, lr=0.1), get_optimizer(name, lr=0.1)
    for _ in range(3):
        by_numbers.update(numbers, {"x": numbers["x"] / 10, "y": 2 * numbers["y"]})
        by_arrays.update(arrays, {"x": arrays["x"] / 10, "y": 2 * arrays["y"]})
    assert type(numbers["x"]) is float and numbers["x"] != -7.0
    assert numbers == {"x": float(arrays["x"]), "y": float(arrays["y"])}


@pytest.mark.parametrize(
    "make",
    [
        lambda: TwoLayerNet(20, 5, 3),
        lambda: MultiLayerNet(20, [6, 6], 3, use_dropout=True, use_batchnorm=True),
        lambda: SimpleConvNet((1, 8, 8), {"filter_num": 2, "filter_size": 3}, 4, 3),
        lambda: DeepConvNet(),
    ],
    ids=["TwoLayerNet", "MultiLayerNet", "SimpleConvNet", "DeepConvNet"],
)
def test_without_rng_numpys_global_seed_reproduces_a_network(make) -> None:
    np.random.seed(0)
    first = {k: v.copy() for k, v in make().params.items()}
    np.random.seed(0)
    again = make().params
    assert all(np.array_equal(first[k], again[k]) for k in first)


def test_without_rng_weights_are_the_books_draws() -> None:
    # The book's TwoLayerNet: W1 = 0.01 * randn(in, hidden), then W2 = 0.01 * randn(hidden, out).
    np.random.seed(3)
    w1, w2 = 0.01 * np.random.randn(4, 5), 0.01 * np.random.randn(5, 2)
    np.random.seed(3)
    net = TwoLayerNet(4, 5, 2)
    assert np.array_equal(net.params["W1"], w1) and np.array_equal(net.params["W2"], w2)


def test_dropout_without_rng_draws_the_books_mask() -> None:
    x = np.ones((3, 4))
    np.random.seed(1)
    expected = x * (np.random.rand(3, 4) > 0.5)
    np.random.seed(1)
    assert np.array_equal(Dropout(0.5).forward(x, train_flg=True), expected)


def _blobs(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 3, size=n)
    return np.eye(3, 10)[labels] * 3 + 0.3 * rng.standard_normal((n, 10)), labels


def test_trainer_without_rng_follows_numpys_global_seed() -> None:
    (x, t), (xt, tt) = _blobs(60, 0), _blobs(30, 1)

    def run() -> list[float]:
        np.random.seed(5)
        net = TwoLayerNet(10, 4, 3)
        trainer = Trainer(net, x, t, xt, tt, epochs=2, mini_batch_size=20, verbose=False)
        return trainer.train().train_loss_list

    assert run() == run()


def test_book_trainer_keeps_the_books_schedule_and_lines(capsys) -> None:
    (x, t), (xt, tt) = _blobs(60, 0), _blobs(30, 1)
    net = TwoLayerNet(10, 4, 3, rng=0)
    trainer = BookTrainer(net, x, t, xt, tt, epochs=2, mini_batch_size=20, rng=0)
    trainer.train()
    out = capsys.readouterr().out.splitlines()
    assert trainer.max_iter == 6 and len(trainer.train_loss_list) == 6
    assert len(trainer.train_acc_list) == len(trainer.test_acc_list) == 2  # after steps 1 and 4
    assert sum(line.startswith("train loss:") for line in out) == 6
    first_epoch = next(line for line in out if line.startswith("==="))
    assert first_epoch.startswith("=== epoch:1, train acc:")
    assert out[-2:] == ["=============== Final Test Accuracy ===============",
                        f"test acc:{net.accuracy(xt, tt)}"]  # fmt: skip


def test_book_trainer_records_the_loss_after_the_update() -> None:
    (x, t), (xt, tt) = _blobs(60, 0), _blobs(30, 1)
    trainer = BookTrainer(TwoLayerNet(10, 4, 3, rng=0), x, t, xt, tt, epochs=1,
                          mini_batch_size=20, verbose=False, rng=0)  # fmt: skip
    trainer.train()
    # The same first step by hand: the book draws with replacement, then updates.
    idx = np.random.default_rng(0).choice(60, 20)
    net = TwoLayerNet(10, 4, 3, rng=0)
    get_optimizer("sgd").update(net.params, net.gradient(x[idx], t[idx]))
    assert trainer.train_loss_list[0] == net.loss(x[idx], t[idx])


def test_labels_as_a_column_are_accepted_like_the_book() -> None:
    from scratch.functions import cross_entropy_error
    from scratch.layers import SoftmaxWithLoss

    x = np.array([[0.3, 2.0, -1.0], [1.0, 0.0, 0.5]])
    column, flat = np.array([[1], [2]]), np.array([1, 2])
    assert SoftmaxWithLoss().forward(x, column) == SoftmaxWithLoss().forward(x, flat)
    y = np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)
    assert cross_entropy_error(y, column) == cross_entropy_error(y, flat)


def test_convolution_takes_one_bias_for_every_filter() -> None:
    from scratch.layers import Convolution

    w = np.random.default_rng(0).standard_normal((3, 1, 2, 2))
    x = np.random.default_rng(1).standard_normal((1, 1, 4, 4))
    scalar, vector = Convolution(w, 0.5), Convolution(w, np.full(3, 0.5))
    assert np.array_equal(scalar.forward(x), vector.forward(x))
    assert scalar.b.shape == (3,) and scalar.b.dtype == w.dtype


def test_smooth_curve_keeps_length_and_flattens_noise() -> None:
    from scratch.util import smooth_curve

    x = np.sin(np.linspace(0, 3, 300)) + 0.3 * np.random.default_rng(0).standard_normal(300)
    y = smooth_curve(x)
    assert y.shape == x.shape
    assert np.std(np.diff(y)) < 0.3 * np.std(np.diff(x))
    np.testing.assert_allclose(smooth_curve(np.full(20, 4.0)), 4.0)  # weights sum to 1
    with pytest.raises(ValueError, match="smooth_curve"):
        smooth_curve([1.0, 2.0])


def test_shuffle_dataset_keeps_pairs_together() -> None:
    from scratch.util import shuffle_dataset

    x, t = np.arange(20).reshape(10, 2), np.arange(10)
    xs, ts = shuffle_dataset(x, t, rng=0)
    assert sorted(ts) == list(range(10)) and not np.array_equal(ts, t)
    assert np.array_equal(xs[:, 0] // 2, ts)


def test_load_mnist_hands_back_a_missing_split_that_fails_clearly_on_use(
    tmp_path, monkeypatch
) -> None:
    from scratch.datasets import DatasetNotFoundError, available, load_mnist
    from scratch.datasets.fetch import locate
    from scratch.datasets.sources import SPLITS, collection

    if not available("mnist", "test"):
        pytest.skip("needs the MNIST test set: run `scratch data fetch mnist`")
    # A directory holding the real test split only, no cache, no download.
    for name in SPLITS["test"]:
        (tmp_path / name).symlink_to(locate(collection("mnist"), name).path)
    monkeypatch.delenv("SCRATCH_DATA", raising=False)
    monkeypatch.setenv("SCRATCH_OFFLINE", "1")
    monkeypatch.setenv("SCRATCH_CACHE", str(tmp_path / "cache"))
    if available("mnist", "train", data_dir=tmp_path):
        pytest.skip("the MNIST training set is installed system-wide: nothing is missing")
    (x_train, t_train), (x_test, t_test) = load_mnist(data_dir=tmp_path)
    assert x_test.shape == (10000, 784) and t_test.shape == (10000,)
    for use in (lambda: x_train.shape, lambda: x_train[:5], lambda: np.asarray(t_train)):
        with pytest.raises(DatasetNotFoundError, match="train-images"):
            use()


def test_a_star_import_of_the_books_modules_brings_np(tmp_path, capsys) -> None:
    from scratch.book import run

    # ch06/optimizer_compare_mnist.py calls np.random.choice having imported only
    # `from common.optimizer import *`: every book module imports numpy as np.
    script = tmp_path / "star.py"
    script.write_text("from common.optimizer import *\nprint(np.arange(3).sum(), SGD().lr)\n")
    run(script)
    assert capsys.readouterr().out == "3 0.01\n"


def test_book_trainer_draws_whole_batches_from_a_smaller_training_set() -> None:
    # ch06/hyperparameter_optimization.py on 80 samples: the book still draws 100 (with
    # replacement) per step and evaluates after every step, iter_per_epoch = max(0.8, 1).
    (x, t), (xt, tt) = _blobs(80, 0), _blobs(30, 1)
    net = TwoLayerNet(10, 4, 3, rng=0)
    trainer = BookTrainer(net, x, t, xt, tt, epochs=3, mini_batch_size=100, verbose=False)
    np.random.seed(2)
    trainer.train()
    np.random.seed(2)
    first = np.random.choice(80, 100)
    assert trainer.batch_size == 100 and trainer.max_iter == 3
    assert len(trainer.train_loss_list) == len(trainer.train_acc_list) == 3
    again = TwoLayerNet(10, 4, 3, rng=0)
    get_optimizer("sgd").update(again.params, again.gradient(x[first], t[first]))
    assert trainer.train_loss_list[0] == again.loss(x[first], t[first])
