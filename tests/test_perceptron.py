"""Chapter 2: the gates' truth tables, and that no single perceptron computes XOR."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scratch.perceptron import AND, GATES, INPUTS, NAND, OR, XOR, perceptron, truth_table

TABLES = {
    "AND": (0, 0, 0, 1),
    "NAND": (1, 1, 1, 0),
    "OR": (0, 1, 1, 1),
    "XOR": (0, 1, 1, 0),
}
X = np.array(INPUTS)  # (4, 2), truth-table order


@pytest.mark.parametrize("gate", [AND, NAND, OR, XOR], ids=lambda g: g.__name__)
def test_truth_tables(gate) -> None:
    assert truth_table(gate) == TABLES[gate.__name__]
    assert all(type(gate(x1, x2)) is int for x1, x2 in INPUTS)


def test_a_sum_of_exactly_zero_does_not_fire() -> None:
    # The book: `if tmp <= 0: return 0`.
    assert perceptron(np.array([1.0, 1.0]), np.array([0.5, 0.5]), -1.0) == 0
    assert perceptron(np.array([1.0, 1.0]), np.array([0.5, 0.5]), -0.999) == 1


def test_batch_input_gives_one_output_per_row() -> None:
    for name, (w, b) in GATES.items():
        out = perceptron(X, np.array(w), b)
        assert out.shape == (4,) and out.dtype.kind == "i"
        assert tuple(out.tolist()) == TABLES[name]


def test_shape_mismatch_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"\(3,\).*\(2,\)"):
        perceptron(np.array([1.0, 0.0, 1.0]), np.array([0.5, 0.5]), 0.0)


def grid_tables(values: np.ndarray) -> np.ndarray:
    """Truth tables of every perceptron (w1, w2, b) on a grid, shape (len**3, 4)."""
    w1, w2, b = (a.ravel() for a in np.meshgrid(values, values, values, indexing="ij"))
    weights = np.stack([w1, w2])  # (2, M)
    return (X @ weights + b > 0).astype(int).T


def test_grid_search_finds_and_nand_or_but_never_xor() -> None:
    values = np.linspace(-2, 2, 41)
    tables = grid_tables(values)
    counts = {name: int((tables == table).all(axis=1).sum()) for name, table in TABLES.items()}
    # The search is able to find gates: each linearly separable one shows up many times ...
    assert counts["AND"] > 100 and counts["NAND"] > 100 and counts["OR"] > 100
    # ... and 14 of the 16 two-input boolean functions are reached; XOR and XNOR never are.
    reached = {tuple(row) for row in tables.tolist()}
    assert len(reached) == 14
    assert (0, 1, 1, 0) not in reached and (1, 0, 0, 1) not in reached


@given(
    w1=st.floats(-1e6, 1e6, allow_nan=False),
    w2=st.floats(-1e6, 1e6, allow_nan=False),
    b=st.floats(-1e6, 1e6, allow_nan=False),
)
def test_no_single_perceptron_computes_xor(w1: float, w2: float, b: float) -> None:
    outputs = tuple(perceptron(X, np.array([w1, w2]), b).tolist())
    assert outputs != TABLES["XOR"]


def test_one_more_input_makes_xor_separable() -> None:
    # With the product x1*x2 as a third input, one perceptron suffices: the limit is the line.
    x = np.column_stack([X, X[:, 0] * X[:, 1]])
    assert tuple(perceptron(x, np.array([1.0, 1.0, -2.0]), -0.5).tolist()) == TABLES["XOR"]


def test_xor_is_a_two_layer_perceptron_in_matrix_form() -> None:
    (w_nand, b_nand), (w_or, b_or), (w_and, b_and) = GATES["NAND"], GATES["OR"], GATES["AND"]
    W1 = np.array([w_nand, w_or]).T  # (2, 2): one column per first-layer perceptron
    hidden = (X @ W1 + np.array([b_nand, b_or]) > 0).astype(int)
    assert tuple(perceptron(hidden, np.array(w_and), b_and).tolist()) == TABLES["XOR"]
