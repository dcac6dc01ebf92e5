"""Appendix A: the node-by-node Softmax-with-Loss graph agrees with the layer and with calculus."""

from __future__ import annotations

import numpy as np
import pytest

from scratch.functions import softmax
from scratch.gradient import numerical_gradient, relative_error
from scratch.layers import SoftmaxWithLoss
from scratch.node_values import softmax_with_loss_nodes
from site_tools.figures.appendix_a import EXAMPLE_A, EXAMPLE_T


def random_case(seed: int, classes: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.normal(scale=3.0, size=classes)
    t = np.eye(classes)[rng.integers(classes)]
    return a, t


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("classes", [2, 3, 7])
def test_backward_through_every_node_is_y_minus_t(seed: int, classes: int) -> None:
    a, t = random_case(seed, classes)
    v = softmax_with_loss_nodes(a, t)
    np.testing.assert_allclose(v["y"], softmax(a), rtol=1e-12)
    np.testing.assert_allclose(v["d_a"], softmax(a) - t, atol=1e-12)


@pytest.mark.parametrize("seed", range(3))
def test_graph_matches_the_layer_forward_and_backward(seed: int) -> None:
    a, t = random_case(seed, 4)
    v = softmax_with_loss_nodes(a, t)
    layer = SoftmaxWithLoss()
    assert layer.forward(a[None], t[None]) == pytest.approx(float(v["L"]), rel=1e-12)
    np.testing.assert_allclose(layer.backward()[0], v["d_a"], atol=1e-12)


def test_graph_gradient_matches_numerical_differentiation() -> None:
    v = softmax_with_loss_nodes(EXAMPLE_A, EXAMPLE_T)

    def loss(z: np.ndarray) -> float:
        return float(softmax_with_loss_nodes(z, EXAMPLE_T)["L"])

    assert relative_error(numerical_gradient(loss, EXAMPLE_A.copy()), v["d_a"]) < 1e-8


def test_branch_gradients_add_up() -> None:
    # r fans out to every product node; exp(a_k) to the sum and to its product node.
    v = softmax_with_loss_nodes(EXAMPLE_A, EXAMPLE_T)
    assert v["d_r"] == pytest.approx(-float(v["S"]))
    assert v["d_S"] == pytest.approx(1 / float(v["S"]))
    np.testing.assert_allclose(v["d_exp"], v["d_exp_via_sum"] + v["d_exp_via_mul"])


def test_labels_not_summing_to_one_give_y_times_sum_minus_t() -> None:
    t = np.array([0.5, 1.0, 0.0])
    v = softmax_with_loss_nodes(EXAMPLE_A, t)
    np.testing.assert_allclose(v["d_a"], 1.5 * softmax(EXAMPLE_A) - t, atol=1e-12)


def test_batch_gradient_is_per_sample_graph_over_n() -> None:
    rng = np.random.default_rng(1)
    x = rng.standard_normal((5, 3))
    labels = rng.integers(3, size=5)
    layer = SoftmaxWithLoss()
    layer.forward(x, labels)
    onehot = np.eye(3)[labels]
    per_sample = np.array(
        [softmax_with_loss_nodes(xn, tn)["d_a"] for xn, tn in zip(x, onehot, strict=True)]
    )
    np.testing.assert_allclose(layer.backward(), per_sample / 5, atol=1e-12)


def test_bad_shapes_are_refused() -> None:
    with pytest.raises(ValueError, match="softmax_with_loss_nodes"):
        softmax_with_loss_nodes(np.zeros(3), np.zeros(4))
    with pytest.raises(ValueError, match="softmax_with_loss_nodes"):
        softmax_with_loss_nodes(np.zeros((2, 3)), np.zeros((2, 3)))
