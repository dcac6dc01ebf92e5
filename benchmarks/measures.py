"""Measurements beside the speed table: peak memory of a step, numerical vs backprop
gradient time, and one training epoch (Adam) on Fashion-MNIST, each library in its own process."""

from __future__ import annotations

import json
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from benchmarks.models import MODELS, scratch_step, torch_step
from benchmarks.timing import THREADS, batch, clean_env, have_torch, run_child


def tracemalloc_peak(model: str, dtype: type) -> float:
    """MiB allocated at the peak of one scratch training step, above what was live before it."""
    x, t = batch()
    step = scratch_step(model, dtype, x, t)
    step()  # the first step creates the layers' caches; measure a steady-state step
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    step()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return round((peak - base) / 2**20, 2)


def maxrss_child(lib: str, model: str, batch_file: str) -> None:
    """Run in a fresh process: print how far 3 training steps lift the peak resident
    memory (MiB) above the resident memory before the model was built. The batch comes from
    a small file, so that loading the data set leaves no high-water mark above the step's.
    """
    threadpool_limits(THREADS, user_api="blas")
    if lib == "torch":
        import torch

        torch.set_num_threads(THREADS)
    data = np.load(batch_file)
    x, t = data["x"], data["t"]
    # Libraries set up their own buffers on first use (OpenBLAS per thread): not the model's.
    warm = np.ones((256, 256), dtype=np.float32)
    _ = warm @ warm
    if lib == "torch":
        _ = torch.from_numpy(warm) @ torch.from_numpy(warm)
    before = proc_status_kib("VmRSS")
    step = torch_step(model, x, t) if lib == "torch" else scratch_step(model, np.float32, x, t)
    for _ in range(3):
        step()
    peak = proc_status_kib("VmHWM")
    print(json.dumps({"peak_rss_growth_mib": round((peak - before) / 1024, 1)}))


def proc_status_kib(field: str) -> int:
    """VmRSS (resident now) or VmHWM (its high-water mark) from /proc/self/status, in KiB.

    VmHWM rather than ru_maxrss: Linux carries ru_maxrss over from the parent process
    across fork and exec, so a child started by a big parent reports the parent's peak.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def memory() -> dict:
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        batch_file = str(Path(tmp) / "batch.npz")
        np.savez(batch_file, **dict(zip(("x", "t"), batch(), strict=True)))
        libs = ["scratch", "torch"] if have_torch() else ["scratch"]
        for model in MODELS:
            rss = {
                f"{lib}_float32": run_child(["--maxrss-child", lib, model, batch_file])[
                    "peak_rss_growth_mib"
                ]
                for lib in libs
            }
            traced = {
                "scratch_float32": tracemalloc_peak(model, np.float32),
                "scratch_float64": tracemalloc_peak(model, np.float64),
            }
            out[model] = {"tracemalloc_peak_mib": traced, "peak_rss_growth_mib": rss}
            print(f"memory {model}: {out[model]}")
    return out


def gradient_ratio() -> dict:
    """The chapter-5 gradient check setting: TwoLayerNet(784, 50, 10), 3 images, float64."""
    from scratch.networks import TwoLayerNet

    x, t = batch(3)
    net = TwoLayerNet(784, 50, 10, rng=0)
    x = x.reshape(3, -1).astype(np.float64)
    start = time.perf_counter()
    net.numerical_gradient(x, t)
    numerical = time.perf_counter() - start
    backprop = []
    for _ in range(50):
        start = time.perf_counter()
        net.gradient(x, t)
        backprop.append(time.perf_counter() - start)
    median = float(np.median(backprop))
    print(f"gradient: numerical {numerical:.2f} s, backprop {median * 1e6:.0f} us")
    return {
        "network": "TwoLayerNet(784, 50, 10), batch 3, float64",
        "parameters": int(sum(p.size for p in net.params.values())),
        "numerical_s": round(numerical, 3),
        "backprop_median_ms": round(median * 1e3, 4),
        "ratio": round(numerical / median),
    }


def epoch(lib: str = "scratch", lr: float = 0.001) -> dict:
    """One shuffled epoch of SimpleConvNet float32, Adam, on Fashion-MNIST; then test accuracy."""
    from scratch.datasets import fashion_mnist

    x, t = fashion_mnist("train", flatten=False)
    x_test, t_test = fashion_mnist("test", flatten=False)
    x, x_test = x.astype(np.float32), x_test.astype(np.float32)
    order = np.random.default_rng(0).permutation(len(x))
    if lib == "scratch":
        from scratch.networks import SimpleConvNet
        from scratch.optimizers import Adam

        net, opt = SimpleConvNet(rng=0, dtype=np.float32), Adam(lr=lr)
        start = time.perf_counter()
        for i in range(0, len(x), 100):
            b = order[i : i + 100]
            opt.update(net.params, net.gradient(x[b], t[b]))
        seconds = time.perf_counter() - start
        accuracy = net.accuracy(x_test, t_test)
    else:
        import torch
        import torch.nn.functional as F

        from benchmarks.models import torch_model

        torch.manual_seed(0)
        model = torch_model("simple_convnet").train()
        opt = torch.optim.Adam(model.parameters(), lr=lr)
        xt, tt = torch.from_numpy(x), torch.from_numpy(t.astype(np.int64))
        start = time.perf_counter()
        for i in range(0, len(x), 100):
            b = torch.from_numpy(order[i : i + 100])
            opt.zero_grad(set_to_none=True)
            F.cross_entropy(model(xt[b]), tt[b]).backward()
            opt.step()
        seconds = time.perf_counter() - start
        with torch.no_grad():
            pred = model.eval()(torch.from_numpy(x_test)).argmax(1).numpy()
        accuracy = float(np.mean(pred == t_test))
    return {"seconds": round(seconds, 2), "adam_lr": lr, "test_accuracy": round(accuracy, 4)}


def epoch_child(lib: str) -> None:
    """Run in a fresh process with library defaults: one library, 2 threads, one epoch."""
    threadpool_limits(THREADS, user_api="blas")
    if lib == "torch":
        import torch

        torch.set_num_threads(THREADS)
    print(json.dumps(epoch(lib)))


def epochs(with_torch: bool, rounds: int = 2) -> dict:
    """Each library's epoch alone in its own process, the order alternating round by round."""
    libs = ["scratch", "torch"] if with_torch else ["scratch"]
    runs: dict[str, list[dict]] = {lib: [] for lib in libs}
    for r in range(rounds):
        for lib in libs[r % len(libs) :] + libs[: r % len(libs)]:
            runs[lib].append(run_child(["--epoch-child", lib], clean_env()))
            print(f"epoch {lib}: {runs[lib][-1]}", flush=True)
    out = {}
    for lib, found in runs.items():
        seconds = [e["seconds"] for e in found]
        out[f"{lib}_float32"] = {
            "seconds": round(float(np.median(seconds)), 2),
            "runs_s": seconds,
            "adam_lr": found[0]["adam_lr"],
            "test_accuracy": found[0]["test_accuracy"],
        }
    return out
