"""im2col / col2im: the readable reference, the fast paths, and the layers built on them."""

from __future__ import annotations

import numpy as np
import pytest

from scratch.im2col import (
    col2im,
    col2im_fast,
    col2im_transposed,
    conv_output_size,
    im2col,
    im2col_fast,
    im2col_transposed,
)
from scratch.layers import Convolution, Pooling

# (N, C, H, W, filter_h, filter_w, stride, pad): odd sizes, strides that do not divide.
GEOMETRIES = [
    (1, 1, 3, 3, 2, 2, 1, 0),
    (2, 3, 7, 5, 3, 3, 1, 1),
    (3, 2, 8, 8, 3, 3, 2, 1),
    (2, 1, 9, 6, 2, 3, 3, 2),
    (1, 4, 5, 5, 5, 5, 1, 2),
    (2, 2, 6, 7, 1, 1, 2, 0),
    (4, 3, 11, 10, 4, 2, 3, 1),
]


def random_geometry(seed: int) -> tuple[int, ...]:
    rng = np.random.default_rng(seed)
    fh, fw = (int(v) for v in rng.integers(1, 5, 2))
    pad, stride = int(rng.integers(0, 3)), int(rng.integers(1, 4))
    h, w = (int(v) for v in rng.integers(max(fh, fw), 10, 2))
    n, c = (int(v) for v in rng.integers(1, 4, 2))
    return n, c, h, w, fh, fw, stride, pad


ALL_GEOMETRIES = GEOMETRIES + [random_geometry(seed) for seed in range(20)]


def test_im2col_on_a_tiny_image_by_hand() -> None:
    x = np.arange(9.0).reshape(1, 1, 3, 3)
    expected = [[0, 1, 3, 4], [1, 2, 4, 5], [3, 4, 6, 7], [4, 5, 7, 8]]
    np.testing.assert_array_equal(im2col(x, 2, 2), expected)


def test_columns_run_channel_first_then_filter_rows() -> None:
    x = np.stack([np.zeros((2, 2)), np.ones((2, 2))])[None]  # channel 0 zeros, channel 1 ones
    np.testing.assert_array_equal(im2col(x, 2, 2), [[0, 0, 0, 0, 1, 1, 1, 1]])


def test_padding_and_stride_by_hand() -> None:
    x = np.arange(1.0, 5.0).reshape(1, 1, 2, 2)
    # pad 1 makes a 4x4 image; 2x2 windows at stride 2 see the four corners of it.
    expected = [[0, 0, 0, 1], [0, 0, 2, 0], [0, 3, 0, 0], [4, 0, 0, 0]]
    np.testing.assert_array_equal(im2col(x, 2, 2, stride=2, pad=1), expected)


@pytest.mark.parametrize("geometry", ALL_GEOMETRIES, ids=str)
def test_fast_paths_equal_the_reference(geometry: tuple[int, ...]) -> None:
    n, c, h, w, fh, fw, stride, pad = geometry
    rng = np.random.default_rng(sum(geometry))
    x = rng.standard_normal((n, c, h, w))
    col = im2col(x, fh, fw, stride, pad)
    np.testing.assert_array_equal(im2col_fast(x, fh, fw, stride, pad), col)
    np.testing.assert_array_equal(im2col_transposed(x, fh, fw, stride, pad), col.T)

    dcol = rng.standard_normal(col.shape)
    reference = col2im(dcol, x.shape, fh, fw, stride, pad)
    np.testing.assert_allclose(col2im_fast(dcol, x.shape, fh, fw, stride, pad), reference)
    np.testing.assert_allclose(col2im_transposed(dcol.T, x.shape, fh, fw, stride, pad), reference)


@pytest.mark.parametrize("geometry", ALL_GEOMETRIES, ids=str)
def test_col2im_is_the_adjoint_of_im2col(geometry: tuple[int, ...]) -> None:
    # <im2col(x), c> = <x, col2im(c)>: what makes col2im the right backward pass.
    n, c, h, w, fh, fw, stride, pad = geometry
    rng = np.random.default_rng(sum(geometry) + 1)
    x = rng.standard_normal((n, c, h, w))
    col = im2col(x, fh, fw, stride, pad)
    d = rng.standard_normal(col.shape)
    lhs = np.sum(col * d)
    rhs = np.sum(x * col2im(d, x.shape, fh, fw, stride, pad))
    assert lhs == pytest.approx(rhs, rel=1e-12, abs=1e-12)


def test_col2im_of_ones_counts_windows_per_pixel() -> None:
    counts = col2im(np.ones((4, 4)), (1, 1, 3, 3), 2, 2)[0, 0]
    np.testing.assert_array_equal(counts, [[1, 2, 1], [2, 4, 2], [1, 2, 1]])


@pytest.mark.parametrize(
    "function", [im2col, im2col_fast, im2col_transposed], ids=lambda f: f.__name__
)
def test_im2col_keeps_float32(function) -> None:
    x = np.ones((2, 3, 5, 5), dtype=np.float32)
    assert function(x, 3, 3, 1, 1).dtype == np.float32


@pytest.mark.parametrize("function", [col2im, col2im_fast], ids=lambda f: f.__name__)
def test_col2im_keeps_float32(function) -> None:
    col = np.ones((2 * 25, 3 * 9), dtype=np.float32)
    assert function(col, (2, 3, 5, 5), 3, 3, 1, 1).dtype == np.float32
    col_t = np.ones((3 * 9, 2 * 25), dtype=np.float32)
    assert col2im_transposed(col_t, (2, 3, 5, 5), 3, 3, 1, 1).dtype == np.float32


def test_output_size_formula() -> None:
    assert conv_output_size(28, 5) == 24
    assert conv_output_size(4, 3, stride=1, pad=1) == 4
    assert conv_output_size(7, 3, stride=2) == 3
    assert conv_output_size(8, 3, stride=2) == 3  # the last column is never reached
    with pytest.raises(ValueError, match="does not fit"):
        conv_output_size(2, 5)
    with pytest.raises(ValueError, match="stride"):
        conv_output_size(5, 3, stride=0)


@pytest.mark.parametrize("function", [col2im, col2im_fast], ids=lambda f: f.__name__)
def test_col2im_rejects_a_wrong_column_shape(function) -> None:
    with pytest.raises(ValueError, match=r"\(5, 4\)"):
        function(np.ones((5, 4)), (1, 1, 3, 3), 2, 2)


# -- the layers against direct definitions ------------------------------------------------


def direct_convolution(x, W, b, stride, pad):
    """out[n, f, y, x] = sum over (c, i, j) of W[f, c, i, j] * padded x at the window + b[f]."""
    xp = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    FN, _, FH, FW = W.shape
    out_h = (xp.shape[2] - FH) // stride + 1
    out_w = (xp.shape[3] - FW) // stride + 1
    out = np.empty((x.shape[0], FN, out_h, out_w))
    for n in range(x.shape[0]):
        for f in range(FN):
            for r in range(out_h):
                for c in range(out_w):
                    window = xp[n, :, r * stride : r * stride + FH, c * stride : c * stride + FW]
                    out[n, f, r, c] = np.sum(window * W[f]) + b[f]
    return out


def direct_max_pool(x, ph, pw, stride, pad):
    xp = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)], constant_values=-np.inf)
    out_h = (xp.shape[2] - ph) // stride + 1
    out_w = (xp.shape[3] - pw) // stride + 1
    out = np.empty((*x.shape[:2], out_h, out_w))
    for r in range(out_h):
        for c in range(out_w):
            window = xp[:, :, r * stride : r * stride + ph, c * stride : c * stride + pw]
            out[:, :, r, c] = window.max(axis=(2, 3))
    return out


@pytest.mark.parametrize("geometry", GEOMETRIES, ids=str)
def test_convolution_forward_is_the_direct_sum(geometry: tuple[int, ...]) -> None:
    n, c, h, w, fh, fw, stride, pad = geometry
    rng = np.random.default_rng(7)
    x = rng.standard_normal((n, c, h, w))
    W, b = rng.standard_normal((3, c, fh, fw)), rng.standard_normal(3)
    out = Convolution(W, b, stride, pad).forward(x)
    np.testing.assert_allclose(out, direct_convolution(x, W, b, stride, pad), atol=1e-12)


def test_convolution_names_the_channel_mismatch() -> None:
    conv = Convolution(np.zeros((4, 3, 3, 3)), np.zeros(4))
    with pytest.raises(ValueError, match=r"Convolution.*\(2, 1, 5, 5\).*\(4, 3, 3, 3\)"):
        conv.forward(np.zeros((2, 1, 5, 5)))


def test_convolution_rejects_bad_shapes() -> None:
    with pytest.raises(ValueError, match=r"Convolution.*4-D"):
        Convolution(np.zeros((4, 3, 3)), np.zeros(4))
    with pytest.raises(ValueError, match=r"Convolution.*b has shape \(3,\)"):
        Convolution(np.zeros((4, 3, 3, 3)), np.zeros(3))
    with pytest.raises(ValueError, match=r"Convolution.*\(1, 3, 2, 2\).*does not fit"):
        Convolution(np.zeros((4, 3, 3, 3)), np.zeros(4)).forward(np.zeros((1, 3, 2, 2)))
    with pytest.raises(ValueError, match=r"Convolution.*4-D"):
        Convolution(np.zeros((4, 3, 3, 3)), np.zeros(4)).forward(np.zeros((3, 5, 5)))


def test_convolution_keeps_float32() -> None:
    rng = np.random.default_rng(0)
    W = rng.standard_normal((4, 2, 3, 3)).astype(np.float32)
    conv = Convolution(W, np.zeros(4, np.float32), stride=2, pad=1)
    out = conv.forward(rng.standard_normal((2, 2, 7, 7)).astype(np.float32))
    dx = conv.backward(np.ones_like(out))
    assert (out.dtype, dx.dtype, conv.dW.dtype, conv.db.dtype) == (np.float32,) * 4


@pytest.mark.parametrize("geometry", GEOMETRIES, ids=str)
def test_pooling_forward_is_the_direct_max(geometry: tuple[int, ...]) -> None:
    n, c, h, w, ph, pw, stride, pad = geometry
    if pad >= min(ph, pw):
        pad = min(ph, pw) - 1
    x = np.random.default_rng(8).standard_normal((n, c, h, w))
    out = Pooling(ph, pw, stride, pad).forward(x)
    np.testing.assert_array_equal(out, direct_max_pool(x, ph, pw, stride, pad))


def test_padding_never_wins_the_max() -> None:
    x = -np.arange(1.0, 17.0).reshape(1, 1, 4, 4)  # every real value is negative
    out = Pooling(2, 2, stride=2, pad=1).forward(x)
    assert out.max() < 0  # zero padding (the book's) would have put 0 in every edge window
    np.testing.assert_array_equal(out[0, 0], [[-1, -2, -4], [-5, -6, -8], [-13, -14, -16]])


def test_ties_send_the_gradient_to_the_first_maximum_only() -> None:
    x = np.array([[[[1.0, 3.0], [3.0, 3.0]]]])
    pool = Pooling(2, 2, stride=2)
    assert pool.forward(x)[0, 0, 0, 0] == 3.0
    dx = pool.backward(np.array([[[[5.0]]]]))
    np.testing.assert_array_equal(dx[0, 0], [[0, 5], [0, 0]])


def test_overlapping_windows_add_their_gradients() -> None:
    x = np.zeros((1, 1, 3, 3))
    x[0, 0, 1, 1] = 9.0  # the centre wins all four overlapping 2x2 windows
    pool = Pooling(2, 2, stride=1)
    pool.forward(x)
    dx = pool.backward(np.ones((1, 1, 2, 2)))
    assert dx[0, 0, 1, 1] == 4.0 and dx.sum() == 4.0


def test_pooling_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match=r"Pooling.*pad 2 must be smaller"):
        Pooling(2, 2, pad=2)
    with pytest.raises(ValueError, match=r"Pooling.*\(4, 4\)"):
        Pooling(2, 2).forward(np.zeros((4, 4)))
    with pytest.raises(ValueError, match=r"Pooling.*\(1, 1, 1, 1\).*does not fit"):
        Pooling(2, 2).forward(np.zeros((1, 1, 1, 1)))


def test_pooling_keeps_float32() -> None:
    x = np.random.default_rng(0).standard_normal((2, 3, 5, 5)).astype(np.float32)
    pool = Pooling(3, 3, stride=2, pad=1)
    out = pool.forward(x)
    assert out.dtype == np.float32
    assert pool.backward(np.ones_like(out)).dtype == np.float32
