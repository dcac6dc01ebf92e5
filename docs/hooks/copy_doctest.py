"""Make the copy button on a doctest block copy runnable code.

A block written as a doctest (``>>> x = 1`` followed by output) is what the tests check,
but pasted into a terminal the prompts and outputs are noise. Material's copy button
copies the ``data-copy`` attribute of an enclosing element when there is one, so this hook
gives every doctest block such an attribute: the example sources, prompts and outputs gone.
"""

from __future__ import annotations

import doctest
import html
import re

BLOCK = re.compile(r'<div class="language-python highlight">(.*?)</pre></div>', re.DOTALL)
TAG = re.compile(r"<[^>]+>")


def runnable_source(doctest_text: str) -> str:
    """The code of a doctest with prompts and expected output removed."""
    examples = doctest.DocTestParser().get_examples(doctest_text)
    return "".join(example.source for example in examples).rstrip("\n")


def _code_text(block_html: str) -> str:
    # Line-number anchors and highlight spans carry no text of their own.
    return html.unescape(TAG.sub("", block_html))


def add_copy_attributes(page_html: str) -> str:
    def replace(match: re.Match[str]) -> str:
        text = _code_text(match.group(1))
        if not text.lstrip().startswith(">>>"):
            return match.group(0)
        attr = html.escape(runnable_source(text), quote=True)
        return match.group(0).replace(
            '<div class="language-python highlight">',
            f'<div class="language-python highlight" data-copy="{attr}">',
            1,
        )

    return BLOCK.sub(replace, page_html)


def on_page_content(page_html: str, page, config, files) -> str:
    return add_copy_attributes(page_html)
