"""SimpleConvNet and DeepConvNet: the book's architectures, weights and accuracies."""

from __future__ import annotations

import numpy as np
import pytest

from scratch.datasets import DatasetNotFoundError
from scratch.gradient import check_gradients
from scratch.layers import Convolution, Dropout, Pooling
from scratch.networks import DeepConvNet, SimpleConvNet
from tests.data_needs import needs_mnist_test

BOOK = {"simple_convnet": (SimpleConvNet, 0.989), "deep_convnet": (DeepConvNet, 0.9935)}


def book_params(name: str) -> dict[str, np.ndarray]:
    from scratch.weights import load_book_params

    try:
        return load_book_params(name)
    except DatasetNotFoundError as err:  # offline without the file: nothing to compare against
        pytest.skip(f"runs when the book's weight files are on your machine: {err.how_to_get}")


@pytest.mark.parametrize("name", BOOK)
def test_parameter_names_and_shapes_match_the_books_files(name: str) -> None:
    cls, _ = BOOK[name]
    params = book_params(name)
    network = cls(rng=0)
    assert {k: v.shape for k, v in network.params.items()} == {
        k: v.shape for k, v in params.items()
    }


def test_simple_convnet_layers_and_shapes() -> None:
    net = SimpleConvNet(rng=0)
    assert list(net.layers) == ["Conv1", "Relu1", "Pool1", "Affine1", "Relu2", "Affine2"]
    assert net.params["W1"].shape == (30, 1, 5, 5)
    assert net.params["W2"].shape == (30 * 12 * 12, 100)
    assert net.predict(np.zeros((2, 1, 28, 28))).shape == (2, 10)


def test_deep_convnet_follows_the_books_architecture() -> None:
    net = DeepConvNet(rng=0)
    convs = [layer for layer in net.layers.values() if isinstance(layer, Convolution)]
    assert [c.W.shape[0] for c in convs] == [16, 16, 32, 32, 64, 64]
    assert [c.pad for c in convs] == [1, 1, 1, 2, 1, 1]
    names = list(net.layers)
    assert [n for n in names if n.startswith("Pool")] == ["Pool1", "Pool2", "Pool3"]
    assert names.index("Pool1") == names.index("Relu2") + 1
    assert names[-5:] == ["Affine1", "Relu7", "Dropout1", "Affine2", "Dropout2"]
    assert all(isinstance(net.layers[n], Dropout) for n in ("Dropout1", "Dropout2"))
    assert sum(isinstance(layer, Pooling) for layer in net.layers.values()) == 3


def test_deep_convnet_uses_he_initialisation() -> None:
    net = DeepConvNet(rng=0)
    # std sqrt(2 / fan_in): fan_in 16*3*3 for W3, 64*4*4 for W7.
    assert np.std(net.params["W3"]) == pytest.approx(np.sqrt(2 / 144), rel=0.05)
    assert np.std(net.params["W7"]) == pytest.approx(np.sqrt(2 / 1024), rel=0.05)


def test_same_seed_same_network() -> None:
    a, b = SimpleConvNet(rng=3), SimpleConvNet(rng=3)
    for key in a.params:
        np.testing.assert_array_equal(a.params[key], b.params[key])


@pytest.mark.parametrize("cls", [SimpleConvNet, DeepConvNet], ids=lambda c: c.__name__)
def test_float32_network_stays_float32(cls) -> None:
    net = cls(rng=0, dtype=np.float32)
    x = np.random.default_rng(0).random((2, 1, 28, 28), dtype=np.float32)
    assert net.predict(x).dtype == np.float32
    grads = net.gradient(x, np.array([1, 2]))
    assert {g.dtype for g in grads.values()} == {np.dtype(np.float32)}


def test_small_simple_convnet_gradient_check() -> None:
    # Odd sizes, padding and stride 2 so every code path of Conv and Pool is exercised.
    net = SimpleConvNet(
        input_dim=(2, 9, 9),
        conv_param={"filter_num": 3, "filter_size": 3, "pad": 1, "stride": 2},
        hidden_size=6,
        output_size=4,
        weight_init_std=0.3,
        rng=1,
    )
    rng = np.random.default_rng(2)
    x, t = rng.standard_normal((3, 2, 9, 9)), rng.integers(0, 4, 3)
    check = check_gradients(net.numerical_gradient(x, t), net.gradient(x, t), tolerance=1e-6)
    assert check.ok, str(check)


def test_an_optimizer_step_reaches_the_layers() -> None:
    net = SimpleConvNet(rng=0)
    x = np.random.default_rng(1).random((4, 1, 28, 28))
    grads = net.gradient(x, np.array([0, 1, 2, 3]))
    for key in net.params:
        net.params[key] -= 0.1 * grads[key]
    np.testing.assert_array_equal(net.layers["Conv1"].W, net.params["W1"])


@needs_mnist_test
@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=lambda d: d.__name__)
@pytest.mark.parametrize("name", BOOK)
def test_books_weights_reach_the_books_accuracy_exactly(name: str, dtype) -> None:
    from scratch.datasets import mnist

    cls, expected = BOOK[name]
    network = cls(dtype=dtype)
    network.load_params(book_params(name))
    x, t = mnist("test", flatten=False)
    assert network.accuracy(x.astype(dtype), t) == expected


def test_layer_shapes_of_deep_convnet() -> None:
    from scratch.networks import DeepConvNet
    from site_tools.figures.ch08 import layer_shapes

    shapes = dict(layer_shapes(DeepConvNet(rng=0)))
    assert shapes["Pool1"] == (1, 16, 14, 14)
    assert shapes["Conv4"] == (1, 32, 16, 16)  # pad 2 grows 14 to 16
    assert shapes["Pool3"] == (1, 64, 4, 4)
    assert shapes["Affine2"] == (1, 10)
    assert len(shapes) == 20
