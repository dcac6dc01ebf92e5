"""The page "From scratch to a framework" (docs/beyond/framework): our TwoLayerNet and its
PyTorch twin trained side by side on Fashion-MNIST.

The figure runs the page's own code rather than a copy of it: the imports and definitions of the
page's Python blocks (up to the training settings ``TRAINING``) are executed in one namespace and
``compare_training(**TRAINING)`` is called, so the curves are those of the code a reader sees.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from site_tools.figures import figure, new_figure, text

PAGE = Path(__file__).resolve().parents[2] / "docs" / "beyond" / "framework" / "index.en.md"
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
_DEFINITIONS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef)
_SETTING_MODULES = ("np", "torch")  # module-level settings such as torch.set_num_threads(1)


def _is_definition(node: ast.stmt) -> bool:
    """Imports, functions, classes, constants and module settings: what the training needs,
    without the page's demonstrations (which build networks and print)."""
    if isinstance(node, _DEFINITIONS):
        return True
    if isinstance(node, ast.Assign):
        try:
            ast.literal_eval(node.value)
        except ValueError:
            return False
        return True
    call = node.value if isinstance(node, ast.Expr) else None
    return (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id in _SETTING_MODULES
    )


def page_definitions(page: Path = PAGE, until: str = "TRAINING = ") -> dict[str, Any]:
    """The page's imports and definitions, executed in order from its plain (non-doctest)
    Python blocks through the block containing ``until``."""
    namespace: dict[str, Any] = {"__name__": "framework_page"}
    for match in _BLOCK.finditer(page.read_text(encoding="utf-8")):
        source = match.group(1)
        if source.lstrip().startswith(">>>"):
            continue
        tree = ast.parse(source)
        tree.body = [node for node in tree.body if _is_definition(node)]
        exec(compile(tree, f"{page.name}, block at offset {match.start()}", "exec"), namespace)
        if until in source:
            return namespace
    raise ValueError(f"page_definitions: no Python block of {page} contains {until!r}")


@lru_cache(maxsize=1)  # the ko and en figures share one run
def training_run() -> dict[str, Any]:
    try:
        import torch  # noqa: F401
    except ImportError as missing:
        raise RuntimeError(
            "the framework page's figure trains a PyTorch model: pip install torch"
        ) from missing
    page = page_definitions()
    return page["compare_training"](**page["TRAINING"])


def draw_training(lang: str, run: dict[str, Any]):
    """Loss per iteration and test accuracy per epoch of both runs, on shared axes."""
    fig, (ax_loss, ax_acc) = new_figure(
        lang, 1, 2, figsize=(8.6, 3.6), gridspec_kw={"width_ratios": [1.6, 1]}
    )
    names = {
        "ours": text(lang, "scratch (우리 구현)", "scratch (ours)"),
        "torch": "PyTorch",
    }
    styles = {"ours": {"lw": 2.2, "color": "tab:blue"},
              "torch": {"lw": 1.0, "color": "tab:orange", "ls": "--"}}  # fmt: skip
    for side in ("ours", "torch"):
        loss = np.asarray(run[side]["loss"])
        ax_loss.plot(np.arange(1, len(loss) + 1), loss, label=names[side], **styles[side])
        acc = run[side]["test_acc"]
        marker = {"ours": "o", "torch": "x"}[side]
        ax_acc.plot(np.arange(1, len(acc) + 1), acc, marker=marker, ms=9, label=names[side],
                    **styles[side])  # fmt: skip
    ax_loss.set_xlabel(text(lang, "반복", "iteration"))
    ax_loss.set_ylabel(text(lang, "미니배치 손실", "mini-batch loss"))
    ax_loss.legend()
    epochs = len(run["ours"]["test_acc"])
    ax_acc.set_xticks(np.arange(1, epochs + 1))
    ax_acc.set_xlabel(text(lang, "에폭", "epoch"))
    ax_acc.set_ylabel(text(lang, "시험 데이터 정확도", "test accuracy"))
    ax_acc.legend(loc="lower right")
    fig.suptitle(
        text(
            lang,
            "같은 초깃값, 같은 미니배치: scratch와 PyTorch의 TwoLayerNet (float32)",
            "Same initial weights, same mini-batches: TwoLayerNet in scratch and PyTorch (float32)",
        )
    )
    fig.tight_layout()
    return fig


@figure("beyond/framework/training-curves", needs=("fashion-mnist", "torch"))
def training_curves(lang: str):
    return draw_training(lang, training_run())
