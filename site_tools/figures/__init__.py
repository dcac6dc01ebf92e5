"""The figures the chapters show, drawn by code, in Korean and English.

Each figure is a function ``f(lang) -> matplotlib.figure.Figure`` registered with
``@figure("ch05/name")``; ``python -m site_tools figures`` writes it to
``docs/ch05/figures/name.png`` (Korean) and ``name.en.png`` (English), the file layout that
mkdocs-static-i18n serves to each language. Chapter modules in this package register their
figures when imported; ``registry()`` imports them all.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from site_tools.figures.style import (
    LANGS,
    SMALLEST_TEXT_KEY,
    drawn_texts,
    new_figure,
    text,
    use_language,
)

__all__ = ["LANGS", "Figure", "figure", "new_figure", "registry", "render", "text", "use_language"]


@dataclass(frozen=True)
class Figure:
    key: str  # "ch05/shopping-graph": chapter folder (may be nested: "vol2/ch01") and file stem
    draw: Callable[[str], object]
    needs: tuple[str, ...] = ()  # datasets the figure reads, e.g. ("fashion-mnist",)

    def path(self, docs: Path, lang: str) -> Path:
        chapter, name = self.key.rsplit("/", 1)
        suffix = "" if lang == "ko" else f".{lang}"
        return docs / chapter / "figures" / f"{name}{suffix}.png"


_REGISTRY: dict[str, Figure] = {}


def figure(key: str, needs: tuple[str, ...] = ()) -> Callable[[Callable], Callable]:
    """Register ``draw(lang)`` as the figure ``key``."""

    def register(draw: Callable[[str], object]) -> Callable[[str], object]:
        _REGISTRY[key] = Figure(key, draw, needs)
        return draw

    return register


def registry() -> dict[str, Figure]:
    for module in pkgutil.iter_modules(__path__):
        if module.name not in ("style", "graphs"):
            importlib.import_module(f"{__name__}.{module.name}")
    return dict(sorted(_REGISTRY.items()))


def render(fig: Figure, docs: Path, lang: str, dpi: int = 110) -> Path:
    """Draw one figure in one language and save it where the pages expect it."""
    import matplotlib.pyplot as plt

    opened_before = set(plt.get_fignums())
    try:
        use_language(lang)
        drawn = fig.draw(lang)
        out = fig.path(docs, lang)
        out.parent.mkdir(parents=True, exist_ok=True)
        drawn.canvas.draw()
        smallest = min(t.get_fontsize() for t in drawn_texts(drawn))
        metadata = {SMALLEST_TEXT_KEY: f"{smallest:g}"}
        drawn.savefig(out, dpi=dpi, bbox_inches="tight", metadata=metadata)
        plt.close(drawn)
    finally:
        # Also when drawing fails: pyplot keeps every figure it opened alive until closed.
        for number in set(plt.get_fignums()) - opened_before:
            plt.close(number)
    return out
