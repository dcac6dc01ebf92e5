"""The framework page's figure (site_tools/figures/framework.py) draws the page's own run.

The figure executes the page's imports and definitions and calls ``compare_training(**TRAINING)``
itself, so these tests check that it picks up exactly those, leaves the page's demonstrations
out, fails clearly when the page changes shape, and draws legibly.
"""

from __future__ import annotations

import ast
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest

from site_tools.figures import framework, style
from tests.test_figure_legibility import MIN_TEXT_PX, smallest_text_px


def test_the_figure_runs_the_pages_definitions_and_nothing_else() -> None:
    pytest.importorskip("torch", reason="the page's definitions import PyTorch: pip install torch")
    namespace = framework.page_definitions()
    assert callable(namespace["compare_training"])
    assert namespace["compare_training"].__doc__.startswith("Train TwoLayerNet")
    for name in ("TorchTwoLayerNet", "TorchSimpleConvNet", "copy_weights", "paired"):
        assert name in namespace, name
    # The settings are the page's own literal, not a copy.
    shown = re.search(r"^TRAINING = (\{.*\})$", framework.PAGE.read_text(encoding="utf-8"), re.M)
    assert shown and namespace["TRAINING"] == ast.literal_eval(shown.group(1))
    # The demonstrations (networks built, data loaded, steps taken) are not executed.
    for name in ("network", "model", "x_train", "optimizer", "conv_network"):
        assert name not in namespace, name


def test_a_page_without_the_marker_is_a_clear_error(tmp_path) -> None:
    page = tmp_path / "index.en.md"
    page.write_text("# A page\n\n```python\nimport math\n```\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"no Python block of .* contains 'TRAINING = '"):
        framework.page_definitions(page)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_figure_is_legible_at_the_column_width(lang: str) -> None:
    if lang == "ko" and not style.have_hangul_font():
        pytest.skip(style.HANGUL_FONT_REMEDY)
    rng = np.random.default_rng(0)
    loss = list(2.3 * np.exp(-np.arange(300) / 100) + 0.1 * rng.random(300))
    run = {side: {"loss": loss, "test_acc": [0.58, 0.69, 0.76]} for side in ("ours", "torch")}
    fig = framework.draw_training(lang, run)
    try:
        px, text = smallest_text_px(fig)
    finally:
        plt.close(fig)
    assert px >= MIN_TEXT_PX, f"{text!r} shows at {px:.1f} px"
