"""Inputs that used to give a wrong answer without a word, or fail deep inside numpy: each is
now a ValueError naming the argument and the layer, optimizer or function."""

from __future__ import annotations

import numpy as np
import pytest

from scratch.functions import cross_entropy_error, cross_entropy_from_logits
from scratch.gradient import numerical_gradient
from scratch.layers import Affine, BatchNormalization, Dropout, SoftmaxWithLoss
from scratch.networks import TwoLayerNet
from scratch.optimizers import OPTIMIZERS, SGD, AdaGrad, Adam, Momentum, Nesterov, RMSprop

RNG = np.random.default_rng(0)
SCORES = RNG.standard_normal((3, 10))

# -- labels -------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [-1, 10, 200])
def test_labels_outside_the_classes_are_refused(bad: int) -> None:
    t = np.array([1, bad, 2])
    with pytest.raises(ValueError, match=rf"SoftmaxWithLoss: label {bad} is outside 0\.\.9"):
        SoftmaxWithLoss().forward(SCORES, t)
    with pytest.raises(ValueError, match=rf"cross_entropy_error: label {bad} is outside"):
        cross_entropy_error(np.full((3, 10), 0.1), t)
    net = TwoLayerNet(4, 3, 10, rng=0)
    with pytest.raises(ValueError, match=rf"label {bad} is outside 0\.\.9"):
        net.gradient(RNG.standard_normal((3, 4)), t)


def test_labels_at_both_ends_of_the_range_are_accepted() -> None:
    t = np.array([0, 9, 9])
    loss = SoftmaxWithLoss().forward(SCORES, t)
    assert loss == pytest.approx(cross_entropy_from_logits(SCORES, np.eye(10)[t]))


@pytest.mark.parametrize("t", [np.array([1.0, 2.0, 3.0]), np.array([True, False, True])])
def test_labels_that_are_not_integers_get_a_message_about_the_dtype(t: np.ndarray) -> None:
    with pytest.raises(ValueError, match=rf"SoftmaxWithLoss: labels must be integer .*{t.dtype}"):
        SoftmaxWithLoss().forward(SCORES, t)
    with pytest.raises(ValueError, match=rf"cross_entropy_error: .*dtype {t.dtype}"):
        cross_entropy_error(np.full((3, 10), 0.1), t)


def test_loss_of_an_empty_batch_is_refused() -> None:
    with pytest.raises(ValueError, match=r"SoftmaxWithLoss: no samples: x has shape \(0, 10\)"):
        SoftmaxWithLoss().forward(np.zeros((0, 10)), np.zeros(0, dtype=int))


# -- accuracy --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "t"),
    [(1, np.zeros(5, dtype=int)), (0, np.zeros(0, dtype=int)), (3, np.eye(10)[:2])],
)
def test_accuracy_needs_one_label_per_sample_and_a_sample(n: int, t: np.ndarray) -> None:
    net = TwoLayerNet(4, 3, 10, rng=0)
    with pytest.raises(ValueError, match=r"TwoLayerNet\.accuracy: needs one label per sample"):
        net.accuracy(RNG.standard_normal((n, 4)), t)


def test_accuracy_checks_the_label_range_and_dtype() -> None:
    net = TwoLayerNet(4, 3, 10, rng=0)
    x = RNG.standard_normal((3, 4))
    with pytest.raises(ValueError, match=r"TwoLayerNet\.accuracy: label 12 is outside"):
        net.accuracy(x, np.array([1, 2, 12]))
    with pytest.raises(ValueError, match=r"TwoLayerNet\.accuracy: labels must be integer"):
        net.accuracy(x, np.array([1.0, 2.0, 3.0]))


def test_accuracy_reads_a_column_of_labels_as_labels() -> None:
    net = TwoLayerNet(4, 3, 10, rng=0)
    x = RNG.standard_normal((7, 4))
    labels = net.predict(x).argmax(axis=1)
    assert net.accuracy(x, labels.reshape(-1, 1)) == 1.0
    assert net.accuracy(x, np.eye(10)[labels]) == 1.0
    assert net.accuracy(x, (labels + 1) % 10, batch_size=2) == 0.0


# -- optimizers ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", OPTIMIZERS)
@pytest.mark.parametrize(
    ("params", "grads", "message"),
    [
        ({"W": np.zeros(3)}, {"W": np.ones(3), "V": np.ones(3)}, r"missing \[\], extra \['V'\]"),
        ({"W": np.zeros(3), "V": np.zeros(3)}, {"W": np.ones(3)}, r"missing \['V'\], extra \[\]"),
        ({"W": np.zeros((3, 4))}, {"W": np.ones(4)}, r"grads\['W'\] has shape \(4,\), params"),
        ({"W": np.zeros((1, 4))}, {"W": np.ones((4, 1))}, r"has shape \(4, 1\), params\['W'\]"),
    ],
)
def test_gradients_must_match_the_parameters(name: str, params, grads, message: str) -> None:
    optimizer = OPTIMIZERS[name]()
    before = {key: value.copy() for key, value in params.items()}
    with pytest.raises(ValueError, match=rf"{type(optimizer).__name__}\.update: .*{message}"):
        optimizer.update(params, grads)
    for key, value in params.items():
        np.testing.assert_array_equal(value, before[key])  # nothing stepped


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: SGD(lr=float("nan")), r"SGD: lr must be a finite number >= 0, got nan"),
        (lambda: SGD(lr=-1), r"SGD: lr must be a finite number >= 0, got -1\.0"),
        (lambda: Adam(lr=float("inf")), r"Adam: lr must be .* got inf"),
        (lambda: AdaGrad(lr=-0.1), r"AdaGrad: lr must"),
        (lambda: RMSprop(lr=-0.1), r"RMSprop: lr must"),
        (lambda: Momentum(lr=-0.1), r"Momentum: lr must"),
        (lambda: Nesterov(lr=-0.1), r"Nesterov: lr must"),
        (lambda: Momentum(momentum=1.0), r"Momentum: momentum must be in \[0, 1\), got 1\.0"),
        (lambda: Nesterov(momentum=-0.1), r"Nesterov: momentum must be in \[0, 1\)"),
        (lambda: RMSprop(decay_rate=1.5), r"RMSprop: decay_rate must be in \[0, 1\)"),
        (lambda: Adam(beta1=1.0), r"Adam: beta1 must be in \[0, 1\)"),
        (lambda: Adam(beta2=float("nan")), r"Adam: beta2 must be in \[0, 1\)"),
    ],
)
def test_bad_hyper_parameters_are_refused(make, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()


def test_hyper_parameters_at_their_limits_are_accepted() -> None:
    assert SGD(lr=0).lr == 0.0  # a frozen step, used to measure a loss without learning
    assert Momentum(momentum=0).momentum == 0.0
    assert Adam(beta1=0, beta2=0).beta2 == 0.0
    assert RMSprop(decay_rate=0).decay_rate == 0.0


# -- batch norm and dropout -------------------------------------------------------------------


def batchnorm(d: int = 3) -> BatchNormalization:
    return BatchNormalization(np.ones(d), np.zeros(d))


@pytest.mark.parametrize("shape", [(1, 3), (0, 3), (1, 3, 1, 1)])
def test_batchnorm_refuses_to_train_on_fewer_than_two_values(shape: tuple[int, ...]) -> None:
    bn = batchnorm()
    with pytest.raises(ValueError, match=r"BatchNormalization: training needs at least 2 values"):
        bn.forward(np.ones(shape), train_flg=True)
    np.testing.assert_array_equal(bn.running_var, np.zeros(3))  # untouched
    assert bn.forward(np.ones(shape), train_flg=False).shape == shape  # test mode is fine


def test_batchnorm_trains_on_one_image_with_several_pixels() -> None:
    bn = batchnorm(2)
    out = bn.forward(RNG.standard_normal((1, 2, 2, 2)), train_flg=True)
    assert out.shape == (1, 2, 2, 2) and np.all(bn.running_var > 0)


@pytest.mark.parametrize("layer", [batchnorm(), Dropout(0.5, rng=0)])
def test_backward_after_a_test_mode_forward_is_refused(layer) -> None:
    x = RNG.standard_normal((4, 3))
    layer.forward(x, train_flg=True)
    layer.backward(np.ones((4, 3)))  # fine after a training forward
    layer.forward(x, train_flg=False)
    name = type(layer).__name__
    with pytest.raises(ValueError, match=rf"{name}: backward needs a forward with train_flg=True"):
        layer.backward(np.ones((4, 3)))
    layer.forward(x, train_flg=True)
    assert layer.backward(np.ones((4, 3))).shape == (4, 3)  # and fine again after training


def test_batchnorm_checks_given_running_averages() -> None:
    with pytest.raises(ValueError, match=r"BatchNormalization: running_var \(2,\) != gamma \(3,\)"):
        BatchNormalization(np.ones(3), np.zeros(3), running_var=np.ones(2))
    with pytest.raises(ValueError, match=r"BatchNormalization: running_mean \(4,\) != gamma"):
        BatchNormalization(np.ones(3), np.zeros(3), running_mean=np.ones(4))
    mean, var = np.ones(2), np.full(2, 4.0)
    bn = BatchNormalization(np.ones(2), np.zeros(2), running_mean=mean, running_var=var)
    np.testing.assert_allclose(
        bn.forward(np.array([[3.0, 5.0]]), train_flg=False), [[1, 2]], rtol=1e-6
    )


# -- Affine, numerical_gradient -------------------------------------------------------------


@pytest.mark.parametrize("shape", [(0, 3), (0, 1, 3), (0, 3, 1)])
def test_affine_on_an_empty_batch_gives_an_empty_batch(shape: tuple[int, ...]) -> None:
    affine = Affine(np.ones((3, 2)), np.zeros(2))
    assert affine.forward(np.zeros(shape)).shape == (0, 2)
    assert affine.backward(np.zeros((0, 2))).shape == shape
    np.testing.assert_array_equal(affine.dW, np.zeros((3, 2)))


@pytest.mark.parametrize(
    ("f", "shape"),
    [(lambda x: x**2, r"\(2,\)"), (lambda x: np.sum(x**2, keepdims=True), r"\(1,\)")],
)
def test_numerical_gradient_needs_a_scalar_function(f, shape: str) -> None:
    x = np.array([1.0, 2.0])
    with pytest.raises(ValueError, match=rf"numerical_gradient: f must return a scalar .*{shape}"):
        numerical_gradient(f, x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_numerical_gradient_of_a_read_only_or_non_array_x() -> None:
    x = np.array([1.0, 2.0])
    x.flags.writeable = False
    with pytest.raises(ValueError, match=r"numerical_gradient: x is read-only.*x\.copy\(\)"):
        numerical_gradient(lambda v: float(np.sum(v**2)), x)
    with pytest.raises(ValueError, match=r"numerical_gradient needs a float array x, got list"):
        numerical_gradient(lambda v: 0.0, [1.0, 2.0])  # type: ignore[arg-type]
    np.testing.assert_allclose(numerical_gradient(lambda v: float(np.sum(v**2)), x.copy()), [2, 4])
