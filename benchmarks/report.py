"""Reading a benchmark run: the results file and the tables the benchmarks page prints.

``python -m benchmarks.run`` writes ``benchmarks/results/latest.json``; the benchmarks page
prints these tables of it in doctests and shows the figure ``benchmarks/speed``
(``site_tools.figures.benchmarks``) drawn from it, so the page cannot disagree with the file.
"""

from __future__ import annotations

import json
from pathlib import Path

RESULTS_FILE = Path(__file__).resolve().parent / "results" / "latest.json"
MODELS = ("mlp", "simple_convnet", "deep_convnet")
NAMES = {"mlp": "TwoLayerNet", "simple_convnet": "SimpleConvNet", "deep_convnet": "DeepConvNet"}
#: The goal for scratch float32 time / PyTorch float32 time, per model (issue 17).
TARGETS = {"mlp": 0.6, "simple_convnet": 1.0, "deep_convnet": 2.0}
#: The goal for scratch float64 time / scratch float32 time.
F64_TARGET = 2.2
VARIANTS = ("scratch_float32", "scratch_float64", "torch_float32")


def load_results(path: str | Path | None = None) -> dict:
    """The results of a benchmark run (by default the committed ``latest.json``)."""
    return json.loads(Path(path or RESULTS_FILE).read_text())


def _text(lang: str, ko: str, en: str) -> str:
    return ko if lang == "ko" else en


def _yes(lang: str, ok: bool) -> str:
    return _text(lang, "예", "yes") if ok else _text(lang, "아니오", "no")


def _times(row: dict) -> tuple[str, float]:
    """A model's median ms per variant as table cells, and scratch f32's ratio to PyTorch."""
    ms = [row[v]["median_ms"] if v in row else float("nan") for v in VARIANTS]
    ratio = row["scratch_float32"].get("ratio_to_torch", float("nan"))
    return "  ".join(f"{v:8.2f} ms" for v in ms), ratio


def speed_table(results: dict, lang: str = "en") -> str:
    """The headline: median ms per step, each library alone; ratio, its range over the
    rounds, and whether the target is met."""
    header = _text(
        lang,
        "모델           scratch f32  scratch f64  PyTorch f32  비율 f32 (라운드별)  목표  달성",
        "model          scratch f32  scratch f64  PyTorch f32  ratio f32 (rounds)  target  met",
    )
    lines = [header]
    for model in MODELS:
        row = results["headline"][model]
        cells, ratio = _times(row)
        low, high = row.get("ratio_round_range", [float("nan")] * 2)
        met = _yes(lang, ratio <= TARGETS[model])
        lines.append(
            f"{NAMES[model]:<14} {cells}  {ratio:5.2f} ({low:.2f}-{high:.2f})"
            f"     {TARGETS[model]:4.1f}   {met}"
        )
    return "\n".join(lines)


def limit_table(results: dict, lang: str = "en") -> str:
    """FLOPs per step, the rate each library reaches, and its share of the matrix product's."""
    h = results["headline"]
    header = _text(
        lang,
        "모델           GFLOP/단계  scratch f32 GFLOP/s (한계 대비)"
        "  PyTorch f32 GFLOP/s (한계 대비)",
        "model          GFLOP/step  scratch f32 GFLOP/s (of limit)  PyTorch f32 GFLOP/s (of limit)",
    )
    lines = [header]
    limit = h["gemm_float32"]["gflop_per_s"]
    for model in MODELS:
        row = h[model]
        cells = []
        for v in ("scratch_float32", "torch_float32"):
            if v in row:
                rate = row["gflop_per_step"] / row[v]["median_ms"] * 1e3
                cells.append(f"{rate:8.1f} ({row[v]['share_of_limit']:4.0%})")
            else:
                cells.append(" " * 15)
        lines.append(
            f"{NAMES[model]:<14} {row['gflop_per_step']:9.3f}   {cells[0]:>28}  {cells[1]:>29}"
        )
    lines.append(_text(lang, f"한계: numpy float32 행렬 곱 {limit:.0f} GFLOP/s",
                       f"limit: numpy float32 matrix product {limit:.0f} GFLOP/s"))  # fmt: skip
    return "\n".join(lines)


def profile_table(results: dict, model: str, lang: str = "en", top: int = 0) -> str:
    """Each layer's forward and backward: ms, share of the step, GFLOP/s where it multiplies."""
    parts = results["profile"][model]
    step = next(p for p in parts if p["part"] == "step")["median_ms"]
    rows = [p for p in parts if p["part"] != "step"]
    if top:
        rows = sorted(rows, key=lambda p: -p["median_ms"])[:top]
    header = _text(
        lang,
        "부분                 ms    단계 중   GFLOP/s",
        "part                 ms    of step   GFLOP/s",
    )
    lines = [header]
    for p in rows:
        rate = f"{p['flop'] / p['median_ms'] / 1e6:7.1f}" if p["flop"] else "      -"
        lines.append(
            f"{p['part']:<18} {p['median_ms']:6.2f}   {p['median_ms'] / step:6.1%}   {rate}"
        )
    lines.append(f"{_text(lang, '한 단계', 'one step'):<18} {step:6.2f}")
    return "\n".join(lines)


def in_process_table(results: dict, lang: str = "en") -> str:
    """The secondary table: both libraries taking turns in one process, tuned settings."""
    header = _text(
        lang,
        "모델           scratch f32  scratch f64  PyTorch f32  비율 f32",
        "model          scratch f32  scratch f64  PyTorch f32  ratio f32",
    )
    lines = [header]
    for model in MODELS:
        cells, ratio = _times(results["in_process"][model])
        lines.append(f"{NAMES[model]:<14} {cells}  {ratio:8.2f}")
    return "\n".join(lines)
