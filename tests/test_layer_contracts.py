"""One contract, every layer: see the registry in ``tests/layer_cases.py``.

Gradient check tolerance: the relative error max|a - b| / max(|a| + |b|) between backprop
and a central difference with h = 1e-5 in float64. The difference's truncation error is
O(h^2) ~ 1e-10 relative to the gradient's scale and its rounding error ~ 1e-16 / h ~ 1e-11,
so correct layers land near 1e-9; a wrong transpose, a missing 1/N or a sign error gives
errors of order 1. 1e-6 leaves three orders of margin on both sides.
"""

from __future__ import annotations

import numpy as np
import pytest

import scratch.layers
import scratch.vol2.layers
from scratch.gradient import numerical_gradient, relative_error
from tests.layer_cases import CASES, Case, parameters

TOLERANCE = 1e-6
SEEDS = range(4)


def _as_tuple(grads):
    return grads if isinstance(grads, tuple) else (grads,)


def _scalar_loss(out, weights):
    """A scalar L whose dL/d(out) is ``weights`` (or 1 for a loss layer)."""
    return float(out) if np.ndim(out) == 0 else float(np.sum(out * weights))


def _output_weights(out, rng):
    return 1.0 if np.ndim(out) == 0 else rng.standard_normal(np.shape(out))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", CASES)
def test_gradient_check(name: str, seed: int) -> None:
    case: Case = CASES[name]
    rng = np.random.default_rng(seed)
    layer, inputs = case.make(rng, np.float64)
    out = case.run_forward(layer, inputs)
    weights = _output_weights(out, rng)
    grads = _as_tuple(layer.backward(weights))

    def loss(_):
        return _scalar_loss(case.run_forward(layer, inputs), weights)

    for i in case.differentiable:
        num = numerical_gradient(loss, inputs[i], h=1e-5)
        err = relative_error(num, grads[i])
        assert err < TOLERANCE, f"{name}: d(input {i}) relative error {err:.2e}"
    params = parameters(layer)
    backprop_params = {p: grad().copy() for p, (_, grad) in params.items()}
    for p, (array, _) in params.items():
        num = numerical_gradient(loss, array, h=1e-5)
        err = relative_error(num, backprop_params[p])
        assert err < TOLERANCE, f"{name}: d{p} relative error {err:.2e}"


@pytest.mark.parametrize("name", CASES)
def test_backward_does_not_mutate_and_repeats(name: str) -> None:
    case = CASES[name]
    rng = np.random.default_rng(10)
    layer, inputs = case.make(rng, np.float64)
    before = [x.copy() for x in inputs]
    out = case.run_forward(layer, inputs)
    out_copy = np.copy(out)
    dout = _output_weights(out, rng)
    dout_copy = np.copy(dout)
    first = [np.copy(g) for g in _as_tuple(layer.backward(dout))]
    first_params = {p: np.copy(grad()) for p, (_, grad) in parameters(layer).items()}
    second = _as_tuple(layer.backward(dout))
    np.testing.assert_array_equal(np.asarray(dout), dout_copy, err_msg="backward wrote into dout")
    np.testing.assert_array_equal(np.asarray(out), out_copy, err_msg="backward changed the output")
    for x, x0 in zip(inputs, before, strict=True):
        np.testing.assert_array_equal(x, x0, err_msg="forward/backward changed an input")
    for g1, g2 in zip(first, second, strict=True):
        np.testing.assert_array_equal(g1, g2, err_msg="backward twice gave different results")
    for p, (_, grad) in parameters(layer).items():
        np.testing.assert_array_equal(first_params[p], grad())


@pytest.mark.parametrize("name", CASES)
def test_float32_stays_float32(name: str) -> None:
    case = CASES[name]
    rng = np.random.default_rng(20)
    layer, inputs = case.make(rng, np.float32)
    out = case.run_forward(layer, inputs)
    if np.ndim(out) > 0:
        assert out.dtype == np.float32, f"{name} forward upcast to {out.dtype}"
        dout = rng.standard_normal(out.shape).astype(np.float32)
    else:
        dout = 1
    for i, g in enumerate(_as_tuple(layer.backward(dout))):
        if i in case.differentiable:
            assert g.dtype == np.float32, f"{name} backward upcast to {g.dtype}"
    for p, (_, grad) in parameters(layer).items():
        assert grad().dtype == np.float32, f"{name} d{p} is {grad().dtype}"


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if c.bad_dout])
def test_wrong_dout_shape_is_a_clear_error(name: str) -> None:
    case = CASES[name]
    rng = np.random.default_rng(30)
    layer, inputs = case.make(rng, np.float64)
    out = case.run_forward(layer, inputs)
    wrong = np.ones(tuple(s + 1 for s in out.shape))
    with pytest.raises(ValueError, match=type(layer).__name__) as info:
        layer.backward(wrong)
    assert str(wrong.shape) in str(info.value)


def test_every_exported_layer_has_a_case() -> None:
    exported = {
        name
        for name in scratch.layers.__all__
        if isinstance(getattr(scratch.layers, name), type) and name != "Layer"
    }
    covered = {name.split("[")[0] for name in CASES}
    assert exported <= covered, f"layers without a test case: {sorted(exported - covered)}"


def test_every_volume2_layer_has_a_case() -> None:
    module = scratch.vol2.layers
    exported = {
        f"vol2.{name}"
        for name in module.__all__
        if isinstance(getattr(module, name), type)
        and name not in ("Layer", "FromVolume1")  # the base class and the adapter itself
    }
    covered = {name.split("[")[0] for name in CASES}
    assert exported <= covered, f"layers without a test case: {sorted(exported - covered)}"


def test_soft_labels_loss_matches_its_gradient() -> None:
    # With soft labels the loss is -sum(t log y) / N, whose gradient is (y - t) / N.
    from scratch.layers import SoftmaxWithLoss

    rng = np.random.default_rng(40)
    x = rng.standard_normal((3, 4))
    t = rng.random((3, 4))
    t /= t.sum(axis=1, keepdims=True)
    layer = SoftmaxWithLoss()
    layer.forward(x, t)
    dx = layer.backward()
    num = numerical_gradient(lambda _: layer.forward(x, t), x, h=1e-5)
    assert relative_error(num, dx) < TOLERANCE
