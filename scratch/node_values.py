"""Computational graphs of chapter 5 and appendix A, evaluated node by node.

The graph figures print these values on their edges, and the pages check them against the
layers: the numbers a reader sees in a graph are computed, never typed.
"""

from __future__ import annotations

import numpy as np

from scratch.layers import AddLayer, MulLayer


def shopping(apple: float = 100, apple_num: float = 2, tax: float = 1.1) -> dict[str, float]:
    """The apple example run through MulLayers: forward values and gradients."""
    mul_apple, mul_tax = MulLayer(), MulLayer()
    apple_price = mul_apple.forward(apple, apple_num)
    price = mul_tax.forward(apple_price, tax)
    dapple_price, dtax = mul_tax.backward(1)
    dapple, dapple_num = mul_apple.backward(dapple_price)
    return {
        "apple_price": apple_price,
        "price": price,
        "dprice": 1,
        "dapple_price": dapple_price,
        "dtax": dtax,
        "dapple": dapple,
        "dapple_num": dapple_num,
    }


def apple_orange(
    apple: float = 100,
    apple_num: float = 2,
    orange: float = 150,
    orange_num: float = 3,
    tax: float = 1.1,
) -> dict[str, float]:
    """The apple-and-orange example through Mul/Add layers: every forward and backward value."""
    mul_apple, mul_orange, add, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
    v = {"apple_price": mul_apple.forward(apple, apple_num)}
    v["orange_price"] = mul_orange.forward(orange, orange_num)
    v["all_price"] = add.forward(v["apple_price"], v["orange_price"])
    v["price"] = mul_tax.forward(v["all_price"], tax)
    v["dprice"] = 1
    v["dall_price"], v["dtax"] = mul_tax.backward(v["dprice"])
    v["dapple_price"], v["dorange_price"] = add.backward(v["dall_price"])
    v["dapple"], v["dapple_num"] = mul_apple.backward(v["dapple_price"])
    v["dorange"], v["dorange_num"] = mul_orange.backward(v["dorange_price"])
    return v


def sigmoid_nodes(x: float, dout: float = 1.0) -> tuple[list[float], list[float]]:
    """Forward values x, -x, exp(-x), 1 + exp(-x), y and the backward value on each edge.

    Each node applies only its local derivative: "/" gives -1/u^2, "+" passes through,
    "exp" multiplies by exp(-x), "x(-1)" by -1. ``backward[0]`` is dL/dx.
    """
    neg = -x
    e = np.exp(neg)
    u = 1 + e
    y = 1 / u
    d_u = dout * (-1 / u**2)  # "/" node
    d_e = d_u * 1  # "+" node
    d_neg = d_e * e  # "exp" node: d exp(a)/da = exp(a)
    d_x = d_neg * -1  # "x(-1)" node
    return [x, neg, e, u, y], [d_x, d_neg, d_e, d_u, dout]


def softmax_with_loss_nodes(a: np.ndarray, t: np.ndarray) -> dict[str, np.ndarray]:
    """Every forward and backward value of the Softmax-with-Loss graph for one sample.

    Forward names: ``exp`` (exp a_k), ``S`` (their sum), ``r`` (1/S), ``y`` (exp a_k * r),
    ``log_y``, ``t_log_y``, ``sum`` (sum of t_k log y_k), ``L``. Backward names start with
    ``d_``; where a value fans out (``exp`` to the sum and to a product, ``r`` to three
    products) the branch gradients are kept apart (``d_exp_via_sum``, ``d_exp_via_mul``,
    ``d_r_each``) and then added, as a branch node does.
    """
    a = np.asarray(a, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64)
    if a.ndim != 1 or t.shape != a.shape:
        raise ValueError(
            f"softmax_with_loss_nodes: need 1-D a and t of one shape, got {a.shape}, {t.shape}"
        )
    v: dict[str, np.ndarray] = {}
    # forward
    v["exp"] = np.exp(a)
    v["S"] = v["exp"].sum()
    v["r"] = 1 / v["S"]
    v["y"] = v["exp"] * v["r"]
    v["log_y"] = np.log(v["y"])
    v["t_log_y"] = t * v["log_y"]
    v["sum"] = v["t_log_y"].sum()
    v["L"] = -v["sum"]
    # backward: each line is upstream gradient times the node's local derivative
    v["d_L"] = np.array(1.0)
    v["d_sum"] = v["d_L"] * -1.0
    v["d_t_log_y"] = np.full_like(a, v["d_sum"])
    v["d_log_y"] = v["d_t_log_y"] * t
    v["d_y"] = v["d_log_y"] / v["y"]
    v["d_exp_via_mul"] = v["d_y"] * v["r"]
    v["d_r_each"] = v["d_y"] * v["exp"]
    v["d_r"] = v["d_r_each"].sum()
    v["d_S"] = v["d_r"] * (-1 / v["S"] ** 2)
    v["d_exp_via_sum"] = np.full_like(a, v["d_S"])
    v["d_exp"] = v["d_exp_via_sum"] + v["d_exp_via_mul"]
    v["d_a"] = v["d_exp"] * v["exp"]
    return v
