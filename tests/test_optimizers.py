"""Optimizers against update rules unrolled by hand, not against themselves."""

from __future__ import annotations

import math

import numpy as np
import pytest

from scratch.networks import MultiLayerNet
from scratch.optimizers import (
    EPS,
    OPTIMIZERS,
    SGD,
    AdaGrad,
    Adam,
    Momentum,
    Nesterov,
    RMSprop,
    get_optimizer,
)

G = np.array([0.5, -2.0, 3.0])  # a constant gradient: every rule has a closed form then
P0 = np.array([1.0, 2.0, -1.0])
STEPS = 5


def run_constant(opt, steps: int = STEPS) -> np.ndarray:
    params = {"W": P0.copy()}
    for _ in range(steps):
        opt.update(params, {"W": G})
    return params["W"]


def test_book_defaults() -> None:
    assert SGD().lr == 0.01
    assert (Momentum().lr, Momentum().momentum) == (0.01, 0.9)
    assert (Nesterov().lr, Nesterov().momentum) == (0.01, 0.9)
    assert AdaGrad().lr == 0.01
    assert (RMSprop().lr, RMSprop().decay_rate) == (0.01, 0.99)
    assert (Adam().lr, Adam().beta1, Adam().beta2) == (0.001, 0.9, 0.999)


def test_sgd_closed_form() -> None:
    np.testing.assert_allclose(run_constant(SGD(lr=0.1)), P0 - STEPS * 0.1 * G)


def test_momentum_closed_form() -> None:
    # v_k = -lr g (1 - m^k) / (1 - m); W_n = W_0 + sum_k v_k
    lr, m = 0.1, 0.9
    total = sum((1 - m**k) / (1 - m) for k in range(1, STEPS + 1))
    np.testing.assert_allclose(run_constant(Momentum(lr, m)), P0 - lr * G * total)


def test_adagrad_closed_form() -> None:
    # h_k = k g^2, so the k-th step is lr g / (sqrt(k) |g| + eps)
    lr = 0.1
    steps = sum(lr * G / (math.sqrt(k) * np.abs(G) + EPS) for k in range(1, STEPS + 1))
    np.testing.assert_allclose(run_constant(AdaGrad(lr)), P0 - steps)


def test_rmsprop_closed_form() -> None:
    # h_k = (1 - d^k) g^2
    lr, d = 0.1, 0.99
    steps = sum(lr * G / (math.sqrt(1 - d**k) * np.abs(G) + EPS) for k in range(1, STEPS + 1))
    np.testing.assert_allclose(run_constant(RMSprop(lr, d)), P0 - steps)


def test_adam_closed_form() -> None:
    # m_k = (1 - b1^k) g and v_k = (1 - b2^k) g^2: after bias correction each step is
    # lr * g / (|g| + eps / sqrt(1 - b2^k)), i.e. almost exactly lr in the sign of g.
    lr, b1, b2 = 0.01, 0.9, 0.999
    steps = sum(lr * G / (np.abs(G) + EPS / math.sqrt(1 - b2**k)) for k in range(1, STEPS + 1))
    np.testing.assert_allclose(run_constant(Adam(lr, b1, b2)), P0 - steps)
    np.testing.assert_allclose(run_constant(Adam(lr)), P0 - STEPS * lr * np.sign(G), rtol=1e-5)


def test_adam_varying_gradient_hand_unrolled() -> None:
    lr, b1, b2 = 0.1, 0.9, 0.999
    g1, g2 = 2.0, -1.0
    m1, v1 = 0.1 * g1, 0.001 * g1**2
    m2, v2 = m1 + 0.1 * (g2 - m1), v1 + 0.001 * (g2**2 - v1)
    w = 3.0
    w -= lr * math.sqrt(1 - b2) / (1 - b1) * m1 / (math.sqrt(v1) + EPS)
    w -= lr * math.sqrt(1 - b2**2) / (1 - b1**2) * m2 / (math.sqrt(v2) + EPS)
    params = {"w": np.array([3.0])}
    opt = Adam(lr, b1, b2)
    for g in (g1, g2):
        opt.update(params, {"w": np.array([g])})
    assert params["w"][0] == pytest.approx(w, rel=1e-12)


def test_nesterov_is_the_look_ahead_method() -> None:
    # Classic NAG evaluates the gradient at theta + m v. Run it on f = sum(a * x^2 / 2)
    # and compare with our form, which stores W = theta + m v and needs only grad f(W).
    a = np.array([0.05, 1.0, 3.0])
    lr, m = 0.1, 0.9
    theta, v = P0.copy(), np.zeros(3)
    params = {"W": P0.copy()}  # W = theta + m v holds at the start (v = 0)
    opt = Nesterov(lr, m)
    for _ in range(20):
        v = m * v - lr * a * (theta + m * v)
        theta = theta + v
        opt.update(params, {"W": a * params["W"]})
        np.testing.assert_allclose(params["W"], theta + m * v, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_updates_in_place_through_a_network(name: str) -> None:
    net = MultiLayerNet(4, [5], 3, rng=0)
    layer_W = net.layers["Affine1"].W
    before = layer_W.copy()
    x, t = np.random.default_rng(1).standard_normal((6, 4)), np.array([0, 1, 2, 0, 1, 2])
    get_optimizer(name, lr=0.1).update(net.params, net.gradient(x, t))
    assert net.layers["Affine1"].W is layer_W, "the layer's array was replaced, not updated"
    assert not np.array_equal(layer_W, before)


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_float32_stays_float32(name: str) -> None:
    params = {"W": P0.astype(np.float32)}
    opt = get_optimizer(name)
    for _ in range(3):
        opt.update(params, {"W": G.astype(np.float32)})
    assert params["W"].dtype == np.float32
    for state in vars(opt).values():
        if isinstance(state, dict):
            assert all(s.dtype == np.float32 for s in state.values())


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_every_optimizer_descends_a_quadratic(name: str) -> None:
    params = {"x": np.array([-7.0, 2.0])}
    opt = get_optimizer(name, lr=0.1)
    for _ in range(200):
        x, y = params["x"]
        opt.update(params, {"x": np.array([x / 10.0, 2.0 * y])})
    x, y = params["x"]
    assert x**2 / 20 + y**2 < 6.45 / 4  # f(-7, 2) = 6.45


def test_unknown_optimizer_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="adam"):
        get_optimizer("adamw")
