"""The computational-graph drawing utility (site_tools.figures.graphs) and the node values
(scratch.node_values) that the graph figures of chapters 5 and 6 print."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex

from scratch.functions import sigmoid
from scratch.layers import BatchNormalization, Sigmoid
from scratch.node_values import (
    apple_orange,
    batchnorm_nodes,
    chain_rule_nodes,
    shopping,
    sigmoid_nodes,
)
from site_tools.figures.graphs import (
    BACKWARD_COLOR,
    Edge,
    Node,
    boundary_point,
    draw_graph,
    edge_segment,
    number,
    upward_normal,
)

# -- graphs.py ------------------------------------------------------------------------


def test_circle_boundary_is_one_radius_from_the_centre() -> None:
    node = Node((1.0, 2.0), "×", size=0.4)
    point = boundary_point(node, np.array([4.0, 6.0]))
    assert np.hypot(*(point - [1.0, 2.0])) == pytest.approx(0.4)
    # ... and on the segment towards the target (direction 3:4).
    np.testing.assert_allclose(point, [1.0 + 0.4 * 0.6, 2.0 + 0.4 * 0.8])


@pytest.mark.parametrize("kind", ["box", "text"])
def test_box_boundary_lies_on_the_nearer_side(kind: str) -> None:
    node = Node((0.0, 0.0), "dot", kind=kind, size=0.5, width=1.0)
    np.testing.assert_allclose(boundary_point(node, np.array([5.0, 0.0])), [1.0, 0.0])
    np.testing.assert_allclose(boundary_point(node, np.array([0.0, -5.0])), [0.0, -0.5])
    # A diagonal leaves through the top side, since the box is wider than high.
    np.testing.assert_allclose(boundary_point(node, np.array([1.0, 1.0])), [0.5, 0.5])


def test_edge_segment_runs_between_the_boundaries() -> None:
    nodes = {"a": Node((0.0, 0.0), size=0.3), "b": Node((2.0, 0.0), size=0.5)}
    start, end = edge_segment(nodes, Edge("a", "b"))
    np.testing.assert_allclose(start, [0.3, 0.0])
    np.testing.assert_allclose(end, [1.5, 0.0])


def test_unknown_node_and_bad_kind_are_clear_errors() -> None:
    with pytest.raises(ValueError, match="no node named 'c'"):
        edge_segment({"a": Node((0.0, 0.0))}, Edge("a", "c"))
    with pytest.raises(ValueError, match="kind"):
        Node((0.0, 0.0), kind="hexagon")
    with pytest.raises(ValueError, match="zero length"):
        boundary_point(Node((1.0, 1.0)), np.array([1.0, 1.0]))


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ((0, 0), (1, 0), (0, 1)),  # rightward: above
        ((1, 0), (0, 0), (0, 1)),  # leftward: still above
        ((0, 0), (0, 1), (-1, 0)),  # upward: left
        ((0, 1), (0, 0), (-1, 0)),  # downward: left
    ],
)
def test_forward_labels_go_above_or_left(start, end, expected) -> None:
    normal = upward_normal(np.array(start, float), np.array(end, float))
    np.testing.assert_allclose(normal, expected, atol=1e-12)


@pytest.mark.parametrize(
    ("value", "label"),
    [(220.00000000000003, "220"), (110.00000000000001, "110"), (3.3000000000000003, "3.3"),
     (0.19661193324148185, "0.1966"), (-1.0, "-1"), (650, "650"), (2.5e7, "2.5e+07")],
)  # fmt: skip
def test_number_drops_float_noise(value: float, label: str) -> None:
    assert number(value) == label


def test_draw_graph_puts_forward_above_in_black_and_backward_below_in_red() -> None:
    nodes = {
        "x": Node((0.0, 0.0), "x", kind="text", size=0.2),
        "mul": Node((2.0, 0.0), "×"),
        "y": Node((4.0, 0.0), "y", kind="box", size=0.3, width=0.5),
    }
    edges = [Edge("x", "mul", "3", "0.5"), Edge("mul", "y", "6")]
    fig, ax = plt.subplots()
    try:
        draw_graph(ax, nodes, edges, offset=0.2)
        texts = {t.get_text(): t for t in ax.texts}
        assert {"x", "×", "y", "3", "0.5", "6"} <= set(texts)
        assert texts["3"].get_position()[1] > 0 > texts["0.5"].get_position()[1]
        assert to_hex(texts["0.5"].get_color()) == BACKWARD_COLOR
        assert to_hex(texts["3"].get_color()) == "#000000"
        # One forward arrow per edge plus one backward arrow per backward label.
        assert len(ax.patches) == 2  # the circle and the box; arrows are annotations
        arrows = [t for t in ax.texts if getattr(t, "arrow_patch", None) is not None]
        assert len(arrows) == 3
        left, right = ax.get_xlim()
        assert left < -0.2 and right > 4.5
    finally:
        plt.close(fig)


def test_labels_can_sit_anywhere_along_an_edge() -> None:
    nodes = {"a": Node((0.0, 0.0), size=0.5), "b": Node((5.0, 0.0), size=0.5)}
    fig, ax = plt.subplots()
    try:
        draw_graph(ax, nodes, [Edge("a", "b", "f", "", at=0.25)])
        label = next(t for t in ax.texts if t.get_text() == "f")
        # The visible segment runs from 0.5 to 4.5; a quarter of the way is 1.5.
        assert label.get_position()[0] == pytest.approx(1.5)
    finally:
        plt.close(fig)


# -- the values the chapter's figures show --------------------------------------------


def test_shopping_matches_the_book() -> None:
    v = shopping()
    assert v["price"] == pytest.approx(220)
    assert (v["dapple"], v["dapple_num"], v["dtax"]) == pytest.approx((2.2, 110, 200))


def test_apple_orange_matches_the_book() -> None:
    v = apple_orange()
    assert v["price"] == pytest.approx(715)
    got = (v["dapple"], v["dapple_num"], v["dorange"], v["dorange_num"], v["dtax"])
    assert got == pytest.approx((2.2, 110, 3.3, 165, 650))


@pytest.mark.parametrize("x", [-4.0, -0.5, 0.0, 1.0, 3.0])
def test_sigmoid_graph_walk_equals_the_layer(x: float) -> None:
    forward, backward = sigmoid_nodes(x, dout=0.7)
    assert forward[-1] == pytest.approx(float(sigmoid(x)))
    layer = Sigmoid()
    y = layer.forward(np.array([x]))
    expected = float(layer.backward(np.array([0.7]))[0])
    assert backward[0] == pytest.approx(expected, rel=1e-12)
    assert backward[0] == pytest.approx(0.7 * float(y[0] * (1 - y[0])), rel=1e-12)


@pytest.mark.parametrize(("x", "y"), [(1.0, 2.0), (-3.0, 0.5)])
def test_chain_rule_walk_is_the_derivative_of_the_square_of_the_sum(x: float, y: float) -> None:
    v = chain_rule_nodes(x, y, dz=0.5)
    assert v["z"] == pytest.approx((x + y) ** 2)
    assert v["dx"] == v["dy"] == pytest.approx(0.5 * 2 * (x + y))


@pytest.mark.parametrize("seed", range(4))
def test_batchnorm_walk_equals_the_layer(seed: int) -> None:
    rng = np.random.default_rng(seed)
    x, dout = rng.normal(size=5), rng.normal(size=5)
    gamma, beta = rng.uniform(0.5, 2.0), rng.normal()
    v = batchnorm_nodes(x, gamma, beta, dout)
    layer = BatchNormalization(np.array([gamma]), np.array([beta]))
    y = layer.forward(x[:, None], train_flg=True)
    dx = layer.backward(dout[:, None])
    np.testing.assert_allclose(v["y"], y[:, 0], rtol=1e-12)
    np.testing.assert_allclose(v["d_x"], dx[:, 0], rtol=1e-9, atol=1e-12)
    assert v["d_gamma"] == pytest.approx(layer.dgamma[0], rel=1e-12)
    assert v["d_beta"] == pytest.approx(layer.dbeta[0], rel=1e-12)
