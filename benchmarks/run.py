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
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_info, threadpool_limits  # noqa: E402

from benchmarks.measures import epoch, gradient_ratio, maxrss_child, memory  # noqa: E402
from benchmarks.models import LR, MODELS, scratch_step, torch_step  # noqa: E402
from benchmarks.timing import (  # noqa: E402
    THREADS,
    batch,
    have_torch,
    run_child,
    setup_threads,
    time_interleaved,
    variants,
)

RESULTS = Path(__file__).parent / "results"
# Steps per round and rounds per model: each round takes roughly 0.2-1 s.
PLAN = {"mlp": (100, 25), "simple_convnet": (8, 25), "deep_convnet": (2, 21)}
QUICK_PLAN = {"mlp": (30, 7), "simple_convnet": (3, 7), "deep_convnet": (1, 5)}


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
