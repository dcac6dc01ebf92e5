"""Reading a benchmark run: the results file and the page's speed table.

``python -m benchmarks.run`` writes ``benchmarks/results/latest.json``; the benchmarks page
prints :func:`speed_table` of it in a doctest and shows the figure ``benchmarks/speed``
(``site_tools.figures.benchmarks``) drawn from it, so the page cannot disagree with the file.
"""

from __future__ import annotations

import json
from pathlib import Path

RESULTS_FILE = Path(__file__).resolve().parent / "results" / "latest.json"
MODELS = ("mlp", "simple_convnet", "deep_convnet")
NAMES = {"mlp": "TwoLayerNet", "simple_convnet": "SimpleConvNet", "deep_convnet": "DeepConvNet"}
#: The goal for scratch float32 time / PyTorch time, per model.
TARGETS = {"mlp": 0.8, "simple_convnet": 1.3, "deep_convnet": 3.0}
VARIANTS = ("scratch_float32", "scratch_float64", "torch_float32")


def load_results(path: str | Path | None = None) -> dict:
    """The results of a benchmark run (by default the committed ``latest.json``)."""
    return json.loads(Path(path or RESULTS_FILE).read_text())


def speed_table(results: dict, lang: str = "en") -> str:
    """Median ms per training step, ratio to PyTorch and whether the target is met."""
    header = _text(
        lang,
        "모델           scratch f32  scratch f64  PyTorch f32  비율 f32  목표   달성",
        "model          scratch f32  scratch f64  PyTorch f32  ratio f32  target  met",
    )
    lines = [header]
    for model in MODELS:
        row = results["speed"][model]
        ms = [row[v]["median_ms"] if v in row else float("nan") for v in VARIANTS]
        ratio = row["scratch_float32"].get("ratio_to_torch", float("nan"))
        met = _text(lang, "예", "yes") if ratio <= TARGETS[model] else _text(lang, "아니오", "no")
        cells = "  ".join(f"{v:8.2f} ms" for v in ms)
        lines.append(f"{NAMES[model]:<14} {cells}  {ratio:8.2f}  {TARGETS[model]:5.1f}   {met}")
    return "\n".join(lines)


def _text(lang: str, ko: str, en: str) -> str:
    return ko if lang == "ko" else en
