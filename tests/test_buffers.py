"""scratch.buffers: an output array is reused only when nobody outside the layer holds it."""

from __future__ import annotations

import numpy as np
import pytest

from scratch.buffers import MIN_BYTES, Spare
from scratch.layers import Pooling, Relu

BIG = (MIN_BYTES // 8 // 256 + 1, 256)  # float64, just over the threshold


def test_a_released_array_is_reused_and_a_held_one_is_not() -> None:
    spare, x = Spare(), np.zeros(BIG)
    first = spare.like(x)
    second = spare.like(x)  # first is still held: a new array
    assert first is not None and second is not None
    assert not np.shares_memory(first, second)
    address = second.ctypes.data
    del second  # now only the Spare holds it
    third = spare.like(x)
    assert third is not None and third.ctypes.data == address


def test_a_view_keeps_its_base_from_being_reused() -> None:
    spare, x = Spare(), np.zeros(BIG)
    out = spare.like(x)
    view = out[1:]
    del out
    fresh = spare.like(x)
    assert not np.shares_memory(fresh, view)


def test_small_integer_and_differently_laid_out_arrays() -> None:
    spare = Spare()
    assert spare.like(np.zeros(10)) is None  # small: NumPy allocates as usual
    assert spare.like(np.zeros(BIG, dtype=np.int64)) is None  # only floats
    f_order = spare.like(np.zeros(BIG, order="F"))  # the input's memory layout is kept
    assert f_order is not None and f_order.flags.f_contiguous


def test_zeros_like_is_zero_even_when_reused() -> None:
    spare, x = Spare(), np.zeros(BIG)
    out = spare.like(x)
    assert out is not None
    out.fill(7.0)
    del out
    assert not spare.zeros_like(x).any()
    assert not spare.zeros_like(np.ones(3)).any()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_relu_results_kept_by_the_caller_never_change(dtype: type) -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 8, 24, 24)).astype(dtype)  # over 1 MiB
    relu = Relu()
    outputs = [relu.forward(x * k) for k in (1, 2, 3)]
    grads = [relu.backward(x * k) for k in (1, 2, 3)]
    for k, (y, g) in enumerate(zip(outputs, grads, strict=True), start=1):
        assert np.array_equal(y, np.maximum(x * k, 0))
        assert np.array_equal(g, x * k * (x * 3 > 0))
        assert y.dtype == dtype and g.dtype == dtype


def test_reused_relu_output_gives_the_same_training_values() -> None:
    """Forward, backward, forward again after releasing: the same numbers as fresh layers."""
    rng = np.random.default_rng(1)
    x1, x2 = (rng.standard_normal((40, 8, 28, 28)) for _ in range(2))
    relu, pool = Relu(), Pooling(2, 2, 2)
    for x in (x1, x2, x1):
        y = pool.forward(relu.forward(x))
        dx = relu.backward(pool.backward(np.ones_like(y)))
        fresh_relu, fresh_pool = Relu(), Pooling(2, 2, 2)
        fy = fresh_pool.forward(fresh_relu.forward(x))
        assert np.array_equal(y, fy)
        assert np.array_equal(dx, fresh_relu.backward(fresh_pool.backward(np.ones_like(fy))))


def test_convolution_outputs_kept_by_the_caller_never_change() -> None:
    from scratch.layers import Convolution

    rng = np.random.default_rng(2)
    x = rng.standard_normal((40, 8, 28, 28))
    W, b = rng.standard_normal((16, 8, 3, 3)), rng.standard_normal(16)
    conv = Convolution(W, b, stride=1, pad=1)  # its output is over 1 MiB
    first = conv.forward(x)
    expected = first.copy()
    second = conv.forward(2 * x)  # first is held: written elsewhere
    assert np.array_equal(first, expected)
    assert np.allclose(second - b[:, None, None], 2 * (first - b[:, None, None]))
    address = second.ctypes.data
    del second
    third = conv.forward(3 * x)  # second was let go: its memory is reused
    assert third.ctypes.data == address
    assert np.array_equal(third, Convolution(W, b, stride=1, pad=1).forward(3 * x))
