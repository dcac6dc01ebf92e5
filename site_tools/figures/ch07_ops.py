"""Chapter 7's operations drawn from the numbers the library computes: the sliding window of a
convolution, padding, stride, channels, the data blocks with FN filters and a batch, max
pooling and im2col. The example arrays are the page's own (ch07/index.md uses the same ones)."""

from __future__ import annotations

import numpy as np

from scratch.im2col import im2col
from scratch.layers import Convolution, Pooling
from site_tools.figures import figure, text
from site_tools.figures.grids import (
    ARROW,
    COLORS,
    CONV,
    LIGHT,
    PAD_FILL,
    TIMES,
    block,
    block_extent,
    canvas,
    cells,
    frame,
    label,
)

# The page's examples: a 4x4 input and a filter that responds to bright-left/dark-right edges.
CONV_X = np.array([[1, 2, 0, 1], [0, 1, 3, 2], [2, 0, 1, 0], [1, 1, 0, 2]], dtype=float)
EDGE_W = np.array([[1, 0, -1], [1, 0, -1], [1, 0, -1]], dtype=float)
STRIDE_X = np.arange(49.0).reshape(7, 7) % 4
POOL_X = np.array([[1, 2, 0, 1], [0, 4, 3, 2], [2, 0, 1, 0], [1, 5, 0, 2]], dtype=float)
X3 = (np.arange(48.0) % 5).reshape(3, 4, 4)
W3 = (np.arange(27.0) % 3 - 1).reshape(3, 3, 3)
IM2COL_W = np.array([[1.0, 2.0], [0.0, -1.0]])


def convolve(x: np.ndarray, w: np.ndarray, stride: int = 1, pad: int = 0) -> np.ndarray:
    """One image (C, H, W) or (H, W) through the library's Convolution with one filter."""
    x4 = x.reshape((1, -1, *x.shape[-2:]))
    w4 = w.reshape((1, -1, *w.shape[-2:]))
    return Convolution(w4, np.zeros(1), stride=stride, pad=pad).forward(x4)[0, 0]


def _window(rows: int, cols: int, top: int, left: int, color: str) -> dict:
    return {(top + a, left + b): color for a in range(rows) for b in range(cols)}


@figure("ch07/conv-steps")
def conv_steps(lang: str):
    """The 3x3 filter visits the four positions of a 4x4 input; each writes one output cell."""
    out = convolve(CONV_X, EDGE_W)
    fig, ax = canvas(lang, -0.3, 16.3, -16.2, 1.0, unit=0.4)
    label(ax, 8, 0.4, text(lang, "필터", "filter"), fontsize=12)
    cells(ax, EDGE_W, 6.5, 0, fontsize=12)
    positions = list(np.ndindex(out.shape))
    for k, (i, j) in enumerate(positions):
        sx, sy = (k % 2) * 8.6, -4.6 - (k // 2) * 6.0
        window = _window(3, 3, i, j, LIGHT[k])
        cells(ax, CONV_X, sx, sy, fills=window, fontsize=12, corner=tuple(window))
        frame(ax, sx + j, sy - i, 3, 3, COLORS[k])
        for a, b in np.ndindex(EDGE_W.shape):  # the weight each input value is multiplied by
            ax.text(sx + j + b + 0.95, sy - i - a - 0.95, f"{TIMES}{EDGE_W[a, b]:g}",
                    ha="right", va="bottom", fontsize=8.5, color="#333333")  # fmt: skip
        label(ax, sx + 4.75, sy - 2, ARROW, fontsize=16)
        later = tuple(positions[k + 1 :])
        cells(ax, out, sx + 5.5, sy - 1, fills={(i, j): LIGHT[k]}, bold=((i, j),), blank=later,
              fontsize=12)  # fmt: skip
        frame(ax, sx + 5.5 + j, sy - 1 - i, 1, 1, COLORS[k])
        words = text(lang, f"{k + 1}단계: 출력 ({i}, {j}) = {out[i, j]:g}",
                     f"step {k + 1}: output ({i}, {j}) = {out[i, j]:g}")  # fmt: skip
        label(ax, sx + 3.7, sy - 4.6, words, fontsize=11)
    return fig


@figure("ch07/padding")
def padding(lang: str):
    """Padding 1 around the 4x4 input: a 3x3 filter now gives a 4x4 output."""
    padded = np.pad(CONV_X, 1)
    out = convolve(CONV_X, EDGE_W, pad=1)
    fig, ax = canvas(lang, -0.3, 18.3, -6.6, 1.2, unit=0.36)
    ring = {(i, j): PAD_FILL for i, j in np.ndindex(padded.shape) if i in (0, 5) or j in (0, 5)}
    cells(ax, padded, 0, 0, fills={**ring, **_window(3, 3, 0, 0, LIGHT[0]) | ring})
    frame(ax, 0, 0, 3, 3, COLORS[0])
    frame(ax, 1, -1, 4, 4, "#222222", lw=1.6)
    label(ax, 7, -3, CONV, fontsize=18)
    cells(ax, EDGE_W, 8, -1.5)
    label(ax, 12, -3, "=", fontsize=18)
    cells(ax, out, 13, -1, fills={(0, 0): LIGHT[0]})
    frame(ax, 13, -1, 1, 1, COLORS[0])
    words = text(lang, "입력 4×4, 패딩 1 (회색 칸 = 0)", "input 4×4, padding 1 (grey = 0)")
    label(ax, 3, 0.6, words)
    label(ax, 9.5, -5.1, text(lang, "필터 3×3", "filter 3×3"))
    label(ax, 15, 0.0, text(lang, "출력 4×4", "output 4×4"))
    label(ax, 15, -6.0, text(lang, "입력과 같은 크기", "same size as the input"), color="#555555")
    return fig


@figure("ch07/stride")
def stride(lang: str):
    """Stride 2: the window jumps two cells; a 7x7 input and a 3x3 filter give 3x3."""
    out = convolve(STRIDE_X, EDGE_W, stride=2)
    fig, ax = canvas(lang, -0.3, 17.3, -8.6, 1.4, unit=0.36)
    fills = {**_window(3, 3, 0, 0, LIGHT[0]), **_window(3, 3, 0, 2, LIGHT[1])}
    fills[(0, 2)] = fills[(1, 2)] = fills[(2, 2)] = "#d9c8e0"  # shared by both windows
    cells(ax, STRIDE_X, 0, 0, fills=fills)
    frame(ax, 0, 0, 3, 3, COLORS[0], inset=0.06)
    frame(ax, 2, 0, 3, 3, COLORS[1], inset=0.06)
    ax.annotate("", xy=(3.5, 0.5), xytext=(1.5, 0.5),
                arrowprops={"arrowstyle": "-|>", "color": COLORS[1], "lw": 2})  # fmt: skip
    label(ax, 2.5, 1.0, text(lang, "두 칸 이동", "moves 2"), color=COLORS[1], fontsize=10)
    label(ax, 8.2, -3.5, CONV, fontsize=18)
    cells(ax, EDGE_W, 9.2, -2)
    label(ax, 13.0, -3.5, "=", fontsize=18)
    cells(ax, out, 14, -2, fills={(0, 0): LIGHT[0], (0, 1): LIGHT[1]})
    label(ax, 3.5, -7.6, text(lang, "입력 7×7, 스트라이드 2", "input 7×7, stride 2"))
    label(ax, 10.7, -5.6, text(lang, "필터 3×3", "filter 3×3"))
    label(ax, 15.5, -5.6, text(lang, "출력 3×3", "output 3×3"))
    label(ax, 15.5, -6.6, "(7 - 3) / 2 + 1 = 3", color="#555555", fontsize=10)
    return fig


@figure("ch07/conv-3d")
def conv_3d(lang: str):
    """Three channels: each is convolved with its own slice of the filter, and the three
    results are added into one output map."""
    parts = [convolve(X3[c], W3[c]) for c in range(3)]
    total = convolve(X3, W3)
    fig, ax = canvas(lang, -2.6, 16.3, -14.8, 1.0, unit=0.36)
    for c in range(3):
        y = -c * 5.2
        color = LIGHT[c]
        label(ax, -1.4, y - 2, text(lang, f"채널 {c}", f"channel {c}"), color=COLORS[c])
        cells(ax, X3[c], 0, y, fills=_window(4, 4, 0, 0, color))
        label(ax, 4.7, y - 2, CONV, fontsize=16)
        cells(ax, W3[c], 5.4, y - 0.5, fills=_window(3, 3, 0, 0, color))
        label(ax, 9.0, y - 2, "=", fontsize=16)
        cells(ax, parts[c], 9.6, y - 1)
        if c:
            label(ax, 10.6, y + 1.1, "+", fontsize=16)
    label(ax, 12.5, -7.2, ARROW, fontsize=18)
    cells(ax, total, 13.2, -6.2, bold=tuple(np.ndindex(total.shape)))
    label(ax, 14.2, -4.9, text(lang, "출력 (한 장)", "output (one map)"))
    label(ax, 2, 0.5, text(lang, "입력 (3, 4, 4)", "input (3, 4, 4)"))
    label(ax, 6.9, 0.5, text(lang, "필터 (3, 3, 3)", "filter (3, 3, 3)"))
    label(ax, 10.6, 0.5, text(lang, "채널별 결과", "per channel"))
    return fig


def _shape_caption(ax, x: float, y: float, names: str, shape: tuple[int, ...]) -> None:
    label(ax, x, y, names, fontsize=10)
    label(ax, x, y - 0.8, str(tuple(int(n) for n in shape)), fontsize=10, color="#555555")


def _blocks_row(ax, lang: str, shapes: dict, batch: bool) -> None:
    """input (*) filters -> (FN, OH, OW) + bias -> output, as blocks with shape captions."""
    scale = 0.55  # data units per array element, so that 7 pixels fit the row
    C, H, W = shapes["x"][-3:]
    FN, _, FH, FW = shapes["W"]
    OH, OW = shapes["out"][-2:]
    copies = 3 if batch else 1
    x = 0.0
    for n in reversed(range(copies)):  # the batch: copies drawn back to front
        block(ax, x + n * 0.9, -n * 0.9, C * scale, H * scale, W * scale, LIGHT[0],
              dims=("C", "H", "W") if n == 0 else None)  # fmt: skip
    width, _ = block_extent(C * scale, H * scale, W * scale)
    names = "(N, C, H, W)" if batch else "(C, H, W)"
    _shape_caption(ax, x + width / 2, -1.6 - (copies - 1) * 0.9, names, shapes["x"])
    x += width + (copies - 1) * 0.9 + 0.9
    label(ax, x, H * scale / 2, CONV, fontsize=16)
    x += 0.9
    for k in reversed(range(4)):  # FN filters, drawn as a deck
        block(ax, x + k * 0.45, H * scale / 2 - FH * scale / 2 - k * 0.45, C * scale,
              FH * scale, FW * scale, LIGHT[1])  # fmt: skip
    label(ax, x + 0.9, H * scale / 2 + FH * scale / 2 + 1.2, text(lang, "FN개", "FN filters"))
    fwidth = block_extent(C * scale, FH * scale, FW * scale)[0] + 3 * 0.45
    _shape_caption(ax, x + fwidth / 2, -1.6, "(FN, C, FH, FW)", shapes["W"])
    x += fwidth + 0.9
    for step, (name, fill) in enumerate(((None, LIGHT[2]), ("b", LIGHT[3]), ("out", LIGHT[2]))):
        label(ax, x, H * scale / 2, (ARROW, "+", ARROW)[step], fontsize=16)
        x += 0.8
        depth, high, wide = (FN, 1, 1) if name == "b" else (FN, OH, OW)
        for n in reversed(range(copies if name != "b" else 1)):
            block(ax, x + n * 0.9, -n * 0.9, depth * scale, high * scale, wide * scale, fill,
                  dims=("FN", "OH", "OW") if name != "b" and n == 0 else None)  # fmt: skip
        width, _ = block_extent(depth * scale, high * scale, wide * scale)
        extra = (copies - 1) * 0.9 if name != "b" else 0
        if name == "b":
            _shape_caption(ax, x + width / 2, -1.6, "(FN, 1, 1)", shapes["b"])
        elif name == "out":
            names = "(N, FN, OH, OW)" if batch else "(FN, OH, OW)"
            _shape_caption(ax, x + width / 2, -1.6 - extra, names, shapes["out"])
        x += width + extra + 0.9


@figure("ch07/conv-blocks")
def conv_blocks(lang: str):
    """One image (C, H, W) and FN filters give FN output maps; the bias adds one number each."""
    shapes = _example_shapes(batch=False)
    fig, ax = canvas(lang, -1.2, 27.5, -3.2, 5.4, unit=0.26)
    _blocks_row(ax, lang, shapes, batch=False)
    return fig


@figure("ch07/conv-batch")
def conv_batch(lang: str):
    """The same with a batch of N images: every array gets the batch axis in front."""
    shapes = _example_shapes(batch=True)
    fig, ax = canvas(lang, -1.2, 30.0, -5.0, 6.4, unit=0.24)
    _blocks_row(ax, lang, shapes, batch=True)
    n = shapes["x"][0]
    label(ax, 1.2, 5.8, text(lang, f"데이터 N = {n}개", f"N = {n} images"))
    return fig


def _example_shapes(batch: bool) -> dict[str, tuple[int, ...]]:
    """The page's example (10 images, 3 channels, 7x7; 5 filters 3x3, stride 2, pad 1),
    shapes as the library's Convolution computes them."""
    x = np.zeros((10, 3, 7, 7))
    conv = Convolution(np.zeros((5, 3, 3, 3)), np.zeros(5), stride=2, pad=1)
    out = conv.forward(x)
    shapes = {"x": x.shape, "W": conv.W.shape, "b": conv.b.shape, "out": out.shape}
    if not batch:
        shapes["x"], shapes["out"] = x.shape[1:], out.shape[1:]
    return shapes


@figure("ch07/max-pooling")
def max_pooling(lang: str):
    """2x2 max pooling at stride 2: each window keeps its largest value."""
    out = Pooling(2, 2, stride=2).forward(POOL_X[None, None])[0, 0]
    fig, ax = canvas(lang, -0.3, 10.3, -5.4, 1.0, unit=0.42)
    fills, bold = {}, []
    for k, (i, j) in enumerate(np.ndindex(out.shape)):
        fills.update(_window(2, 2, 2 * i, 2 * j, LIGHT[k]))
        window = POOL_X[2 * i : 2 * i + 2, 2 * j : 2 * j + 2]
        a, b = np.unravel_index(np.argmax(window), window.shape)
        bold.append((2 * i + a, 2 * j + b))
        frame(ax, 2 * j, -2 * i, 2, 2, COLORS[k], inset=0.05)
    cells(ax, POOL_X, 0, 0, fills=fills, bold=tuple(bold), fontsize=13)
    label(ax, 5.5, -2, ARROW, fontsize=18)
    cells(ax, out, 7, -1, fills={ij: LIGHT[k] for k, ij in enumerate(np.ndindex(out.shape))},
          bold=tuple(np.ndindex(out.shape)), fontsize=13)  # fmt: skip
    label(ax, 2, 0.5, text(lang, "입력 4×4", "input 4×4"))
    label(ax, 8, 0.0, text(lang, "출력 2×2", "output 2×2"))
    label(ax, 5, -4.8, text(lang, "2×2 창, 스트라이드 2: 창마다 최댓값(굵게) 하나",
                            "2×2 windows, stride 2: the largest value (bold) of each"))  # fmt: skip
    return fig


@figure("ch07/im2col")
def im2col_figure(lang: str):
    """A 3x3 image and a 2x2 filter: im2col puts each window in a row (beside it, the window
    it came from), the filter becomes a column, and one matrix product gives the outputs."""
    x = np.arange(9.0).reshape(1, 1, 3, 3)
    w = IM2COL_W
    col = im2col(x, 2, 2)
    out = col @ w.reshape(-1, 1)
    fig, ax = canvas(lang, -0.3, 19.6, -5.6, 1.3, unit=0.38)
    cells(ax, x[0, 0], 0, -0.5, fontsize=12)
    label(ax, 1.5, 0.6, text(lang, "입력 3×3", "input 3×3"))
    label(ax, 3.6, -2.0, ARROW, fontsize=16)
    for k, (i, j) in enumerate(np.ndindex(2, 2)):  # each window, small, beside its row
        mini = 0.3
        cells(ax, x[0, 0], 4.3, -k - 0.05, fills=_window(2, 2, i, j, COLORS[k]), size=mini,
              fontsize=0)  # fmt: skip
    cells(ax, col, 5.6, 0, fills={(r, c): LIGHT[r] for r, c in np.ndindex(col.shape)},
          fontsize=12)  # fmt: skip
    label(ax, 7.6, 0.6, "im2col")
    label(ax, 7.0, -4.7, text(lang, "창 하나 = 한 행", "one window per row"), fontsize=10)
    label(ax, 10.3, -2, "@", fontsize=15)
    cells(ax, w.reshape(-1, 1), 11.0, 0, fontsize=12)
    label(ax, 11.5, 0.6, text(lang, "펼친 필터", "filter as a column"))
    label(ax, 12.7, -2, "=", fontsize=16)
    cells(ax, out, 13.4, 0, fills={(r, 0): LIGHT[r] for r in range(4)}, fontsize=12)
    label(ax, 14.9, -2, ARROW, fontsize=16)
    squares = {ij: LIGHT[k] for k, ij in enumerate(np.ndindex(2, 2))}
    cells(ax, out.reshape(2, 2), 15.6, -1, fills=squares, fontsize=12)
    label(ax, 16.6, -3.5, text(lang, "출력 2×2", "output 2×2"))
    filt = str(w.astype(int).tolist())
    label(ax, 12.2, -4.7, text(lang, f"필터 {filt}", f"filter {filt}"), fontsize=10,
          color="#555555")  # fmt: skip
    return fig
