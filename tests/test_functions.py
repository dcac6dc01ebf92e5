"""Unit and property tests of scratch.functions and scratch.gradient (chapters 3 and 4)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from scratch.functions import (
    cross_entropy_error,
    cross_entropy_from_logits,
    identity_function,
    mean_squared_error,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    softmax,
    step_function,
)
from scratch.gradient import gradient_descent, numerical_diff, numerical_gradient

RNG = np.random.default_rng(0)


@pytest.fixture(autouse=True)
def warnings_are_errors():
    # An overflow or invalid-value RuntimeWarning is a bug in these functions.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# -- activations ----------------------------------------------------------------------


def test_step_relu_identity_values() -> None:
    x = np.array([-2.0, 0.0, 3.0])
    assert step_function(x).tolist() == [0, 0, 1]
    assert relu(x).tolist() == [0.0, 0.0, 3.0]
    assert identity_function(x) is x


@pytest.mark.parametrize("x", [-1000.0, -50.0, -1.0, 0.0, 1.0, 50.0, 1000.0])
def test_sigmoid_matches_definition_and_is_stable(x: float) -> None:
    y = float(sigmoid(np.array(x)))
    with np.errstate(over="ignore"):
        expected = 1.0 / (1.0 + np.exp(-x))  # the book's formula, overflow tolerated
    assert y == pytest.approx(expected, rel=1e-12, abs=1e-300)
    assert 0.0 <= y <= 1.0


def test_sigmoid_symmetry_and_shape() -> None:
    x = RNG.standard_normal((4, 5)) * 30
    assert sigmoid(x).shape == (4, 5)
    np.testing.assert_allclose(sigmoid(x) + sigmoid(-x), 1.0, rtol=1e-12)


# -- softmax --------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(10,), (3, 10), (2, 3, 4)])
def test_softmax_sums_to_one_on_last_axis(shape: tuple[int, ...]) -> None:
    y = softmax(RNG.standard_normal(shape) * 5)
    assert np.all(y > 0)
    np.testing.assert_allclose(y.sum(axis=-1), 1.0, rtol=1e-12)


@pytest.mark.parametrize("c", [-1000.0, -3.5, 0.0, 7.0, 1e4])
def test_softmax_is_shift_invariant(c: float) -> None:
    x = RNG.standard_normal((3, 6))
    np.testing.assert_allclose(softmax(x + c), softmax(x), rtol=1e-9, atol=1e-15)


def test_softmax_shift_is_per_row() -> None:
    x = RNG.standard_normal((3, 6))
    c = np.array([[1e3], [-5.0], [300.0]])  # a different constant for each sample
    np.testing.assert_allclose(softmax(x + c), softmax(x), rtol=1e-9, atol=1e-15)


def test_softmax_is_stable_for_large_inputs() -> None:
    x = np.array([1010.0, 1000.0, 990.0])
    y = softmax(x)
    assert np.all(np.isfinite(y))
    expected = np.exp([0.0, -10.0, -20.0]) / np.exp([0.0, -10.0, -20.0]).sum()
    np.testing.assert_allclose(y, expected, rtol=1e-12)
    wide = softmax(np.array([[-700.0, 0.0, 700.0], [800.0, 800.0, -800.0]]))
    np.testing.assert_allclose(wide, [[0.0, 0.0, 1.0], [0.5, 0.5, 0.0]], atol=1e-300)


def test_softmax_keeps_order() -> None:
    x = RNG.standard_normal((5, 7))
    assert np.array_equal(softmax(x).argmax(axis=1), x.argmax(axis=1))


# -- losses ---------------------------------------------------------------------------

T = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
Y_GOOD = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
Y_BAD = np.array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])


def test_mean_squared_error_is_half_the_sum() -> None:
    assert mean_squared_error(Y_GOOD, T) == pytest.approx(0.0975)
    assert mean_squared_error(Y_BAD, T) == pytest.approx(0.5975)
    y, t = RNG.random((4, 3)), RNG.random((4, 3))
    assert mean_squared_error(y, t) == pytest.approx(0.5 * np.sum((y - t) ** 2))


def test_cross_entropy_single_sample_one_hot_and_label() -> None:
    assert cross_entropy_error(Y_GOOD, T) == pytest.approx(-np.log(0.6 + 1e-7))
    assert cross_entropy_error(Y_GOOD, np.array(2)) == cross_entropy_error(Y_GOOD, T)
    assert cross_entropy_error(Y_BAD, T) == pytest.approx(-np.log(0.1 + 1e-7))


def test_cross_entropy_batch_is_mean_of_single_samples() -> None:
    y = softmax(RNG.standard_normal((8, 10)))
    labels = RNG.integers(0, 10, size=8)
    one_hot = np.eye(10)[labels]
    singles = [cross_entropy_error(y[i], one_hot[i]) for i in range(8)]
    assert cross_entropy_error(y, one_hot) == pytest.approx(np.mean(singles), rel=1e-12)
    assert cross_entropy_error(y, labels) == pytest.approx(np.mean(singles), rel=1e-12)


def test_cross_entropy_of_zero_probability_is_finite() -> None:
    assert cross_entropy_error(np.array([1.0, 0.0]), np.array([0, 1])) == pytest.approx(
        -np.log(1e-7)
    )


def test_cross_entropy_rejects_mismatched_labels() -> None:
    with pytest.raises(ValueError, match=r"^cross_entropy_error: .*do not fit"):
        cross_entropy_error(np.ones((4, 3)) / 3, np.zeros((4, 2)))
    with pytest.raises(ValueError, match=r"^cross_entropy_from_logits: .*do not fit"):
        cross_entropy_from_logits(np.ones((4, 3)), np.zeros((4, 2)))


def test_sigmoid_grad_is_the_derivative() -> None:
    x = np.linspace(-6, 6, 25)
    numeric = np.array([numerical_diff(lambda v: float(sigmoid(v)), float(v)) for v in x])
    np.testing.assert_allclose(sigmoid_grad(x), numeric, rtol=1e-6)
    assert sigmoid_grad(np.array(0.0)) == 0.25


def test_relu_grad_is_one_from_zero_up_as_in_the_book() -> None:
    x = np.array([-2.0, -1e-12, 0.0, 1e-12, 3.0], dtype=np.float32)
    grad = relu_grad(x)
    assert grad.dtype == np.float32
    np.testing.assert_array_equal(grad, [0, 0, 1, 1, 1])  # the book sets 1 where x >= 0


# -- numerical differentiation ------------------------------------------------------


def test_numerical_diff_is_central_and_accurate() -> None:
    assert numerical_diff(lambda x: 0.01 * x**2 + 0.1 * x, 5.0) == pytest.approx(0.2, abs=1e-10)
    assert numerical_diff(np.sin, 1.0) == pytest.approx(np.cos(1.0), abs=1e-8)
    # Central difference is exact for quadratics up to rounding; forward is off by h/2 f''.
    h = 1e-4
    forward = (np.exp(1.0 + h) - np.exp(1.0)) / h
    assert abs(numerical_diff(np.exp, 1.0, h) - np.e) < abs(forward - np.e) / 100


def test_numerical_gradient_of_known_functions() -> None:
    def f(x: np.ndarray) -> float:
        return float(np.sum(x**2))

    for point in ([3.0, 4.0], [0.0, 2.0], [3.0, 0.0]):
        x = np.array(point)
        np.testing.assert_allclose(numerical_gradient(f, x), 2 * x, atol=1e-7)
        assert x.tolist() == point  # restored after the in-place perturbations

    a = RNG.standard_normal((3, 4))
    x = RNG.standard_normal((3, 4))
    np.testing.assert_allclose(numerical_gradient(lambda z: float(np.sum(a * z)), x), a, atol=1e-8)


def test_numerical_gradient_sees_in_place_changes() -> None:
    # The simpleNet pattern: f ignores its argument and reads the array it closes over.
    W = RNG.standard_normal((2, 3))
    x = np.array([0.6, 0.9])
    t = np.array([0, 0, 1])
    dW = numerical_gradient(lambda _: cross_entropy_error(softmax(x @ W), t), W)
    # The book's 1e-7 inside the log shifts the gradient by about 1e-7 relative.
    np.testing.assert_allclose(dW, np.outer(x, softmax(x @ W) - t), rtol=1e-6, atol=1e-6)


def test_numerical_gradient_rejects_integer_arrays() -> None:
    with pytest.raises(ValueError, match="float"):
        numerical_gradient(lambda x: float(np.sum(x)), np.array([1, 2]))


# -- gradient descent ---------------------------------------------------------------


def test_gradient_descent_converges_on_a_quadratic() -> None:
    center = np.array([1.0, -2.0, 0.5])

    def f(x: np.ndarray) -> float:
        return float(np.sum((x - center) ** 2))

    x = gradient_descent(f, np.zeros(3), lr=0.1, step_num=200)
    np.testing.assert_allclose(x, center, atol=1e-8)


def test_gradient_descent_rate_matches_theory() -> None:
    def f(x: np.ndarray) -> float:
        return float(np.sum(x**2))

    start = np.array([-3.0, 4.0])
    x, history = gradient_descent(f, start, lr=0.1, step_num=100, return_history=True)
    np.testing.assert_allclose(x, start * 0.8**100, rtol=1e-5)
    assert history.shape == (100, 2)
    assert history[0].tolist() == start.tolist()
    assert start.tolist() == [-3.0, 4.0]  # the caller's array is left alone


def test_gradient_descent_diverges_with_a_large_rate() -> None:
    def f(x: np.ndarray) -> float:
        return float(np.sum(x**2))

    x = gradient_descent(f, np.array([-3.0, 4.0]), lr=1.1, step_num=20)
    assert f(x) > f(np.array([-3.0, 4.0]))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("kind", ["labels", "one-hot", "soft"])
def test_softmax_and_cross_entropy_are_the_two_functions_bit_for_bit(
    dtype: type, kind: str
) -> None:
    from scratch.functions import cross_entropy_from_logits, softmax, softmax_and_cross_entropy

    rng = np.random.default_rng(3)
    x = (rng.standard_normal((17, 10)) * 5).astype(dtype)
    labels = rng.integers(0, 10, 17)
    t = {
        "labels": labels,
        "one-hot": np.eye(10)[labels],
        "soft": rng.dirichlet(np.ones(10), 17),
    }[kind]
    y, loss = softmax_and_cross_entropy(x, t)
    assert y.dtype == dtype
    assert np.array_equal(y, softmax(x))
    assert loss == cross_entropy_from_logits(x, t)
