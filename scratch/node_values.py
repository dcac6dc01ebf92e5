"""Computational graphs of chapters 5 and 6 and appendix A, evaluated node by node.

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


def chain_rule_nodes(x: float, y: float, dz: float = 1.0) -> dict[str, float]:
    """z = (x + y)^2 as a "+" node (t = x + y) and a "**2" node (z = t^2).

    Backward, each node multiplies what it receives by its local derivative: "**2" by 2t,
    "+" (an :class:`AddLayer`) by 1 towards both inputs. Returns the forward values
    ``t``, ``z`` and the gradients ``dz`` (given), ``dt``, ``dx``, ``dy``.
    """
    add = AddLayer()
    t = add.forward(x, y)
    z = t**2
    dt = dz * 2 * t  # "**2" node
    dx, dy = add.backward(dt)  # "+" node
    return {"t": t, "z": z, "dz": dz, "dt": dt, "dx": dx, "dy": dy}


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


# --8<-- [start:softmax_with_loss_nodes]
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
    # --8<-- [end:softmax_with_loss_nodes]


def batchnorm_nodes(
    x: np.ndarray, gamma: float, beta: float, dout: np.ndarray, eps: float = 1e-6
) -> dict[str, np.ndarray]:
    """Batch normalization of one feature over a batch ``x`` (N,), node by node (chapter 6).

    Forward: ``mu`` (mean), ``xc`` (x - mu), ``sq`` (xc^2), ``var`` (mean of sq), ``std``
    (sqrt(var + eps)), ``xn`` (xc / std), ``gxn`` (gamma * xn), ``y`` (gxn + beta).
    Backward names start with ``d_``. ``xc`` feeds two nodes ("/" and "**2") and ``x``
    two ("-" and the mean): their branch gradients are kept apart (``d_xc_via_div``,
    ``d_xc_via_sq``, ``d_x_via_xc``, ``d_x_via_mu``) and then added. A value used by all N
    rows (``mu``, ``std``, ``gamma``, ``beta``) gets the sum of the N gradients.
    """
    x, dout = np.asarray(x, dtype=np.float64), np.asarray(dout, dtype=np.float64)
    if x.ndim != 1 or dout.shape != x.shape:
        raise ValueError(f"batchnorm_nodes: need 1-D x and dout of one shape, got {x.shape}, "
                         f"{dout.shape}")  # fmt: skip
    n = x.size
    v: dict[str, np.ndarray] = {"x": x, "mu": x.mean()}
    v["xc"] = x - v["mu"]
    v["sq"] = v["xc"] ** 2
    v["var"] = v["sq"].mean()
    v["std"] = np.sqrt(v["var"] + eps)
    v["xn"] = v["xc"] / v["std"]
    v["gxn"] = gamma * v["xn"]
    v["y"] = v["gxn"] + beta
    # backward: upstream gradient times each node's local derivative
    v["d_y"] = dout
    v["d_beta"] = dout.sum()  # "+" node
    v["d_gxn"] = dout
    v["d_gamma"] = np.sum(dout * v["xn"])  # "×" node
    v["d_xn"] = dout * gamma
    v["d_xc_via_div"] = v["d_xn"] / v["std"]  # "/" node, towards the numerator
    v["d_std"] = -np.sum(v["d_xn"] * v["xc"] / v["std"] ** 2)  # ... and the denominator
    v["d_var"] = v["d_std"] / (2 * v["std"])  # sqrt(var + eps)
    v["d_sq"] = np.full(n, v["d_var"] / n)  # mean node
    v["d_xc_via_sq"] = v["d_sq"] * 2 * v["xc"]  # "**2" node
    v["d_xc"] = v["d_xc_via_div"] + v["d_xc_via_sq"]
    v["d_mu"] = -v["d_xc"].sum()  # "-" node, towards mu
    v["d_x_via_xc"] = v["d_xc"]  # "-" node, towards x
    v["d_x_via_mu"] = np.full(n, v["d_mu"] / n)  # mean node
    v["d_x"] = v["d_x_via_xc"] + v["d_x_via_mu"]
    return v
