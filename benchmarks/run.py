"""Scratch against PyTorch on the CPU: ``python -m benchmarks.run``.

What it measures (see benchmarks/README.md for the why):

- the headline (``benchmarks.headline``): training-step time (forward + backward + SGD
  update, batch 100) of TwoLayerNet 784-50-10, SimpleConvNet and DeepConvNet, scratch
  float32 / float64 and PyTorch float32, each library alone in fresh processes with its
  default settings, timed by pyperf in alternated rounds; numpy's matrix product as the
  machine's limit, and each step's FLOPs against it;
- a per-layer profile of one SimpleConvNet and one DeepConvNet step (``benchmarks.profile``);
- the same steps side by side in this one process, with the process settings below
  (a secondary table: how the libraries behave when they share a process);
- peak memory of one training step; numerical-gradient time / backprop time;
- one epoch of SimpleConvNet float32 with Adam on Fashion-MNIST (60,000 images, batch 100),
  each library alone in its own process, alternated.

Results go to ``benchmarks/results/latest.json`` (``--out`` to change).
"""

from __future__ import annotations

import os

# Process settings for the in-process section only (this process), read by the libraries
# when they load, so before numpy/torch import. The headline and the epoch run in fresh
# processes without them.
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
#: Thread and memory settings this process was started with (a machine may set some, e.g.
#: OPENBLAS_CORETYPE): recorded, since the in-process section runs with them.
INHERITED_ENV = {
    k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS_", "OMP_", "GOMP_", "MALLOC_"))
}
if os.environ.get("BENCH_DEFAULT_ENV") != "1":
    for _key, _value in PROCESS_ENV.items():
        os.environ.setdefault(_key, _value)

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_info  # noqa: E402

from benchmarks import headline as hl  # noqa: E402
from benchmarks.measures import epoch_child, epochs, gradient_ratio, maxrss_child, memory  # noqa: E402
from benchmarks.models import LR, MODELS  # noqa: E402
from benchmarks.timing import (  # noqa: E402
    THREADS,
    batch,
    clean_env,
    have_torch,
    run_child,
    setup_threads,
    time_interleaved,
    variants,
)

RESULTS = Path(__file__).parent / "results"
# In-process section: steps per round and rounds per model (a round takes ~0.1-0.6 s).
PLAN = {"mlp": (100, 15), "simple_convnet": (8, 15), "deep_convnet": (2, 11)}
QUICK_PLAN = {"mlp": (30, 5), "simple_convnet": (3, 5), "deep_convnet": (1, 3)}


def in_process(plan: dict) -> dict:
    """All variants of a model side by side in this process, with PROCESS_ENV's settings."""
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
        print(
            f"in-process {model}: "
            + ", ".join(f"{k} {v['median_ms']:.3f} ms" for k, v in result.items())
        )
    return out


def profiles(batch_file: str) -> dict:
    """Per-layer profile of a scratch float32 step, in a fresh process with library defaults."""
    out = {}
    for model in ("simple_convnet", "deep_convnet"):
        cmd = ["-m", "benchmarks.profile", model, batch_file]
        out[model] = run_child(cmd, clean_env(), module=False)
        print(f"profile {model}: step {out[model][-1]['median_ms']:.2f} ms")
    return out


# -- machine -------------------------------------------------------------------------------


POOL_KEYS = ("user_api", "internal_api", "prefix", "version", "num_threads", "architecture")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load() -> list[float]:
    return [round(v, 2) for v in os.getloadavg()]


def machine() -> dict:
    info = {
        "cpu": cpu_model(),
        "logical_cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "threads": THREADS,
        "load_average_at_start": load(),
        "process_env": {k: os.environ.get(k) for k in PROCESS_ENV},
        "inherited_env": INHERITED_ENV,
        "threadpools": [{k: p.get(k) for k in POOL_KEYS} for p in threadpool_info()],
    }
    if have_torch():
        import pyperf
        import torch

        info["torch"] = torch.__version__
        info["torch_threads"] = torch.get_num_threads()
        info["pyperf"] = pyperf.__version__
    return info


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few rounds: check that it runs")
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.json")
    parser.add_argument(
        "--skip", nargs="*", default=[], help="headline profile in-process memory gradient epoch"
    )
    parser.add_argument("--maxrss-child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--epoch-child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.maxrss_child:
        return maxrss_child(*args.maxrss_child)
    if args.epoch_child:
        return epoch_child(args.epoch_child)

    setup_threads()
    if not have_torch():
        print("PyTorch is not installed: timing scratch only (pip install -e '.[bench]').")
    results: dict = {"machine": machine(), "batch_size": 100, "sgd_lr": LR}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        batch_file = str(Path(tmp) / "batch.npz")
        np.savez(batch_file, **dict(zip(("x", "t"), batch(), strict=True)))
        if "headline" not in args.skip:
            plan = hl.QUICK_PLAN if args.quick else hl.PLAN
            raw = None if args.quick else args.out.with_suffix(".pyperf.json.gz")
            results["headline"] = hl.headline(batch_file, have_torch(), plan, raw)
            results["machine"]["load_average_after_headline"] = load()
        if "profile" not in args.skip:
            results["profile"] = profiles(batch_file)
    if "in-process" not in args.skip:
        results["in_process"] = in_process(QUICK_PLAN if args.quick else PLAN)
    if "memory" not in args.skip:
        results["memory"] = memory()
    if "gradient" not in args.skip:
        results["gradient_check"] = gradient_ratio()
    if "epoch" not in args.skip and not args.quick:
        results["epoch"] = epochs(have_torch())
    results["machine"]["load_average_at_end"] = load()
    results["seconds"] = round(time.perf_counter() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1) + "\n")
    print(f"wrote {args.out} ({results['seconds']} s)")


if __name__ == "__main__":
    main()
