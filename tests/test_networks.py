"""The Network base class and TwoLayerNet: parameters found by walking the layers."""

from __future__ import annotations

import numpy as np
import pytest

from scratch.gradient import check_gradients
from scratch.networks import TwoLayerNet


def small_net(seed: int = 0, dtype=np.float64) -> TwoLayerNet:
    return TwoLayerNet(6, 5, 4, weight_init_std=0.5, rng=seed, dtype=dtype)


def batch(seed: int = 1, n: int = 7):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, 6)), rng.integers(0, 4, n)


def test_params_are_named_like_the_book_and_are_the_layers_arrays() -> None:
    net = small_net()
    assert list(net.params) == ["W1", "b1", "W2", "b2"]
    assert net.params["W1"] is net.layers["Affine1"].W
    assert net.params["b2"] is net.layers["Affine2"].b


def test_in_place_update_through_params_is_seen_by_the_layers() -> None:
    net = small_net()
    x, t = batch()
    loss_before = net.loss(x, t)
    grads = net.gradient(x, t)
    for key in net.params:
        net.params[key] -= 0.1 * grads[key]  # the book's SGD.update
    assert net.loss(x, t) < loss_before


def test_assigning_a_param_replaces_the_layer_array_and_checks_shape() -> None:
    net = small_net()
    net.params["W2"] = np.zeros((5, 4))
    assert np.all(net.layers["Affine2"].W == 0)
    with pytest.raises(ValueError, match=r"W2.*\(5, 4\)"):
        net.params["W2"] = np.zeros((4, 5))


def test_same_seed_same_network_and_different_seed_differs() -> None:
    a, b, c = small_net(3), small_net(3), small_net(4)
    assert all(np.array_equal(a.params[k], b.params[k]) for k in a.params)
    assert not np.array_equal(a.params["W1"], c.params["W1"])


@pytest.mark.parametrize("seed", range(3))
def test_backprop_matches_numerical_gradient(seed: int) -> None:
    net = small_net(seed)
    x, t = batch(seed + 10)
    report = check_gradients(net.numerical_gradient(x, t), net.gradient(x, t), tolerance=1e-6)
    assert report.ok, str(report)


def test_gradient_check_reports_a_wrong_gradient() -> None:
    net = small_net()
    x, t = batch()
    wrong = {
        k: g.T.copy() if g.ndim == 2 and g.shape[0] == g.shape[1] else g * 2
        for k, g in net.gradient(x, t).items()
    }
    report = check_gradients(net.numerical_gradient(x, t), wrong)
    assert not report.ok and "FAILED" in str(report)


def test_accuracy_accepts_labels_and_one_hot_and_batches() -> None:
    net = small_net()
    x, t = batch(n=23)
    one_hot = np.eye(4)[t]
    assert net.accuracy(x, t) == net.accuracy(x, one_hot) == net.accuracy(x, t, batch_size=5)


def test_float32_network_stays_float32() -> None:
    net = small_net(dtype=np.float32)
    x, t = batch()
    x = x.astype(np.float32)
    assert net.predict(x).dtype == np.float32
    assert all(g.dtype == np.float32 for g in net.gradient(x, t).values())


def test_wrong_input_width_names_layer_and_shapes() -> None:
    net = small_net()
    with pytest.raises(ValueError, match=r"Affine.*\(2, 7\).*\(6, 5\)"):
        net.predict(np.zeros((2, 7)))
