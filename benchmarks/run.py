"""Scratch against PyTorch on the CPU, side by side in one process: ``python -m benchmarks.run``.

What it measures (see benchmarks/README.md for the why):

- training-step time (forward + backward + SGD update, batch 100) of TwoLayerNet 784-50-10,
  SimpleConvNet and DeepConvNet, scratch float32 / float64 and PyTorch float32, in
  interleaved rounds after a warm-up; median, quartiles, min and max per step;
- peak memory of one training step: tracemalloc (numpy reports its allocations to it) for
  scratch, and the growth of ru_maxrss in a fresh subprocess for both libraries;
- numerical-gradient time / backprop time for a small TwoLayerNet;
- one epoch of SimpleConvNet float32 on Fashion-MNIST (60,000 images, batch 100);
- the effect of the process settings (thread wait policy, malloc trimming) it runs with.

Results go to ``benchmarks/results/latest.json`` (``--out`` to change).
"""

from __future__ import annotations

import os

# Process settings, read by the libraries when they load, so before numpy/torch import.
# Each is measured against the default in the "settings" section of the results.
PROCESS_ENV = {
    # OpenBLAS worker threads spin for a while after each call (2^28 cycles by default),
    # and PyTorch's OpenMP workers spin too: on 2 cores each steals the other's cores.
    "OPENBLAS_THREAD_TIMEOUT": "4",
    "GOMP_SPINCOUNT": "1000",
    # glibc gives freed memory back to the OS and page-faults it in again on the next
    # step; both libraries allocate large temporaries every step.
    "MALLOC_TRIM_THRESHOLD_": str(1 << 30),
    "MALLOC_MMAP_THRESHOLD_": str(1 << 30),
    "MALLOC_TOP_PAD_": str(1 << 27),
}
if os.environ.get("BENCH_DEFAULT_ENV") != "1":
    for _key, _value in PROCESS_ENV.items():
        os.environ.setdefault(_key, _value)

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_info, threadpool_limits  # noqa: E402

from benchmarks.models import LR, MODELS, scratch_step, torch_step  # noqa: E402

THREADS = 2
RESULTS = Path(__file__).parent / "results"
# Steps per round and rounds per model: each round takes roughly 0.2-1 s.
PLAN = {"mlp": (100, 25), "simple_convnet": (8, 25), "deep_convnet": (2, 21)}
QUICK_PLAN = {"mlp": (30, 7), "simple_convnet": (3, 7), "deep_convnet": (1, 5)}
WARMUP_ROUNDS = 2


def have_torch() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def setup_threads() -> None:
    threadpool_limits(THREADS, user_api="blas")
    if have_torch():
        import torch

        torch.set_num_threads(THREADS)


def batch(n: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """The first n Fashion-MNIST training images (N, 1, 28, 28) in [0, 1] and their labels."""
    from scratch.datasets import fashion_mnist

    x, t = fashion_mnist("train", flatten=False)
    return np.ascontiguousarray(x[:n], dtype=np.float32), t[:n]


def variants(model: str, x: np.ndarray, t: np.ndarray) -> dict:
    steps = {
        "scratch_float32": scratch_step(model, np.float32, x, t),
        "scratch_float64": scratch_step(model, np.float64, x, t),
    }
    if have_torch():
        steps["torch_float32"] = torch_step(model, x, t)
    return steps


def summary(seconds: list[float]) -> dict[str, float]:
    ms = np.asarray(seconds) * 1e3
    q1, median, q3 = np.percentile(ms, [25, 50, 75])
    return {
        "median_ms": round(float(median), 4),
        "q1_ms": round(float(q1), 4),
        "q3_ms": round(float(q3), 4),
        "min_ms": round(float(ms.min()), 4),
        "max_ms": round(float(ms.max()), 4),
        "rounds": len(ms),
    }


def time_interleaved(steps: dict, per_round: int, rounds: int) -> dict[str, dict]:
    """Per-step seconds of each variant, A B C, B C A, ... so drift hits all alike."""
    names = list(steps)
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(WARMUP_ROUNDS + rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            step = steps[name]
            start = time.perf_counter()
            for _ in range(per_round):
                step()
            if r >= WARMUP_ROUNDS:
                times[name].append((time.perf_counter() - start) / per_round)
    return {name: summary(seconds) for name, seconds in times.items()}


def speed(plan: dict) -> dict:
    x, t = batch()
    out = {}
    for model in MODELS:
        per_round, rounds = plan[model]
        result = time_interleaved(variants(model, x, t), per_round, rounds)
        if "torch_float32" in result:
            ref = result["torch_float32"]["median_ms"]
            for name in ("scratch_float32", "scratch_float64"):
                result[name]["ratio_to_torch"] = round(result[name]["median_ms"] / ref, 3)
        out[model] = result
        print(f"{model}: " + ", ".join(f"{k} {v['median_ms']:.3f} ms" for k, v in result.items()))
    if plan is PLAN:
        alone(out)
    return out


def alone_child(lib: str) -> None:
    """Run in a fresh process: one library alone, nothing else loaded that could interfere."""
    threadpool_limits(THREADS, user_api="blas")
    x, t = batch()
    out = {}
    for model in MODELS:
        per_round, rounds = PLAN[model]
        if lib == "torch":
            import torch

            torch.set_num_threads(THREADS)
            steps = {"torch_float32": torch_step(model, x, t)}
        else:
            steps = {"scratch_float32": scratch_step(model, np.float32, x, t)}
        out[model] = time_interleaved(steps, per_round, max(rounds // 2, 5))
    print(json.dumps(out))


def alone(results: dict) -> None:
    """Add each library's time when it runs alone in its own process, and the ratio."""
    libs = ["scratch", "torch"] if have_torch() else ["scratch"]
    # Alone, nothing can interfere: each library runs with its own defaults.
    defaults = {k: v for k, v in os.environ.items() if k not in PROCESS_ENV}
    defaults["BENCH_DEFAULT_ENV"] = "1"
    found = {lib: run_child(["--alone-child", lib], defaults) for lib in libs}
    for model in MODELS:
        row = results[model]
        for lib in libs:
            for name, value in found[lib][model].items():
                row[name + "_alone"] = value
        if have_torch():
            mine, theirs = row["scratch_float32_alone"], row["torch_float32_alone"]
            mine["ratio_to_torch_alone"] = round(mine["median_ms"] / theirs["median_ms"], 3)
        times = [f"{k} {v['median_ms']:.3f} ms" for k, v in row.items() if k.endswith("_alone")]
        print(f"{model} alone: " + ", ".join(times))


# -- memory ------------------------------------------------------------------------------


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


def run_child(args: list[str], env: dict | None = None) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.run", *args]
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        cmd, capture_output=True, text=True, check=True, cwd=root, env=env or os.environ.copy()
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


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


# -- numerical vs backprop gradient, one epoch --------------------------------------------


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


def epoch(lib: str = "scratch", lr: float = 0.1) -> dict:
    """One shuffled epoch of SimpleConvNet float32 on Fashion-MNIST, then test accuracy."""
    from scratch.datasets import fashion_mnist

    x, t = fashion_mnist("train", flatten=False)
    x_test, t_test = fashion_mnist("test", flatten=False)
    x, x_test = x.astype(np.float32), x_test.astype(np.float32)
    order = np.random.default_rng(0).permutation(len(x))
    if lib == "scratch":
        from scratch.networks import SimpleConvNet
        from scratch.optimizers import SGD

        net, opt = SimpleConvNet(rng=0, dtype=np.float32), SGD(lr=lr)
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
        opt = torch.optim.SGD(model.parameters(), lr=lr)
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
    print(f"epoch {lib}: {seconds:.2f} s, test accuracy {accuracy:.4f}")
    return {"seconds": round(seconds, 2), "sgd_lr": lr, "test_accuracy": round(accuracy, 4)}


# -- process settings ----------------------------------------------------------------------


def settings_child() -> None:
    """Short interleaved timing of SimpleConvNet and the MLP under this process's settings."""
    setup_threads()
    x, t = batch()
    out = {}
    for model, (per_round, rounds) in [("mlp", (50, 9)), ("simple_convnet", (4, 9))]:
        result = time_interleaved(variants(model, x, t), per_round, rounds)
        out[model] = {name: r["median_ms"] for name, r in result.items()}
    print(json.dumps(out))


def settings() -> dict:
    """The same short benchmark in fresh processes: library defaults vs each setting."""
    base = {k: v for k, v in os.environ.items() if k not in PROCESS_ENV}
    base["BENCH_DEFAULT_ENV"] = "1"
    threads = {k: PROCESS_ENV[k] for k in ("OPENBLAS_THREAD_TIMEOUT", "GOMP_SPINCOUNT")}
    malloc = {k: v for k, v in PROCESS_ENV.items() if k.startswith("MALLOC")}
    configs = {
        "library defaults": {},
        "OMP_WAIT_POLICY=PASSIVE": {"OMP_WAIT_POLICY": "PASSIVE"},
        "short thread spin": threads,
        "short thread spin + no malloc trim (used)": {**threads, **malloc},
    }
    out: dict = {label: {"env": extra, "runs": []} for label, extra in configs.items()}
    for _ in range(2):  # two passes, configurations alternating, to expose noise
        for label, extra in configs.items():
            out[label]["runs"].append(run_child(["--settings-child"], {**base, **extra}))
            print(f"settings {label}: {out[label]['runs'][-1]}")
    return out


# -- machine -------------------------------------------------------------------------------


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> dict:
    info = {
        "cpu": cpu_model(),
        "logical_cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "threads": THREADS,
        "load_average_at_start": [round(v, 2) for v in os.getloadavg()],
        "process_env": {k: os.environ.get(k) for k in PROCESS_ENV},
        "threadpools": [
            {k: p.get(k) for k in ("user_api", "internal_api", "prefix", "version", "num_threads")}
            for p in threadpool_info()
        ],
    }
    if have_torch():
        import torch

        info["torch"] = torch.__version__
        info["torch_threads"] = torch.get_num_threads()
    return info


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few rounds: check that it runs")
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.json")
    parser.add_argument(
        "--skip", nargs="*", default=[], help="speed memory gradient epoch settings"
    )
    parser.add_argument("--maxrss-child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--settings-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--alone-child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.maxrss_child:
        return maxrss_child(*args.maxrss_child)
    if args.settings_child:
        return settings_child()
    if args.alone_child:
        return alone_child(args.alone_child)

    setup_threads()
    if not have_torch():
        print("PyTorch is not installed: timing scratch only (pip install -e '.[bench]').")
    results: dict = {"machine": machine(), "batch_size": 100, "sgd_lr": LR}
    started = time.perf_counter()
    if "speed" not in args.skip:
        results["speed"] = speed(QUICK_PLAN if args.quick else PLAN)
    if "memory" not in args.skip:
        results["memory"] = memory()
    if "gradient" not in args.skip:
        results["gradient_check"] = gradient_ratio()
    if "epoch" not in args.skip and not args.quick:
        results["epoch"] = {"scratch_float32": epoch("scratch")}
        if have_torch():
            results["epoch"]["torch_float32"] = epoch("torch")
    if "settings" not in args.skip and not args.quick and have_torch():
        results["settings"] = settings()
    results["machine"]["load_average_at_end"] = [round(v, 2) for v in os.getloadavg()]
    results["seconds"] = round(time.perf_counter() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1) + "\n")
    print(f"wrote {args.out} ({results['seconds']} s)")


if __name__ == "__main__":
    main()
