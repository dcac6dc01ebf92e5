"""The headline: each library alone in its own processes, default settings, timed by pyperf.

For every model and variant (scratch float32, scratch float64, PyTorch float32) and for
numpy's matrix product (the machine's limit), ``rounds`` alternations each start
``python -m benchmarks.step_bench`` once; pyperf spawns ``processes`` fresh worker processes
(clean environment: none of the in-process section's settings), each timing ``values``
values of ``loops`` steps after one warm-up value. The order of the variants rotates from
one round to the next (A B C, B C A, ...), so that a slow spell of the machine hits all
alike. All values of a variant are pooled: median, quartiles, min, max, and the median of
each round, whose spread shows how far one alternation can be off.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from benchmarks import timing
from benchmarks.profile import step_flop
from benchmarks.step_bench import gemm_flop

ROOT = Path(__file__).resolve().parents[1]
MODELS = ("mlp", "simple_convnet", "deep_convnet")
#: Steps per pyperf value: each value takes roughly 0.1-0.3 s.
LOOPS = {"mlp": 400, "simple_convnet": 10, "deep_convnet": 2}
PLAN = {"rounds": 5, "processes": 2, "values": 4}
QUICK_PLAN = {"rounds": 1, "processes": 1, "values": 2}


def pyperf_run(lib: str, model: str, dtype: str, batch_file: str, plan: dict) -> dict:
    """One pyperf invocation; returns pyperf's JSON for its benchmark."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        cmd = [sys.executable, "-m", "benchmarks.step_bench", "--quiet", "--lib", lib,
               "--model", model, "--dtype", dtype, "--batch-file", batch_file,
               "--processes", str(plan["processes"]), "--values", str(plan["values"]),
               "--warmups", "1", "--loops", str(LOOPS.get(model, 1)), "-o", str(out)]  # fmt: skip
        env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME")}
        env["PYTHONPATH"] = str(ROOT)  # pyperf passes PYTHONPATH on to its workers, no more
        subprocess.run(cmd, check=True, cwd=ROOT, env=env, capture_output=True, text=True)
        return json.loads(out.read_text())


def values_of(bench_json: dict) -> list[float]:
    """Seconds per step of every timed value (warm-ups left out) in a pyperf result."""
    values = []
    for bench in bench_json["benchmarks"]:
        for run in bench["runs"]:
            values += run.get("values", [])
    return values


def summary(values: list[float], per_round: list[float]) -> dict:
    """benchmarks.timing.summary of pooled values, with each round's median."""
    return {
        **timing.summary(values, count="values"),
        "round_medians_ms": [round(v * 1e3, 4) for v in per_round],
    }


def variants(have_torch: bool) -> list[tuple[str, str, str]]:
    """(lib, model, dtype) of every timed thing, the matrix products first."""
    found = [("gemm", "gemm", "float32"), ("gemm", "gemm", "float64")]
    for model in MODELS:
        found += [("scratch", model, "float32"), ("scratch", model, "float64")]
        if have_torch:
            found.append(("torch", model, "float32"))
    return found


def headline(batch_file: str, have_torch: bool, plan: dict, raw_out: Path | None = None) -> dict:
    todo = variants(have_torch)
    pooled: dict[tuple, list[float]] = {v: [] for v in todo}
    rounds: dict[tuple, list[float]] = {v: [] for v in todo}
    raw = []
    for r in range(plan["rounds"]):
        for v in todo[r % len(todo) :] + todo[: r % len(todo)]:
            result = pyperf_run(*v, batch_file, plan)
            raw.append(result)
            got = values_of(result)
            pooled[v] += got
            rounds[v].append(float(np.median(got)))
            print(f"round {r + 1}: {' '.join(v)} {np.median(got) * 1e3:.3f} ms", flush=True)
    if raw_out is not None:  # everything pyperf recorded, metadata included
        with gzip.open(raw_out, "wt") as f:
            json.dump(raw, f)
    out: dict = {"plan": {**plan, "loops": LOOPS}}
    for dtype in ("float32", "float64"):
        g = summary(pooled[("gemm", "gemm", dtype)], rounds[("gemm", "gemm", dtype)])
        g["gflop_per_s"] = round(gemm_flop() / g["median_ms"] / 1e6, 1)
        out[f"gemm_{dtype}"] = g
    for model in MODELS:
        row: dict = {"gflop_per_step": round(step_flop(model) / 1e9, 4)}
        for lib, m, dtype in todo:
            if m != model:
                continue
            s = summary(pooled[(lib, m, dtype)], rounds[(lib, m, dtype)])
            rate = step_flop(model) / s["median_ms"] / 1e6  # GFLOP/s
            s["share_of_limit"] = round(rate / out[f"gemm_{dtype}"]["gflop_per_s"], 3)
            row[f"{lib}_{dtype}"] = s
        if have_torch:
            ref = row["torch_float32"]["median_ms"]
            for name in ("scratch_float32", "scratch_float64"):
                row[name]["ratio_to_torch"] = round(row[name]["median_ms"] / ref, 3)
            mine, theirs = (
                row[k]["round_medians_ms"] for k in ("scratch_float32", "torch_float32")
            )
            per_round = [a / b for a, b in zip(mine, theirs, strict=True)]
            row["ratio_round_range"] = [round(min(per_round), 3), round(max(per_round), 3)]
        row["f64_over_f32"] = round(
            row["scratch_float64"]["median_ms"] / row["scratch_float32"]["median_ms"], 3
        )
        out[model] = row
    return out
