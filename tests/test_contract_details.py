"""The small print of the layer, optimizer and gradient contracts, pinned exactly: what a
reader sees when something is used out of order, the book's defaults, and the exact text
of messages and summaries. Mutation testing found each of these unpinned."""

from __future__ import annotations

import inspect
import re

import numpy as np
import pytest

import scratch.layers
from scratch.gradient import GradientCheck, check_gradients, gradient_descent
from scratch.im2col import (
    col2im,
    col2im_fast,
    col2im_transposed,
    im2col,
    im2col_fast,
    im2col_transposed,
)
from scratch.layers import (
    AddLayer,
    Affine,
    BatchNormalization,
    Convolution,
    Dropout,
    Layer,
    MulLayer,
    Pooling,
    Relu,
    Sigmoid,
    SoftmaxWithLoss,
)
from scratch.optimizers import OPTIMIZERS, SGD, Adam, Momentum

RNG = np.random.default_rng(3)


def exactly(message: str) -> str:
    return "^" + re.escape(message) + "$"


def layers() -> dict[str, tuple[Layer, np.ndarray]]:
    """One of each Layer with an input it accepts."""
    return {
        "Relu": (Relu(), RNG.standard_normal((2, 3))),
        "Sigmoid": (Sigmoid(), RNG.standard_normal((2, 3))),
        "Affine": (Affine(RNG.standard_normal((3, 4)), np.zeros(4)), RNG.standard_normal((2, 3))),
        "BatchNormalization": (
            BatchNormalization(np.ones(3), np.zeros(3)),
            RNG.standard_normal((4, 3)),
        ),
        "Dropout": (Dropout(0.5, rng=0), RNG.standard_normal((2, 3))),
        "Convolution": (
            Convolution(RNG.standard_normal((2, 1, 2, 2)), np.zeros(2)),
            RNG.standard_normal((1, 1, 3, 3)),
        ),
        "Pooling": (Pooling(2, 2), RNG.standard_normal((1, 1, 3, 3))),
    }


@pytest.mark.parametrize("name", layers())
def test_backward_before_forward_says_so(name: str) -> None:
    layer, x = layers()[name]
    out_shape = layer.forward(x, train_flg=True).shape
    fresh, _ = layers()[name]
    for method in (fresh.backward, fresh.backward_params):
        with pytest.raises(RuntimeError, match=exactly(f"{name}.backward called before forward")):
            method(np.ones(out_shape))


@pytest.mark.parametrize("name", ["Affine", "BatchNormalization", "Convolution"])
def test_gradients_exist_only_after_backward(name: str) -> None:
    layer, x = layers()[name]
    out = layer.forward(x, train_flg=True)
    for param in layer.params:
        with pytest.raises(RuntimeError, match=f"^{name}.backward called before forward$"):
            layer.grad(param)
    layer.backward_params(np.ones(out.shape))
    for param in layer.params:
        assert layer.grad(param).shape == getattr(layer, param).shape


def test_backward_params_stores_what_backward_stores() -> None:
    layer, x = layers()["BatchNormalization"]
    dout = RNG.standard_normal(x.shape)
    layer.forward(x, train_flg=True)
    layer.backward(dout)
    expected = layer.grad("gamma").copy(), layer.grad("beta").copy()
    other, _ = layers()["BatchNormalization"]
    other.forward(x, train_flg=True)
    other.backward_params(dout)
    np.testing.assert_array_equal(other.grad("gamma"), expected[0])
    np.testing.assert_array_equal(other.grad("beta"), expected[1])


def test_the_two_input_nodes_before_forward() -> None:
    with pytest.raises(RuntimeError, match=exactly("MulLayer.backward called before forward")):
        MulLayer().backward(np.ones(2))
    half = MulLayer()
    half.y = 2.0  # only what the book's shopping example never does
    with pytest.raises(RuntimeError, match=exactly("MulLayer.backward called before forward")):
        half.backward(1.0)
    # AddLayer passes the gradient through unchanged, keeping its type (the book prints ints).
    assert AddLayer().backward(3) == (3, 3)
    assert all(type(d) is int for d in AddLayer().backward(3))


def test_forward_defaults_are_the_books() -> None:
    # Dropout and BatchNormalization train by default, as in the book; the others ignore it.
    for name in scratch.layers.__all__:
        cls = getattr(scratch.layers, name)
        if isinstance(cls, type) and issubclass(cls, Layer):
            default = inspect.signature(cls.forward).parameters["train_flg"].default
            assert default is (cls in (Dropout, BatchNormalization)), name
    bn = BatchNormalization(np.ones(2), np.zeros(2))
    bn.forward(np.array([[1.0, 2.0], [3.0, 6.0]]))
    np.testing.assert_allclose(bn.running_mean, [0.2, 0.4])  # a training step by default


def test_reprs() -> None:
    assert repr(Affine(np.ones((3, 2)), np.zeros(2))) == "Affine(W=(3, 2), b=(2,))"
    assert (
        repr(BatchNormalization(np.ones(4), np.zeros(4)))
        == "BatchNormalization(gamma=(4,), beta=(4,))"
    )
    assert repr(Relu()) == "Relu()"
    assert repr(SoftmaxWithLoss()) == "SoftmaxWithLoss()"
    assert repr(SGD(lr=0.1)) == "SGD(lr=0.1)"
    assert repr(Momentum()) == "Momentum(lr=0.01, momentum=0.9)"
    assert repr(Adam()) == "Adam(lr=0.001, beta1=0.9, beta2=0.999, iter=0)"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: Affine(np.ones((3, 2)), np.zeros(2)).forward(np.ones(3)),
            "Affine: x must have a batch axis, got shape (3,)",
        ),
        (
            lambda: Affine(np.ones((3, 2)), np.zeros(2)).forward(np.ones((1, 2))),
            "Affine: x of shape (1, 2) has 2 features per sample, W of shape (3, 2) expects 3",
        ),
        (
            lambda: BatchNormalization(np.ones((2, 2)), np.zeros(2)),
            "BatchNormalization: gamma must be 1-D, got shape (2, 2)",
        ),
        (
            lambda: BatchNormalization(np.ones(2), np.zeros(3)),
            "BatchNormalization: beta (3,) != gamma (2,)",
        ),
        (
            lambda: BatchNormalization(np.ones(2), np.zeros(2)).forward(np.ones((2, 2, 2))),
            "BatchNormalization: x must be 2-D (N, D) or 4-D (N, C, H, W), got (2, 2, 2)",
        ),
        (
            lambda: BatchNormalization(np.ones(2), np.zeros(2)).forward(np.ones((2, 3))),
            "BatchNormalization: x of shape (2, 3) has 3 features/channels, gamma has 2",
        ),
        (
            lambda: SoftmaxWithLoss().forward(np.ones(3), np.ones(3)),
            "SoftmaxWithLoss: x must be (N, classes), got shape (3,)",
        ),
        (
            lambda: SGD().update({"W": np.zeros((2, 3))}, {"W": np.zeros(3)}),
            "SGD.update: grads['W'] has shape (3,), params['W'] has (2, 3)",
        ),
        (
            lambda: check_gradients({"a": np.zeros(1)}, {"b": np.zeros(1)}),
            "gradient keys differ: numerical ['a'] vs backprop ['b']",
        ),
        (
            lambda: check_gradients({"a": np.zeros(1)}, {"a": np.zeros(2)}),
            "gradient 'a': numerical shape (1,) vs backprop shape (2,)",
        ),
    ],
)
def test_messages(make, message: str) -> None:
    with pytest.raises(ValueError, match=exactly(message)):
        make()


def test_backward_after_test_mode_message() -> None:
    layer = Dropout(0.5, rng=0)
    layer.forward(np.ones(3), train_flg=False)
    message = (
        "Dropout: backward needs a forward with train_flg=True, "
        "but the last forward ran in test mode (train_flg=False)"
    )
    with pytest.raises(ValueError, match=exactly(message)):
        layer.backward(np.ones(3))


def test_gradient_check_summary() -> None:
    good = GradientCheck({"W1": 1.5e-10, "b1": 0.0}, tolerance=1e-6)
    assert str(good) == "W1: 1.50e-10\nb1: 0.00e+00\nok"
    bad = GradientCheck({"W1": 0.5}, tolerance=1e-6)
    assert str(bad) == "W1: 5.00e-01\nFAILED (tolerance 1e-06)"
    assert (good.ok, bad.ok, bad.worst) == (True, False, 0.5)


def test_gradient_descent_defaults_are_the_books() -> None:
    def f(x: np.ndarray) -> float:
        return float(np.sum(x**2))

    default = gradient_descent(f, np.array([-3.0, 4.0]))
    np.testing.assert_allclose(default, gradient_descent(f, np.array([-3.0, 4.0]), 0.01, 100))
    np.testing.assert_allclose(default, np.array([-3.0, 4.0]) * 0.98**100)
    # Integer starting points work (the book writes -3.0, a reader may write -3).
    np.testing.assert_allclose(gradient_descent(f, np.array([-3, 4])), default)


def test_plain_numbers_are_stepped_and_given_back_as_numbers() -> None:
    # The book's chapter-6 toy: parameters are Python floats, not arrays.
    for name, cls in OPTIMIZERS.items():
        params = {"x": -7.0, "y": 2.0}
        arrays = {"x": np.array(-7.0), "y": np.array(2.0)}
        opt, reference = cls(), cls()
        for _ in range(3):
            grads = {"x": params["x"] / 10.0, "y": 2.0 * params["y"]}
            opt.update(params, grads)
            reference.update(arrays, {key: np.array(value) for key, value in grads.items()})
        assert all(type(value) is float for value in params.values()), name
        assert params == {key: float(value) for key, value in arrays.items()}, name
    mixed = {"W": np.ones(2), "s": 1.0}
    SGD(lr=0.5).update(mixed, {"W": np.ones(2), "s": 4.0})
    assert mixed["s"] == -1.0 and mixed["W"].tolist() == [0.5, 0.5]


def test_softmax_with_loss_reads_a_column_of_labels() -> None:
    x = RNG.standard_normal((4, 3))  # N != classes, so a column cannot pass for one-hot
    flat = SoftmaxWithLoss()
    loss = flat.forward(x, np.array([0, 2, 1, 2]))
    column = SoftmaxWithLoss()
    assert column.forward(x, np.array([[0], [2], [1], [2]])) == loss
    np.testing.assert_array_equal(column.backward(), flat.backward())
    one_class = SoftmaxWithLoss()  # with one class, (N, 1) is one-hot, not a column
    assert one_class.forward(np.zeros((2, 1)), np.ones((2, 1))) == 0.0


def test_batchnorm_training_step_exactly() -> None:
    gamma, beta = np.array([2.0, 0.5]), np.array([1.0, -1.0])
    bn = BatchNormalization(gamma, beta)
    x = np.array([[1.0, 10.0], [3.0, 14.0], [5.0, 6.0]])
    mu, var = x.mean(axis=0), x.var(axis=0)
    expected = gamma * (x - mu) / np.sqrt(var + 1e-6) + beta
    np.testing.assert_allclose(bn.forward(x, train_flg=True), expected, rtol=1e-13)


def test_im2col_defaults_are_stride_1_pad_0() -> None:
    x = RNG.standard_normal((2, 2, 5, 4))
    np.testing.assert_array_equal(im2col(x, 3, 2), im2col(x, 3, 2, 1, 0))
    np.testing.assert_array_equal(im2col_fast(x, 3, 2), im2col(x, 3, 2, 1, 0))
    np.testing.assert_array_equal(im2col_transposed(x, 3, 2), im2col(x, 3, 2, 1, 0).T)
    col = im2col(x, 3, 2)
    np.testing.assert_array_equal(col2im(col, x.shape, 3, 2), col2im(col, x.shape, 3, 2, 1, 0))
    np.testing.assert_array_equal(col2im_fast(col, x.shape, 3, 2), col2im(col, x.shape, 3, 2))
    np.testing.assert_array_equal(
        col2im_transposed(col.T, x.shape, 3, 2), col2im(col, x.shape, 3, 2)
    )


def test_loss_layer_before_forward() -> None:
    from scratch.networks import TwoLayerNet

    with pytest.raises(
        RuntimeError, match=exactly("SoftmaxWithLoss.backward called before forward")
    ):
        SoftmaxWithLoss().backward()
    with pytest.raises(RuntimeError, match=exactly("TwoLayerNet.last_loss: no forward pass yet")):
        TwoLayerNet(2, 2, 2).last_loss  # noqa: B018


def test_convolution_and_pooling_defaults_are_the_books() -> None:
    W = RNG.standard_normal((2, 1, 2, 2)).astype(np.float32)
    conv = Convolution(W, 0.5)  # one bias for every filter, as the book's Convolution(w, 0)
    assert (conv.stride, conv.pad) == (1, 0)
    assert conv.b.dtype == np.float32 and conv.b.tolist() == [0.5, 0.5]
    assert conv.forward(np.zeros((1, 1, 4, 4), np.float32)).shape == (1, 2, 3, 3)
    pool = Pooling(2, 2)
    assert (pool.stride, pool.pad) == (1, 0)
    assert pool.forward(np.zeros((1, 1, 4, 4))).shape == (1, 1, 3, 3)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: Affine(np.ones(3), np.zeros(3)),
            "Affine: W must be 2-D (in, out), got shape (3,)",
        ),
        (lambda: Affine(np.ones((3, 2)), np.zeros(3)), "Affine: b has shape (3,), W has (3, 2)"),
        (
            lambda: Convolution(np.ones((2, 1, 3, 3)), 0, stride=0),
            "Convolution: need stride >= 1, pad >= 0; got 0, 0",
        ),
        (
            lambda: Convolution(np.ones((2, 1, 3, 3)), 0, pad=-1),
            "Convolution: need stride >= 1, pad >= 0; got 1, -1",
        ),
        (
            lambda: Convolution(np.ones((2, 3, 3, 3)), 0).forward(np.ones((1, 2, 5, 6))),
            "Convolution: x of shape (1, 2, 5, 6) has 2 channels, "
            "W of shape (2, 3, 3, 3) expects 3",
        ),
        (lambda: Pooling(0, 2), "Pooling: pool size must be >= 1, got 0x2"),
        (lambda: Pooling(2, 0), "Pooling: pool size must be >= 1, got 2x0"),
        (lambda: Pooling(2, 2, stride=0), "Pooling: need stride >= 1, pad >= 0; got 0, 0"),
        (lambda: Pooling(2, 2, pad=-1), "Pooling: need stride >= 1, pad >= 0; got 1, -1"),
    ],
)
def test_construction_messages(make, message: str) -> None:
    with pytest.raises(ValueError, match=exactly(message)):
        make()


def channels_first_view(n: int, c: int, h: int, w: int) -> np.ndarray:
    """What Convolution returns: shape (N, C, H, W), stored as (C, N, H, W)."""
    return RNG.standard_normal((c, n, h, w)).transpose(1, 0, 2, 3)


def memory_order(a: np.ndarray) -> list[int]:
    return sorted(range(a.ndim), key=lambda axis: -a.strides[axis])


@pytest.mark.parametrize("pool", [(2, 2, 2), (3, 3, 1), (2, 2, 3)])
def test_pooling_keeps_the_memory_layout_it_was_given(pool: tuple[int, int, int]) -> None:
    ph, pw, stride = pool
    for x in (channels_first_view(2, 3, 6, 6), RNG.standard_normal((2, 3, 6, 6))):
        layer = Pooling(ph, pw, stride=stride)
        out = layer.forward(x)
        assert memory_order(out) == memory_order(x)
        dout = RNG.standard_normal(out.shape)
        dx = layer.backward(dout)
        assert memory_order(dx) == memory_order(x)
        np.testing.assert_array_equal(layer.backward(np.asfortranarray(dout)), dx)


def test_pooling_backward_fills_no_zeros_when_windows_tile_the_input(monkeypatch) -> None:
    import scratch.layers.pooling as pooling

    fills: list[bool] = []
    original = pooling._empty

    def spy(shape, dtype, order, zero=False):
        fills.append(zero)
        return original(shape, dtype, order, zero)

    monkeypatch.setattr(pooling, "_empty", spy)
    for (ph, pw, stride, size), tiles in [
        ((2, 2, 2, 6), True),
        ((3, 3, 3, 6), True),
        ((2, 2, 2, 5), False),  # an odd size leaves the last row and column out
        ((2, 3, 2, 6), False),
        ((2, 2, 3, 6), False),  # windows 3 apart skip every third pixel
        ((2, 2, 1, 6), False),
    ]:
        layer = Pooling(ph, pw, stride=stride)
        out = layer.forward(RNG.standard_normal((1, 2, size, size)))
        layer.backward(np.ones(out.shape))
        assert fills.pop() is (not tiles), (ph, pw, stride, size)


def test_pixels_no_window_covers_get_a_zero_gradient() -> None:
    layer = Pooling(2, 2, stride=3)
    x = np.arange(36.0).reshape(1, 1, 6, 6)
    out = layer.forward(x)
    junk = np.full((1, 1, 6, 6), 7.0)  # memory np.empty may hand out again: it must not leak
    del junk
    dx = layer.backward(np.ones(out.shape))
    expected = np.zeros((6, 6))
    expected[[1, 1, 4, 4], [1, 4, 1, 4]] = 1  # each window's maximum is its last pixel
    np.testing.assert_array_equal(dx[0, 0], expected)


# -- more of what mutation testing found unpinned ---------------------------------------------


def test_im2col_helpers_defaults_and_messages() -> None:
    from scratch.im2col import channels_first, scatter_windows, windows

    x = RNG.standard_normal((2, 3, 5, 4))
    np.testing.assert_array_equal(windows(x, 2, 3), windows(x, 2, 3, 1, 0))
    win = windows(x, 2, 3)
    np.testing.assert_array_equal(
        scatter_windows(win, x.shape), scatter_windows(win, x.shape, 1, 0)
    )
    np.testing.assert_array_equal(channels_first(x), channels_first(x, 0))
    assert channels_first(x).shape == (3, 2, 5, 4)
    with pytest.raises(
        ValueError, match=exactly("expected a 4-D shape (N, C, H, W), got (3, 5, 4)")
    ):
        windows(x[0], 2, 2)
    message = (
        "col2im_transposed: col_t has shape (3, 3), but input shape (2, 3, 5, 4) "
        "with this filter, stride and pad gives (12, 24)"
    )
    with pytest.raises(ValueError, match=exactly(message)):
        col2im_transposed(np.zeros((3, 3)), x.shape, 2, 2)


BOOK_ATTRIBUTES = {  # what a fresh layer holds before its first forward pass: nothing
    "Affine": ("x", "dW", "db"),
    "BatchNormalization": ("input_shape", "xc", "xn", "std", "dgamma", "dbeta"),
    "Convolution": ("x_shape", "col_t", "col", "dW", "db"),
    "Pooling": ("x_shape", "arg_max"),
    "Relu": ("mask",),
    "Sigmoid": ("out",),
    "Dropout": ("mask",),
}


@pytest.mark.parametrize("name", BOOK_ATTRIBUTES)
def test_a_fresh_layer_holds_no_forward_state(name: str) -> None:
    layer, _ = layers()[name]
    for attribute in BOOK_ATTRIBUTES[name]:
        assert getattr(layer, attribute) is None, attribute
    assert getattr(layer, "test_mode", False) is False
    loss = SoftmaxWithLoss()
    assert (loss.loss, loss.y, loss.t) == (None, None, None)
    mul = MulLayer()
    assert (mul.x, mul.y) == (None, None)
    assert BatchNormalization(np.ones(2), np.zeros(2)).batch_size == 0


def test_pooling_output_shape_and_padding_limits() -> None:
    assert Pooling(2, 3, stride=2).output_shape((1, 3, 6, 7)) == (1, 3, 3, 3)
    assert Pooling(3, 2, stride=1, pad=1).output_shape((2, 1, 4, 5)) == (2, 1, 4, 6)
    for pool_h, pool_w in [(2, 3), (3, 2)]:
        message = f"Pooling: pad 2 must be smaller than the pool size {pool_h}x{pool_w}"
        with pytest.raises(ValueError, match=exactly(message)):
            Pooling(pool_h, pool_w, pad=2)
    assert Pooling(3, 3, pad=2).pad == 2


def test_pooling_of_integers_pads_with_the_smallest_integer() -> None:
    x = np.array([[[[-5, -7], [-9, -6]]]], dtype=np.int16)
    out = Pooling(2, 2, stride=1, pad=1).forward(x)
    assert out.dtype == np.int16
    np.testing.assert_array_equal(out[0, 0], [[-5, -5, -7], [-5, -5, -6], [-9, -6, -6]])


def test_pooling_over_more_than_255_positions() -> None:
    # Window positions are counted in uint8 below 256 of them, in int above.
    x = np.zeros((1, 1, 17, 17))
    x[0, 0, 16, 15] = 1.0  # position 16 * 17 + 15 = 287 of the one window
    layer = Pooling(17, 17)
    layer.forward(x)
    dx = layer.backward(np.ones((1, 1, 1, 1)))
    assert dx[0, 0, 16, 15] == 1.0 and dx.sum() == 1.0


def test_dropout_construction() -> None:
    assert Dropout().dropout_ratio == 0.5
    for ratio in (1.0, -0.1, 1.5):
        with pytest.raises(
            ValueError, match=exactly(f"Dropout: dropout_ratio must be in [0, 1), got {ratio}")
        ):
            Dropout(ratio)


def test_loss_labels_that_fit_nothing() -> None:
    message = (
        "SoftmaxWithLoss: labels of shape (3, 2) do not fit scores of shape (3, 4); "
        "use one-hot (N, classes) or integer labels (N,)"
    )
    with pytest.raises(ValueError, match=exactly(message)):
        SoftmaxWithLoss().forward(np.zeros((3, 4)), np.zeros((3, 2), dtype=int))


def test_relative_error_details() -> None:
    from scratch.gradient import relative_error

    assert relative_error(np.zeros(0), np.zeros(0)) == 0.0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.array([1e-3]), np.zeros(1)) == 1.0
    assert relative_error(np.array([1e-13]), np.zeros(1)) == pytest.approx(0.1)  # eps = 1e-12
    assert relative_error(np.array([3.0, 1.0]), np.array([1.0, 1.0])) == 0.5
    # Computed in float64 whatever comes in: int8 -128 has no positive int8.
    assert relative_error(np.int8([-128]), np.int8([0])) == 1.0
    assert relative_error(np.int8([0]), np.int8([-128])) == 1.0


def test_numerical_gradient_of_float32_and_its_messages() -> None:
    from scratch.gradient import numerical_gradient

    x = np.array([1.0, 2.0], dtype=np.float32)
    grad = numerical_gradient(lambda v: float(np.sum(v.astype(np.float64) ** 2)), x, h=1e-2)
    assert grad.dtype == np.float32
    np.testing.assert_allclose(grad, [2.0, 4.0], rtol=1e-4)
    with pytest.raises(
        ValueError, match=exactly("numerical_gradient needs a float array x, got dtype int64")
    ):
        numerical_gradient(lambda v: 0.0, np.array([1, 2]))
    x.flags.writeable = False
    message = (
        "numerical_gradient: x is read-only, and it is perturbed in place; "
        "pass a writable copy (x.copy())"
    )
    with pytest.raises(ValueError, match=exactly(message)):
        numerical_gradient(lambda v: 0.0, x)


def test_integer_numbers_are_stepped_as_floats() -> None:
    params = {"x": 3}
    SGD(lr=0.5).update(params, {"x": 1})
    assert params == {"x": 2.5} and type(params["x"]) is float


def test_pooling_counts_positions_in_an_integer_wide_enough() -> None:
    # 144 positions do not fit int8: the position index must not take the input's dtype.
    x = np.zeros((1, 1, 12, 12), dtype=np.int8)
    x[0, 0, 11, 8] = 5  # position 11 * 12 + 8 = 140
    layer = Pooling(12, 12)
    layer.forward(x)
    dx = layer.backward(np.ones((1, 1, 1, 1), dtype=np.int8))
    assert dx[0, 0, 11, 8] == 1 and dx.sum() == 1


class ConstantDraws:
    """A stand-in generator whose uniform draws all equal ``value``."""

    def __init__(self, value: float) -> None:
        self.value = value

    def random(self, shape: tuple[int, ...]) -> np.ndarray:
        return np.full(shape, self.value)


def test_dropout_drops_a_neuron_whose_draw_equals_the_ratio() -> None:
    # The book keeps a neuron when rand > dropout_ratio: a draw equal to the ratio drops it.
    layer = Dropout(0.25)
    layer.rng = ConstantDraws(0.25)  # type: ignore[assignment]
    assert layer.forward(np.ones(3), train_flg=True).tolist() == [0.0, 0.0, 0.0]
    layer.rng = ConstantDraws(0.2500001)  # type: ignore[assignment]
    assert layer.forward(np.ones(3), train_flg=True).tolist() == [1.0, 1.0, 1.0]
