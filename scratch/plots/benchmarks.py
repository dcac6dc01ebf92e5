"""The benchmark page's table and figure, both read from the committed results file.

``python -m benchmarks.run`` writes ``benchmarks/results/latest.json``; the page prints
:func:`speed_table` of it in a doctest and shows the figure ``benchmarks/speed`` drawn from
it, so the page cannot disagree with the file.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from scratch.plots import figure, new_figure, text

RESULTS_FILE = Path(__file__).resolve().parents[2] / "benchmarks" / "results" / "latest.json"
MODELS = ("mlp", "simple_convnet", "deep_convnet")
NAMES = {"mlp": "TwoLayerNet", "simple_convnet": "SimpleConvNet", "deep_convnet": "DeepConvNet"}
#: scratch float32 time / PyTorch time that issue 7 asks for, per model.
TARGETS = {"mlp": 0.8, "simple_convnet": 1.3, "deep_convnet": 3.0}
VARIANTS = ("scratch_float32", "scratch_float64", "torch_float32")


def load_results(path: str | Path | None = None) -> dict:
    """The results of a benchmark run (by default the committed ``latest.json``)."""
    return json.loads(Path(path or RESULTS_FILE).read_text())


def speed_table(results: dict, lang: str = "en") -> str:
    """Median ms per training step, ratio to PyTorch and whether the target is met."""
    header = text(
        lang,
        "모델           scratch f32  scratch f64  PyTorch f32  비율 f32  목표   달성",
        "model          scratch f32  scratch f64  PyTorch f32  ratio f32  target  met",
    )
    lines = [header]
    for model in MODELS:
        row = results["speed"][model]
        ms = [row[v]["median_ms"] if v in row else float("nan") for v in VARIANTS]
        ratio = row["scratch_float32"].get("ratio_to_torch", float("nan"))
        met = text(lang, "예", "yes") if ratio <= TARGETS[model] else text(lang, "아니오", "no")
        cells = "  ".join(f"{v:8.2f} ms" for v in ms)
        lines.append(f"{NAMES[model]:<14} {cells}  {ratio:8.2f}  {TARGETS[model]:5.1f}   {met}")
    return "\n".join(lines)


@figure("benchmarks/speed")
def speed(lang: str):
    """Left: ms per training step (median, bars from quartile to quartile). Right: ratios."""
    results = load_results()
    fig, (left, right) = new_figure(lang, 1, 2, figsize=(11, 4.2))
    labels = {
        "scratch_float32": "scratch float32",
        "scratch_float64": "scratch float64",
        "torch_float32": "PyTorch float32",
    }
    colors = {"scratch_float32": "C0", "scratch_float64": "C9", "torch_float32": "C3"}
    y = np.arange(len(MODELS))[::-1]
    for k, variant in enumerate(VARIANTS):
        rows = [results["speed"][m].get(variant) for m in MODELS]
        if any(r is None for r in rows):
            continue
        med = np.array([r["median_ms"] for r in rows])
        err = np.array([[r["median_ms"] - r["q1_ms"], r["q3_ms"] - r["median_ms"]] for r in rows])
        left.barh(y + (1 - k) * 0.27, med, 0.25, xerr=err.T, color=colors[variant],
                  label=labels[variant], capsize=2)  # fmt: skip
    left.set_xscale("log")
    left.set_yticks(y, [NAMES[m] for m in MODELS])
    left.set_xlabel(text(lang, "학습 한 단계 (ms, 로그 축)", "one training step (ms, log scale)"))
    left.legend(fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, frameon=False)
    for k, variant in enumerate(("scratch_float32", "scratch_float64")):
        ratios = [results["speed"][m][variant].get("ratio_to_torch", np.nan) for m in MODELS]
        right.barh(y + (0.5 - k) * 0.36, ratios, 0.34, color=colors[variant],
                   label=labels[variant])  # fmt: skip
    right.scatter([TARGETS[m] for m in MODELS], y + 0.18, marker="|", s=400, color="k",
                  label=text(lang, "목표 (float32)", "target (float32)"), zorder=3)  # fmt: skip
    right.axvline(1.0, color="C3", lw=1, ls="--")
    right.set_yticks(y, [NAMES[m] for m in MODELS])
    right.set_xlabel(text(lang, "scratch 시간 / PyTorch 시간", "scratch time / PyTorch time"))
    right.legend(fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, frameon=False)
    fig.tight_layout()
    return fig
