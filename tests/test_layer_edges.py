"""Edge values that random test inputs avoid, found by mutation testing: one-character
changes of the layers (``<`` for ``<=``, a dropped scale factor) that every other test
still passed."""

from __future__ import annotations

import numpy as np
import pytest

from scratch.layers import BatchNormalization, Dropout, Relu
from scratch.layers.batchnorm import EPS


def test_relu_blocks_the_gradient_exactly_at_zero() -> None:
    # ReLU's derivative at the kink is 0, as the book's mask (x <= 0) makes it. Images have
    # many exact zeros (MNIST's borders), so this changes SimpleConvNet's gradients.
    relu = Relu()
    out = relu.forward(np.array([[-1.0, 0.0, -0.0, 1e-300, 2.0]]))
    np.testing.assert_array_equal(out, [[0.0, 0.0, 0.0, 1e-300, 2.0]])
    np.testing.assert_array_equal(relu.mask, [[True, True, True, False, False]])
    np.testing.assert_array_equal(relu.backward(np.full((1, 5), 3.0)), [[0, 0, 0, 3, 3]])


def test_relu_lets_nan_through_as_the_book_does() -> None:
    relu = Relu()
    relu.forward(np.array([np.nan, -1.0]))
    np.testing.assert_array_equal(relu.backward(np.ones(2)), [1.0, 0.0])


@pytest.mark.parametrize("ratio", [0.0, 0.25, 0.5, 0.9])
def test_dropout_scales_by_the_keep_probability_at_test_time(ratio: float) -> None:
    x = np.arange(1.0, 7.0).reshape(2, 3)
    layer = Dropout(ratio, rng=0)
    np.testing.assert_allclose(layer.forward(x, train_flg=False), x * (1 - ratio), rtol=1e-15)
    assert Dropout(ratio).forward(x, train_flg=False).dtype == x.dtype


def test_dropout_in_training_keeps_neurons_above_the_ratio() -> None:
    layer = Dropout(0.3, rng=np.random.default_rng(1))
    out = layer.forward(np.ones((200, 100)), train_flg=True)
    kept = float(np.mean(out))
    assert set(np.unique(out)) == {0.0, 1.0}  # no scaling while training (the book's form)
    assert 0.68 < kept < 0.72
    draws = np.random.default_rng(1).random((200, 100))
    np.testing.assert_array_equal(layer.mask, draws > 0.3)
    np.testing.assert_array_equal(layer.backward(np.full((200, 100), 2.0)), 2.0 * layer.mask)
    assert Dropout(0.0, rng=0).forward(np.ones((3, 3))).min() == 1.0  # ratio 0 keeps all


def test_dropout_default_is_training_mode_like_the_books() -> None:
    out = Dropout(0.5, rng=0).forward(np.ones((50, 50)))
    assert 0 < float(np.mean(out)) < 1 and set(np.unique(out)) == {0.0, 1.0}


def test_batchnorm_test_mode_uses_the_running_averages() -> None:
    gamma, beta = np.array([2.0, 0.5]), np.array([1.0, -1.0])
    bn = BatchNormalization(gamma, beta, momentum=0.8)
    x = np.array([[1.0, 10.0], [3.0, 14.0], [5.0, 6.0]])
    bn.forward(x, train_flg=True)
    np.testing.assert_allclose(bn.running_mean, 0.2 * x.mean(axis=0))
    np.testing.assert_allclose(bn.running_var, 0.2 * x.var(axis=0))
    y = bn.forward(x, train_flg=False)
    expected = gamma * (x - bn.running_mean) / np.sqrt(bn.running_var + EPS) + beta
    np.testing.assert_allclose(y, expected, rtol=1e-12)
    assert EPS == 1e-6
