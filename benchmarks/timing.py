"""Timing helpers shared by the benchmark's measurements: the batch, the variants of a
model, interleaved rounds and their summary, and child processes of ``benchmarks.run``.

Import it through ``python -m benchmarks.run``, which sets the process environment (thread
spin, malloc) of its in-process section before numpy loads.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from benchmarks.models import scratch_step, torch_step

THREADS = 2
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


def summary(seconds: list[float], count: str = "rounds") -> dict[str, float]:
    """Median, quartiles, min and max in ms, and how many values (under the key ``count``)."""
    ms = np.asarray(seconds) * 1e3
    q1, median, q3 = np.percentile(ms, [25, 50, 75])
    return {
        "median_ms": round(float(median), 4),
        "q1_ms": round(float(q1), 4),
        "q3_ms": round(float(q3), 4),
        "min_ms": round(float(ms.min()), 4),
        "max_ms": round(float(ms.max()), 4),
        count: len(ms),
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


def clean_env() -> dict[str, str]:
    """This process's environment without the thread and malloc settings of benchmarks.run:
    a child started with it runs with the libraries' defaults."""
    tuned = ("OPENBLAS_", "GOMP_", "OMP_", "MALLOC_", "BENCH_")
    return {k: v for k, v in os.environ.items() if not k.startswith(tuned)}


def run_child(args: list[str], env: dict | None = None, module: bool = True):
    """Run ``python -m benchmarks.run ARGS`` (or ``python ARGS``); its last line is JSON."""
    cmd = [sys.executable, "-m", "benchmarks.run", *args] if module else [sys.executable, *args]
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        cmd, capture_output=True, text=True, check=True, cwd=root, env=env or os.environ.copy()
    )
    return json.loads(done.stdout.strip().splitlines()[-1])
