"""The benchmark page's figure, drawn from the committed results (:mod:`benchmarks.report`).

Shown in the page's 688-pixel column: at 7.6 inches wide the image is scaled to about 0.82 of
its size, so 9-point text shows at about 11 pixels.
"""

from __future__ import annotations

import numpy as np

from benchmarks.report import MODELS, NAMES, TARGETS, VARIANTS, load_results
from site_tools.figures import figure, new_figure, text

FONT = 9  # points; every text of the figure


@figure("benchmarks/speed")
def speed(lang: str):
    """Left: ms per training step (median, bars from quartile to quartile). Right: ratios."""
    results = load_results()["headline"]
    fig, (left, right) = new_figure(lang, 1, 2, figsize=(7.6, 3.6))
    labels = {
        "scratch_float32": "scratch float32",
        "scratch_float64": "scratch float64",
        "torch_float32": "PyTorch float32",
    }
    colors = {"scratch_float32": "C0", "scratch_float64": "C9", "torch_float32": "C3"}
    y = np.arange(len(MODELS))[::-1]
    for k, variant in enumerate(VARIANTS):
        rows = [results[m].get(variant) for m in MODELS]
        if any(r is None for r in rows):
            continue
        med = np.array([r["median_ms"] for r in rows])
        err = np.array([[r["median_ms"] - r["q1_ms"], r["q3_ms"] - r["median_ms"]] for r in rows])
        left.barh(y + (1 - k) * 0.27, med, 0.25, xerr=err.T, color=colors[variant],
                  label=labels[variant], capsize=2)  # fmt: skip
    left.set_xscale("log")
    left.set_yticks(y, [NAMES[m] for m in MODELS])
    left.set_xlabel(text(lang, "학습 한 단계 (ms, 로그 축)", "one training step (ms, log scale)"))
    left.legend(fontsize=FONT, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=1, frameon=False)
    for k, variant in enumerate(("scratch_float32", "scratch_float64")):
        ratios = [results[m][variant].get("ratio_to_torch", np.nan) for m in MODELS]
        right.barh(y + (0.5 - k) * 0.36, ratios, 0.34, color=colors[variant],
                   label=labels[variant])  # fmt: skip
    right.scatter([TARGETS[m] for m in MODELS], y + 0.18, marker="|", s=400, color="k",
                  label=text(lang, "목표 (float32)", "target (float32)"), zorder=3)  # fmt: skip
    right.axvline(1.0, color="C3", lw=1, ls="--")
    right.set_yticks(y, [""] * len(MODELS))
    right.set_xlabel(text(lang, "scratch 시간 / PyTorch 시간", "scratch time / PyTorch time"))
    right.legend(
        fontsize=FONT, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=1, frameon=False
    )
    for ax in (left, right):
        ax.tick_params(labelsize=FONT)
        ax.xaxis.label.set_size(FONT)
    fig.tight_layout()
    return fig
