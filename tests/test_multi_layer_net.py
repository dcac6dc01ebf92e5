"""MultiLayerNet: layer order, parameter names, initialisation, and gradient checks."""

from __future__ import annotations

import math

import numpy as np
import pytest

from scratch.gradient import relative_error
from scratch.networks import MultiLayerNet

RNG = np.random.default_rng(0)
X = RNG.standard_normal((6, 5))
T = np.array([0, 1, 2, 0, 1, 2])


def check_gradient(net: MultiLayerNet, tolerance: float = 1e-6) -> None:
    backprop = net.gradient(X, T)
    numerical = net.numerical_gradient(X, T)
    assert backprop.keys() == numerical.keys()
    for key in backprop:
        err = relative_error(numerical[key], backprop[key])
        # A bias just before batch norm has a true gradient of 0: compare absolutely there.
        tiny = float(np.max(np.abs(numerical[key] - backprop[key]))) < 1e-9
        assert err < tolerance or tiny, f"{key}: relative error {err:.2e}"


def test_layers_in_the_books_order() -> None:
    net = MultiLayerNet(5, [4, 4], 3, use_batchnorm=True, use_dropout=True, rng=0)
    assert list(net.layers) == [
        "Affine1", "BatchNorm1", "Activation_function1", "Dropout1",
        "Affine2", "BatchNorm2", "Activation_function2", "Dropout2",
        "Affine3",
    ]  # fmt: skip
    assert list(net.params) == [
        "W1",
        "b1",
        "gamma1",
        "beta1",
        "W2",
        "b2",
        "gamma2",
        "beta2",
        "W3",
        "b3",
    ]


@pytest.mark.parametrize(
    ("init", "expected"),
    [("relu", math.sqrt(2 / 400)), ("He", math.sqrt(2 / 400)), ("xavier", math.sqrt(1 / 400)),
     ("sigmoid", math.sqrt(1 / 400)), (0.01, 0.01)],
)  # fmt: skip
def test_initial_weight_scale(init, expected: float) -> None:
    net = MultiLayerNet(400, [300], 10, weight_init_std=init, rng=0)
    assert net.params["W1"].std() == pytest.approx(expected, rel=0.02)
    assert np.all(net.params["b1"] == 0)


@pytest.mark.parametrize("activation", ["relu", "sigmoid"])
@pytest.mark.parametrize("use_batchnorm", [False, True])
@pytest.mark.parametrize("weight_decay_lambda", [0.0, 0.1])
def test_gradient_check(activation: str, use_batchnorm: bool, weight_decay_lambda: float) -> None:
    net = MultiLayerNet(
        5, [4, 3], 3, activation=activation, weight_init_std=0.5,
        weight_decay_lambda=weight_decay_lambda, use_batchnorm=use_batchnorm, rng=1,
    )  # fmt: skip
    check_gradient(net)


def test_weight_decay_adds_to_loss_and_gradient() -> None:
    plain = MultiLayerNet(5, [4], 3, rng=2)
    decayed = MultiLayerNet(5, [4], 3, weight_decay_lambda=0.3, rng=2)
    squares = sum(float(np.sum(plain.params[k] ** 2)) for k in ("W1", "W2"))
    assert decayed.loss(X, T) == pytest.approx(plain.loss(X, T) + 0.15 * squares)
    g0, g1 = plain.gradient(X, T), decayed.gradient(X, T)
    np.testing.assert_allclose(g1["W1"], g0["W1"] + 0.3 * plain.params["W1"])
    np.testing.assert_allclose(g1["b1"], g0["b1"])


def test_dropout_only_in_training_and_seeded() -> None:
    a = MultiLayerNet(5, [50], 3, use_dropout=True, dropout_ration=0.5, rng=3)
    b = MultiLayerNet(5, [50], 3, use_dropout=True, dropout_ration=0.5, rng=3)
    np.testing.assert_array_equal(a.predict(X, train_flg=True), b.predict(X, train_flg=True))
    np.testing.assert_array_equal(a.predict(X), a.predict(X))  # test time: deterministic
    assert not np.array_equal(a.predict(X, train_flg=True), a.predict(X, train_flg=True))


def test_float32_network_stays_float32() -> None:
    net = MultiLayerNet(5, [4], 3, use_batchnorm=True, rng=0, dtype=np.float32)
    grads = net.gradient(X.astype(np.float32), T)
    assert all(g.dtype == np.float32 for g in grads.values())


def test_bad_options_are_clear_errors() -> None:
    with pytest.raises(ValueError, match="activation"):
        MultiLayerNet(5, [4], 3, activation="tanh")
    with pytest.raises(ValueError, match="weight_init_std"):
        MultiLayerNet(5, [4], 3, weight_init_std="lecun")


def test_bias_before_batchnorm_gets_no_gradient() -> None:
    # Batch norm subtracts the batch mean, so shifting every sample by b1 changes nothing.
    net = MultiLayerNet(5, [4], 3, use_batchnorm=True, weight_init_std=0.5, rng=1)
    grads = net.gradient(X, T)
    assert np.max(np.abs(grads["b1"])) < 1e-12
    assert np.max(np.abs(grads["W1"])) > 1e-3
