"""im2col / col2im (chapter 7): turn convolution into one matrix product.

``im2col`` copies every filter-sized window of a batch of images into one row of a 2-D
array, so that convolving with FN filters becomes ``col @ W.reshape(FN, -1).T``. The layout
is the book's: rows run over (image n, output row, output column), columns over
(channel c, filter row i, filter column j). ``col2im`` goes back: it adds every row's
values into the window they came from, which makes it the adjoint (transpose) of
``im2col`` and exactly what the backward pass of a convolution needs.

Two versions of each, proven equal by ``tests/test_im2col.py``:

- ``im2col`` / ``col2im``: the readable reference, one window per loop iteration.
- ``im2col_fast`` / ``col2im_fast``: the same layout, fast. The gather is a strided view
  (``sliding_window_view``) copied once by ``reshape``; the scatter loops over the
  filter_h * filter_w offsets inside a window, each step adding a whole strided slice.
- ``im2col_transposed`` / ``col2im_transposed``: exactly ``im2col(x).T``,
  (C * FH * FW, N * out_h * out_w), built directly; ``Convolution`` uses them at stride > 1.
- ``padded_rows`` / ``wide_columns`` / ``add_wide_columns``: what ``Convolution`` uses at
  stride 1, a few images at a time (see the end of this module and docs/benchmarks).

Neither changes the dtype: float32 in, float32 out.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided, sliding_window_view


# --8<-- [start:conv_output_size]
def conv_output_size(input_size: int, filter_size: int, stride: int = 1, pad: int = 0) -> int:
    """(input_size + 2 pad - filter_size) // stride + 1, or ValueError when no window fits."""
    if stride < 1 or pad < 0:
        raise ValueError(f"stride must be >= 1 and pad >= 0, got stride={stride}, pad={pad}")
    span = input_size + 2 * pad - filter_size
    if span < 0:
        raise ValueError(
            f"a filter of size {filter_size} does not fit an input of size {input_size} "
            f"with pad {pad}"
        )
    return span // stride + 1


def _out_hw(
    shape: tuple[int, ...], filter_h: int, filter_w: int, stride: int, pad: int
) -> tuple[int, int]:
    if len(shape) != 4:
        raise ValueError(f"expected a 4-D shape (N, C, H, W), got {shape}")
    _, _, H, W = shape
    return conv_output_size(H, filter_h, stride, pad), conv_output_size(W, filter_w, stride, pad)
    # --8<-- [end:conv_output_size]


# -- the readable reference ----------------------------------------------------------------


# --8<-- [start:im2col]
def im2col(
    input_data: np.ndarray, filter_h: int, filter_w: int, stride: int = 1, pad: int = 0
) -> np.ndarray:
    """One row per window: (N * out_h * out_w, C * filter_h * filter_w)."""
    N, C, _, _ = input_data.shape
    out_h, out_w = _out_hw(input_data.shape, filter_h, filter_w, stride, pad)
    img = np.pad(input_data, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    col = np.zeros((N * out_h * out_w, C * filter_h * filter_w), dtype=input_data.dtype)
    row = 0
    for n in range(N):
        for y in range(out_h):
            for x in range(out_w):
                top, left = y * stride, x * stride
                window = img[n, :, top : top + filter_h, left : left + filter_w]
                col[row] = window.reshape(-1)  # channel first, then filter row, then column
                row += 1
    return col
    # --8<-- [end:im2col]


# --8<-- [start:col2im]
def col2im(
    col: np.ndarray,
    input_shape: tuple[int, ...],
    filter_h: int,
    filter_w: int,
    stride: int = 1,
    pad: int = 0,
) -> np.ndarray:
    """Add each row back into its window; overlapping windows add up. Crops the padding."""
    N, C, H, W = input_shape
    out_h, out_w = _out_hw(input_shape, filter_h, filter_w, stride, pad)
    _check_col(col, (N * out_h * out_w, C * filter_h * filter_w), input_shape)
    img = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=col.dtype)
    row = 0
    for n in range(N):
        for y in range(out_h):
            for x in range(out_w):
                top, left = y * stride, x * stride
                window = col[row].reshape(C, filter_h, filter_w)
                img[n, :, top : top + filter_h, left : left + filter_w] += window
                row += 1
    return img[:, :, pad : pad + H, pad : pad + W]


def _check_col(col: np.ndarray, expected: tuple[int, int], input_shape: tuple[int, ...]) -> None:
    if col.shape != expected:
        raise ValueError(
            f"col2im: col has shape {col.shape}, but input shape {tuple(input_shape)} "
            f"with this filter, stride and pad gives {expected}"
        )
        # --8<-- [end:col2im]


# -- the fast path: the same layout, vectorised (Pooling uses its strided windows) ----------


def windows(
    x: np.ndarray, filter_h: int, filter_w: int, stride: int = 1, pad: int = 0, fill: float = 0
) -> np.ndarray:
    """A read-only strided view (N, C, out_h, out_w, filter_h, filter_w) of the padded x.

    Nothing is copied apart from the padding; ``fill`` is the padding value (Pooling pads
    with -inf so that padding never wins a max).
    """
    _out_hw(x.shape, filter_h, filter_w, stride, pad)  # validates shape, stride, pad
    if pad:
        x = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)], constant_values=fill)
    view = sliding_window_view(x, (filter_h, filter_w), axis=(2, 3))
    return view[:, :, ::stride, ::stride]


def im2col_fast(
    input_data: np.ndarray, filter_h: int, filter_w: int, stride: int = 1, pad: int = 0
) -> np.ndarray:
    """Same result as :func:`im2col`; the only copy is the final reshape of a strided view."""
    N, C = input_data.shape[:2]
    win = windows(input_data, filter_h, filter_w, stride, pad)
    out_h, out_w = win.shape[2:4]
    # (N, C, oh, ow, i, j) -> (N, oh, ow, C, i, j): rows (n, oh, ow), columns (c, i, j).
    return win.transpose(0, 2, 3, 1, 4, 5).reshape(N * out_h * out_w, C * filter_h * filter_w)


def offset_slice(i: int, j: int, stride: int, out_h: int, out_w: int) -> tuple[slice, ...]:
    """Index of the padded image's pixels that sit at offset (i, j) of every window."""
    rows = slice(i, i + stride * out_h, stride)
    cols = slice(j, j + stride * out_w, stride)
    return (slice(None), slice(None), rows, cols)


def scatter_windows(
    win: np.ndarray, input_shape: tuple[int, ...], stride: int = 1, pad: int = 0
) -> np.ndarray:
    """Adjoint of :func:`windows`: add win (N, C, out_h, out_w, fh, fw) into an image.

    Loops over the fh * fw offsets (i, j): the pixels that offset (i, j) touches in all
    windows form one strided slice, added in a single vectorised step.
    """
    N, C, H, W = input_shape
    _, _, out_h, out_w, filter_h, filter_w = win.shape
    img = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=win.dtype)
    for i in range(filter_h):
        for j in range(filter_w):
            img[offset_slice(i, j, stride, out_h, out_w)] += win[:, :, :, :, i, j]
    return img[:, :, pad : pad + H, pad : pad + W]


def col2im_fast(
    col: np.ndarray,
    input_shape: tuple[int, ...],
    filter_h: int,
    filter_w: int,
    stride: int = 1,
    pad: int = 0,
) -> np.ndarray:
    """Same result as :func:`col2im`, with filter_h * filter_w vectorised additions."""
    N, C = input_shape[:2]
    out_h, out_w = _out_hw(input_shape, filter_h, filter_w, stride, pad)
    _check_col(col, (N * out_h * out_w, C * filter_h * filter_w), input_shape)
    # Rows (n, oh, ow) x columns (c, i, j) -> the (N, C, oh, ow, i, j) window layout (a view).
    win = col.reshape(N, out_h, out_w, C, filter_h, filter_w).transpose(0, 3, 1, 2, 4, 5)
    return scatter_windows(win, input_shape, stride, pad)


# -- the layout Convolution uses: the transpose of the book's column matrix -------------------
#
# Convolution keeps activations in memory as (C, N, H, W) while their shape stays the book's
# (N, C, H, W) (a transposed view). In that layout the column matrix is im2col's transpose,
# (C * FH * FW, N * out_h * out_w); the product with the filters is ONE matrix product over
# the whole batch, W.reshape(FN, -1) @ col_t, and its (FN, N * out_h * out_w) result already
# is the next layer's input in the same layout: no transpose copy anywhere on the way.


def channels_first(x: np.ndarray, pad: int = 0) -> np.ndarray:
    """x (N, C, H, W) as a (C, N, H + 2 pad, W + 2 pad) array, zero-padded; a view if pad is 0."""
    N, C, H, W = x.shape
    if not pad:
        return x.transpose(1, 0, 2, 3)
    xp = np.zeros((C, N, H + 2 * pad, W + 2 * pad), dtype=x.dtype)
    xp[:, :, pad : pad + H, pad : pad + W] = x.transpose(1, 0, 2, 3)
    return xp


def im2col_transposed(
    input_data: np.ndarray, filter_h: int, filter_w: int, stride: int = 1, pad: int = 0
) -> np.ndarray:
    """``im2col(input_data, ...).T`` as a C-contiguous array: (C * FH * FW, N * out_h * out_w).

    Built directly, not by transposing: the strided windows view is copied once, in runs of
    out_w adjacent pixels, whatever the memory layout of the input.
    """
    N, C = input_data.shape[:2]
    out_h, out_w = _out_hw(input_data.shape, filter_h, filter_w, stride, pad)
    xc = channels_first(input_data, pad)
    win = sliding_window_view(xc, (filter_h, filter_w), axis=(2, 3))[:, :, ::stride, ::stride]
    # (C, N, oh, ow, i, j) -> (C, i, j, N, oh, ow): rows (c, i, j), columns (n, oh, ow).
    rows = C * filter_h * filter_w
    return win.transpose(0, 4, 5, 1, 2, 3).reshape(rows, N * out_h * out_w)


def col2im_transposed(
    col_t: np.ndarray,
    input_shape: tuple[int, ...],
    filter_h: int,
    filter_w: int,
    stride: int = 1,
    pad: int = 0,
) -> np.ndarray:
    """``col2im(col_t.T, ...)``: an (N, C, H, W) array stored in memory as (C, N, H, W)."""
    N, C, H, W = input_shape
    out_h, out_w = _out_hw(input_shape, filter_h, filter_w, stride, pad)
    expected = (C * filter_h * filter_w, N * out_h * out_w)
    if col_t.shape != expected:
        raise ValueError(
            f"col2im_transposed: col_t has shape {col_t.shape}, but input shape "
            f"{tuple(input_shape)} with this filter, stride and pad gives {expected}"
        )
    win = col_t.reshape(C, filter_h, filter_w, N, out_h, out_w)
    img = np.zeros((C, N, H + 2 * pad, W + 2 * pad), dtype=col_t.dtype)
    for i in range(filter_h):
        for j in range(filter_w):
            img[offset_slice(i, j, stride, out_h, out_w)] += win[:, i, j]
    return img[:, :, pad : pad + H, pad : pad + W].transpose(1, 0, 2, 3)


# -- stride 1: columns over the padded width, a few images at a time -------------------------
#
# Store the zero-padded input as one row per channel, (C, N * Hp * Wp), images and image rows
# one after the other. At stride 1 the window element (i, j) of output position (y, x) of image
# n sits at n * Hp * Wp + (y + i) * Wp + (x + j) of that row. Letting x run over the padded
# width Wp instead of out_w (the last FW - 1 columns of each output row are junk, dropped by
# the caller), the elements (i, j) of a whole image form ONE contiguous run of out_h * Wp
# values: the column matrix is copied in long runs, and col2im adds long runs. Done for a few
# images at a time, the columns stay in the processor's cache between copy and product.


def padded_rows(x: np.ndarray, pad: int, filter_w: int) -> np.ndarray:
    """x (N, C, H, W) zero-padded, as (C, N * Hp * Wp + filter_w - 1): one row per channel.

    The filter_w - 1 zeros at the end are read only into the last image's junk columns.
    """
    N, C, H, W = x.shape
    Hp, Wp = H + 2 * pad, W + 2 * pad
    rows = np.zeros((C, N * Hp * Wp + filter_w - 1), dtype=x.dtype)
    image = rows[:, : N * Hp * Wp].reshape(C, N, Hp, Wp)
    image[:, :, pad : pad + H, pad : pad + W] = x.transpose(1, 0, 2, 3)
    return rows


def _runs(rows: np.ndarray, hw: tuple[int, int], filter_h: int, filter_w: int, first: int,
          count: int) -> np.ndarray:  # fmt: skip
    """View (C, FH, FW, count, out_h * Wp) of rows: element (c, i, j, n, k) is pixel k of the
    run that window element (i, j) reads in image first + n."""
    Hp, Wp = hw
    step = rows.strides[1]
    shape = (rows.shape[0], filter_h, filter_w, count, (Hp - filter_h + 1) * Wp)
    strides = (rows.strides[0], Wp * step, step, Hp * Wp * step, step)
    start = rows[:, first * Hp * Wp :]
    return as_strided(start, shape, strides, writeable=rows.flags.writeable)


def wide_columns(rows: np.ndarray, hw: tuple[int, int], filter_h: int, filter_w: int,
                 first: int, out: np.ndarray) -> np.ndarray:  # fmt: skip
    """The column matrix of images first.. first + len, junk columns included, into out.

    out has shape (C, FH, FW, count, out_h * Wp); row (c, i, j), column (n, y, x) of
    ``out.reshape(C * FH * FW, -1)`` is im2col's transpose wherever x < out_w.
    """
    np.copyto(out, _runs(rows, hw, filter_h, filter_w, first, out.shape[3]))
    return out


def add_wide_columns(rows: np.ndarray, hw: tuple[int, int], dcol: np.ndarray, first: int) -> None:
    """col2im of wide_columns: add dcol (C, FH, FW, count, out_h * Wp) into rows, in place.

    Junk columns of dcol must be zero: they land on real pixels of the next image row.
    """
    _, filter_h, filter_w, count, _ = dcol.shape
    target = _runs(rows, hw, filter_h, filter_w, first, count)
    for i in range(filter_h):
        for j in range(filter_w):
            target[:, i, j] += dcol[:, i, j]
