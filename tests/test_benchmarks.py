"""The performance work: fast paths equal the reference, float32 stays float32, results file.

Speed itself is recorded by ``python -m benchmarks.run``, never asserted here: a timed test
flakes on a shared machine.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from scratch.im2col import (
    add_wide_columns,
    col2im,
    col2im_transposed,
    im2col,
    im2col_transposed,
    padded_rows,
    wide_columns,
)
from scratch.layers import Affine, Convolution, Pooling, Relu
from scratch.networks import DeepConvNet, SimpleConvNet, TwoLayerNet
from scratch.optimizers import SGD
from tests.test_im2col import ALL_GEOMETRIES


def cnhw(x: np.ndarray) -> np.ndarray:
    """The same (N, C, H, W) values stored as (C, N, H, W), as Convolution returns them."""
    return np.ascontiguousarray(x.transpose(1, 0, 2, 3)).transpose(1, 0, 2, 3)


# -- im2col in the layout Convolution uses ---------------------------------------------------


@pytest.mark.parametrize("geometry", ALL_GEOMETRIES, ids=str)
def test_transposed_im2col_is_the_readable_one_transposed(geometry: tuple[int, ...]) -> None:
    n, c, h, w, fh, fw, stride, pad = geometry
    rng = np.random.default_rng(sum(geometry) + 7)
    x = rng.standard_normal((n, c, h, w))
    col = im2col(x, fh, fw, stride, pad)
    for stored in (x, cnhw(x)):  # the result must not depend on the memory layout
        col_t = im2col_transposed(stored, fh, fw, stride, pad)
        np.testing.assert_array_equal(col_t, col.T)
        assert col_t.flags.c_contiguous
    dcol = rng.standard_normal(col.shape)
    dx = col2im_transposed(np.ascontiguousarray(dcol.T), x.shape, fh, fw, stride, pad)
    np.testing.assert_allclose(dx, col2im(dcol, x.shape, fh, fw, stride, pad), rtol=1e-12)


def test_transposed_col2im_rejects_a_wrong_shape() -> None:
    with pytest.raises(ValueError, match=r"\(4, 5\)"):
        col2im_transposed(np.ones((4, 5)), (1, 1, 3, 3), 2, 2)


def test_transposed_paths_keep_float32() -> None:
    x = np.ones((2, 3, 5, 5), dtype=np.float32)
    col_t = im2col_transposed(x, 3, 3, 1, 1)
    assert col_t.dtype == np.float32
    assert col2im_transposed(col_t, x.shape, 3, 3, 1, 1).dtype == np.float32


# -- stride 1: wide columns, a few images at a time --------------------------------------------


def wide_geometry(seed: int) -> tuple[int, ...]:
    """Random (N, C, H, W, FH, FW, pad) at stride 1, pads beyond the filter size included."""
    rng = np.random.default_rng(seed)
    fh, fw = (int(v) for v in rng.integers(1, 6, 2))
    pad = int(rng.integers(0, 4))
    h, w = (int(v) for v in rng.integers(max(fh, fw), 12, 2))
    n, c = (int(v) for v in rng.integers(1, 6, 2))
    return n, c, h, w, fh, fw, pad


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("seed", range(12))
def test_wide_columns_are_im2col_plus_junk_and_add_back_like_col2im(seed: int, dtype) -> None:
    n, c, h, w, fh, fw, pad = wide_geometry(seed)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, c, h, w)).astype(dtype)
    hw = (h + 2 * pad, w + 2 * pad)
    out_h, out_w = hw[0] - fh + 1, hw[1] - fw + 1
    rows = padded_rows(x, pad, fw)
    cols = np.empty((c, fh, fw, n, out_h * hw[1]), dtype=dtype)
    wide_columns(rows, hw, fh, fw, 0, cols)
    real = cols.reshape(c * fh * fw, n, out_h, hw[1])[..., :out_w].reshape(c * fh * fw, -1)
    np.testing.assert_array_equal(real, im2col(x, fh, fw, 1, pad).T)
    for first in range(n):  # one image at a time, from any image on
        one = np.empty((c, fh, fw, 1, out_h * hw[1]), dtype=dtype)
        np.testing.assert_array_equal(
            wide_columns(rows, hw, fh, fw, first, one), cols[:, :, :, first : first + 1]
        )
    dcol = rng.standard_normal(cols.shape).astype(dtype)
    dcol.reshape(-1, n, out_h, hw[1])[..., out_w:] = 0  # junk columns carry no gradient
    drows = np.zeros_like(rows)
    add_wide_columns(drows, hw, dcol, 0)
    image = drows[:, : n * hw[0] * hw[1]].reshape(c, n, *hw)[:, :, pad : pad + h, pad : pad + w]
    dreal = dcol.reshape(c * fh * fw, n, out_h, hw[1])[..., :out_w].reshape(c * fh * fw, -1)
    reference = col2im(np.ascontiguousarray(dreal.T), x.shape, fh, fw, 1, pad)
    np.testing.assert_allclose(
        image.transpose(1, 0, 2, 3),
        reference,
        rtol=1e-5 if dtype == np.float32 else 1e-12,
        atol=1e-5 if dtype == np.float32 else 1e-12,
    )


def book_convolution(x, W, b, pad, dout):
    """The book's layer in float64: im2col, one product, col2im. Returns out, dx, dW, db."""
    FN, _, FH, FW = W.shape
    N, _, out_h, out_w = dout.shape
    col = im2col(x.astype(np.float64), FH, FW, 1, pad)
    W_mat = W.reshape(FN, -1).astype(np.float64)
    out = (col @ W_mat.T + b).reshape(N, out_h, out_w, FN).transpose(0, 3, 1, 2)
    d = dout.astype(np.float64).transpose(0, 2, 3, 1).reshape(-1, FN)
    dx = col2im(d @ W_mat, x.shape, FH, FW, 1, pad)
    return out, dx, (d.T @ col).reshape(W.shape), d.sum(axis=0)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("chunk_bytes", [1, 700, 4 << 20])
@pytest.mark.parametrize("seed", range(10))
def test_stride_1_convolution_equals_the_books_at_any_chunk_size(
    seed, chunk_bytes, dtype, monkeypatch
) -> None:
    """Chunks of one image, of a few, and the whole batch: the book's values each time."""
    import scratch.layers.convolution as convolution

    monkeypatch.setattr(convolution, "CHUNK_BYTES", chunk_bytes)
    monkeypatch.setattr(convolution, "WIDE_JUNK", 1)  # the wide columns even on small images
    n, c, h, w, fh, fw, pad = wide_geometry(seed + 100)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, c, h, w)).astype(dtype)
    fn = int(rng.integers(1, 6))
    W, b = rng.standard_normal((fn, c, fh, fw)).astype(dtype), rng.standard_normal(fn).astype(dtype)
    layer = Convolution(W, b, 1, pad)
    out = layer.forward(cnhw(x) if seed % 2 else x)
    dout = rng.standard_normal(out.shape).astype(dtype)
    dx = layer.backward(cnhw(dout) if seed % 3 else dout)
    tol = {"rtol": 1e-4, "atol": 1e-4} if dtype == np.float32 else {"rtol": 1e-11, "atol": 1e-11}
    for mine, book in zip(
        (out, dx, layer.dW, layer.db), book_convolution(x, W, b, pad, dout), strict=True
    ):
        assert mine.dtype == dtype
        np.testing.assert_allclose(mine, book, **tol)
    np.testing.assert_array_equal(layer.col_t, im2col(x, fh, fw, 1, pad).T)


@pytest.mark.parametrize("where", ["x", "W"])
def test_stride_1_convolution_keeps_inf_and_nan_where_the_book_has_them(
    where: str, monkeypatch
) -> None:
    """Junk columns must not turn 0 * inf into NaN anywhere the book's layer has a number."""
    import scratch.layers.convolution as convolution

    rng = np.random.default_rng(5)
    x, W, b = rng.standard_normal((3, 2, 6, 7)), rng.standard_normal((4, 2, 3, 3)), np.zeros(4)
    if where == "x":
        x[1, 0, 2, 6] = np.inf  # the last column: junk columns of the row above read it
    else:
        W[2, 1, 0, 0] = np.inf
    monkeypatch.setattr(convolution, "WIDE_JUNK", 1)
    layer = Convolution(W, b, 1, 1)
    with np.errstate(invalid="ignore"):  # inf * 0 happens in the book's layer too
        out = layer.forward(x)
        dout = rng.standard_normal(out.shape)
        dx = layer.backward(dout)
        book = book_convolution(x, W, b, 1, dout)
    for mine, reference in zip((out, dx, layer.dW, layer.db), book, strict=True):
        np.testing.assert_array_equal(np.isnan(mine), np.isnan(reference))
        np.testing.assert_allclose(
            mine[np.isfinite(reference)], reference[np.isfinite(reference)], rtol=1e-12
        )


# -- layers: same values whatever the memory layout; the book's attributes still there --------


def test_convolution_col_is_the_books_per_image_layout() -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 2, 6, 5))
    conv = Convolution(rng.standard_normal((4, 2, 3, 3)), rng.standard_normal(4), 1, 1)
    conv.forward(x)
    for n in range(3):
        np.testing.assert_array_equal(conv.col[n], im2col(x[n : n + 1], 3, 3, 1, 1).T)


@pytest.mark.parametrize("shape", [(3, 4, 8, 8), (2, 3, 7, 9)], ids=str)
@pytest.mark.parametrize("pool", [(2, 2, 2, 0), (3, 3, 2, 1), (2, 2, 1, 0)], ids=str)
def test_pooling_does_not_depend_on_memory_layout(shape, pool) -> None:
    rng = np.random.default_rng(1)
    # Rounded values and ReLU-like zeros: many ties, which must go to the first maximum.
    x = np.maximum(np.round(rng.standard_normal(shape)), 0)
    reference = Pooling(*pool)
    out = reference.forward(x)
    dout = rng.standard_normal(out.shape)
    dx = reference.backward(dout)
    layer = Pooling(*pool)
    np.testing.assert_array_equal(layer.forward(cnhw(x)), out)
    np.testing.assert_array_equal(layer.backward(cnhw(dout)), dx)
    np.testing.assert_array_equal(layer.backward(dout), dx)


def test_pooling_ties_go_to_the_first_maximum_in_the_tiled_case() -> None:
    pool = Pooling(2, 2, stride=2)
    pool.forward(np.zeros((1, 1, 2, 4)))
    dx = pool.backward(np.ones((1, 1, 1, 2)))
    np.testing.assert_array_equal(dx[0, 0], [[1, 0, 1, 0], [0, 0, 0, 0]])


def test_relu_mask_is_the_books_including_nan() -> None:
    relu = Relu()
    out = relu.forward(np.array([-1.0, 0.0, 2.0, np.nan, -np.inf]))
    np.testing.assert_array_equal(relu.mask, [True, True, False, False, True])
    np.testing.assert_array_equal(out, [0.0, 0.0, 2.0, np.nan, 0.0])


@pytest.mark.parametrize("make", ["affine", "conv"])
def test_backward_params_gives_the_same_gradients_as_backward(make: str) -> None:
    rng = np.random.default_rng(2)
    if make == "affine":
        layer, x = Affine(rng.standard_normal((6, 3)), rng.standard_normal(3)), (4, 2, 3)
    else:
        layer = Convolution(rng.standard_normal((3, 2, 3, 3)), rng.standard_normal(3), 2, 1)
        x = (2, 2, 7, 6)
    out = layer.forward(rng.standard_normal(x))
    dout = rng.standard_normal(out.shape)
    layer.backward(dout)
    full = {name: layer.grad(name).copy() for name in layer.params}
    layer.backward_params(dout)
    for name in layer.params:
        np.testing.assert_array_equal(layer.grad(name), full[name])


def test_network_gradient_equals_the_plain_backward_loop() -> None:
    rng = np.random.default_rng(3)
    net = SimpleConvNet(
        input_dim=(1, 10, 10),
        conv_param={"filter_num": 3, "filter_size": 3, "pad": 1, "stride": 1},
        hidden_size=5,
        rng=0,
    )
    x, t = rng.standard_normal((4, 1, 10, 10)), np.array([0, 1, 2, 3])
    grads = net.gradient(x, t)
    net.loss(x, t, train_flg=True)
    dout = net.last_layer.backward(1)
    for layer in reversed(list(net.layers.values())):
        dout = layer.backward(dout)
    for key, (layer, attr) in net._slots().items():
        np.testing.assert_array_equal(grads[key], layer.grad(attr))


# -- float32 end to end ----------------------------------------------------------------------


def small_networks():
    return [
        TwoLayerNet(784, 20, 10, rng=0, dtype=np.float32),
        SimpleConvNet(rng=0, dtype=np.float32),
        DeepConvNet(rng=0, dtype=np.float32),
    ]


@pytest.mark.parametrize("net", small_networks(), ids=lambda n: type(n).__name__)
def test_every_intermediate_of_a_float32_step_is_float32(net) -> None:
    """Forward outputs, backward gradients, parameter gradients and updated parameters."""
    rng = np.random.default_rng(4)
    x = rng.random((5, 1, 28, 28), dtype=np.float32)
    if isinstance(net, TwoLayerNet):
        x = x.reshape(5, -1)
    t = np.arange(5)
    seen: list[tuple[str, np.dtype]] = []
    h = x
    for name, layer in net.layers.items():
        h = layer.forward(h, train_flg=True)
        seen.append((f"{name} forward", h.dtype))
    assert isinstance(net.last_layer.forward(h, t), float)
    dout = net.last_layer.backward(1)
    seen.append(("loss backward", dout.dtype))
    for name, layer in reversed(net.layers.items()):
        dout = layer.backward(dout)
        seen.append((f"{name} backward", dout.dtype))
        if hasattr(layer, "col_t"):
            seen.append((f"{name} col_t", layer.col_t.dtype))
    grads = net.gradient(x, t)
    seen += [(f"grad {k}", g.dtype) for k, g in grads.items()]
    SGD(lr=0.1).update(net.params, grads)
    seen += [(f"param {k}", p.dtype) for k, p in net.params.items()]
    assert [s for s in seen if s[1] != np.float32] == []


# -- the benchmark code and its results file --------------------------------------------------


def test_results_files_have_every_model_and_the_machine() -> None:
    from benchmarks.report import RESULTS_FILE, load_results

    for path in (RESULTS_FILE, RESULTS_FILE.with_name("previous.json")):  # the two recorded runs
        check_results(load_results(path))


def check_results(results: dict) -> None:
    from benchmarks.report import MODELS, limit_table, profile_table, speed_table

    assert {"cpu", "logical_cores", "numpy", "threadpools"} <= set(results["machine"])
    headline = results["headline"]
    for model in MODELS:
        row = headline[model]
        assert {"scratch_float32", "scratch_float64"} <= set(row)
        for name, variant in row.items():
            if isinstance(variant, dict):
                assert variant["min_ms"] <= variant["q1_ms"] <= variant["median_ms"], name
                assert variant["median_ms"] <= variant["q3_ms"] <= variant["max_ms"], name
                assert len(variant["round_medians_ms"]) == headline["plan"]["rounds"]
    assert speed_table(results).count("\n") == len(MODELS)
    assert limit_table(results).count("\n") == len(MODELS) + 1
    for model in ("simple_convnet", "deep_convnet"):
        parts = {p["part"] for p in results["profile"][model]}
        assert {"Conv1 forward", "Conv1 backward", "SGD update", "step"} <= parts
        assert "one step" in profile_table(results, model)
    json.dumps(results)  # plain JSON types only


def test_flop_count_is_the_formula_on_the_layer_shapes() -> None:
    """SimpleConvNet by hand: conv 1->30 5x5 on 28x28 (24x24 out), 4320->100, 100->10."""
    from benchmarks.profile import step_flop

    conv = 100 * 24 * 24 * 30 * 1 * 5 * 5  # multiply-adds of the forward product
    affine = 100 * 4320 * 100 + 100 * 100 * 10
    # forward + dW for the first layer (its dx is skipped), forward + dW + dx for the others
    assert step_flop("simple_convnet") == 2 * (2 * conv + 3 * affine)
    assert step_flop("mlp") == 2 * (2 * 100 * 784 * 50 + 3 * 100 * 50 * 10)
    assert round(step_flop("deep_convnet") / 1e9, 2) == 5.24  # the count


def test_headline_alternates_and_pools_every_round(monkeypatch) -> None:
    """With a stand-in for pyperf: the order rotates, every round's values are pooled."""
    pytest.importorskip(
        "pyperf", reason="the benchmark harness needs pyperf: pip install -e '.[bench]'"
    )
    from benchmarks import headline

    calls: list[tuple] = []

    def fake_run(lib, model, dtype, batch_file, plan):
        calls.append((lib, model, dtype))
        ms = {"gemm": 80.0, "scratch": 2.0, "torch": 4.0}[lib] * (2 if dtype == "float64" else 1)
        value = ms * (1 + len(calls) / 1000) / 1e3
        return {"benchmarks": [{"runs": [{"warmups": [[1, 9.9]], "values": [value, value]}]}]}

    monkeypatch.setattr(headline, "pyperf_run", fake_run)
    plan = {"rounds": 3, "processes": 1, "values": 2}
    out = headline.headline("unused.npz", True, plan)
    todo = headline.variants(True)
    assert calls[: len(todo)] == todo
    assert calls[len(todo) : 2 * len(todo)] == todo[1:] + todo[:1]
    row = out["deep_convnet"]
    assert row["scratch_float32"]["values"] == 6
    assert len(row["scratch_float32"]["round_medians_ms"]) == 3
    assert 0.49 < row["scratch_float32"]["ratio_to_torch"] < 0.51
    assert 1.9 < row["f64_over_f32"] < 2.1
    limit = out["gemm_float32"]["gflop_per_s"]
    rate = row["gflop_per_step"] / row["scratch_float32"]["median_ms"] * 1e3
    assert abs(row["scratch_float32"]["share_of_limit"] - rate / limit) < 1e-3


def test_interleaved_timing_rotates_the_order() -> None:
    from benchmarks import timing

    calls: list[str] = []
    steps = {name: (lambda name=name: calls.append(name)) for name in "abc"}
    result = timing.time_interleaved(steps, per_round=1, rounds=3)
    assert calls[: 3 * (timing.WARMUP_ROUNDS + 1)][-3:] == ["c", "a", "b"]
    assert all(result[name]["rounds"] == 3 for name in "abc")


@pytest.mark.parametrize("model", ["mlp", "simple_convnet", "deep_convnet"])
def test_torch_models_have_the_same_parameter_count(model: str) -> None:
    pytest.importorskip("torch", reason="PyTorch is optional (the 'bench' extra)")
    from benchmarks.models import scratch_model, torch_model

    mine = sum(p.size for p in scratch_model(model, np.float32).params.values())
    theirs = sum(p.numel() for p in torch_model(model).parameters())
    assert mine == theirs
