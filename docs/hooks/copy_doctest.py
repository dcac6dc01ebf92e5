"""Make the copy button copy code that runs when pasted into ``python`` or a Jupyter cell.

Material's copy button copies the ``data-copy`` attribute of an enclosing element when
there is one, so this hook gives a Python block such an attribute where its text would not
paste as it is:

- a doctest block (``>>> x = 1`` followed by output) is what the tests check, but pasted
  into a terminal the prompts and outputs are noise: the copy keeps the example sources;
- the interactive interpreter reads a pasted block line by line: a blank line ends a
  ``def``/``class``/``for``/``with``/``if`` statement, and the statement after one must
  follow a blank line. The copy drops blank lines inside such statements and adds one
  after each. A Jupyter cell runs either form the same.
"""

from __future__ import annotations

import ast
import doctest
import html
import re

BLOCK = re.compile(r'<div class="language-python highlight">(.*?)</pre></div>', re.DOTALL)
TAG = re.compile(r"<[^>]+>")


def paste_ready(code: str) -> str:
    """``code`` laid out so that the interactive interpreter runs it when pasted."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code.rstrip()
    inside: set[int] = set()  # lines of a compound statement after its first
    ends: set[int] = set()  # the last line of each compound statement
    for node in tree.body:
        if hasattr(node, "body"):  # def, class, for, while, if, with, try, match
            first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
            inside.update(range(first + 1, node.end_lineno + 1))
            ends.add(node.end_lineno)
    for node in ast.walk(tree):  # a blank line in a multi-line string is part of the string
        if isinstance(node, ast.Constant | ast.JoinedStr):
            inside.difference_update(range(node.lineno + 1, node.end_lineno + 1))
    source = [*code.splitlines(), ""]
    lines: list[str] = []
    for number, line in enumerate(source[:-1], 1):
        if line.strip() or number not in inside:
            lines.append(line)
        if number in ends and source[number].strip():
            lines.append("")
    return "\n".join(lines).rstrip()


def runnable_source(doctest_text: str) -> str:
    """The code of a doctest with prompts and expected output removed, ready to paste."""
    examples = doctest.DocTestParser().get_examples(doctest_text)
    return paste_ready("".join(example.source for example in examples))


def copy_text(block_text: str) -> str:
    """What the copy button copies from a Python block showing ``block_text``."""
    if block_text.lstrip().startswith(">>>"):
        return runnable_source(block_text)
    return paste_ready(block_text)


def _code_text(block_html: str) -> str:
    # Line-number anchors and highlight spans carry no text of their own.
    return html.unescape(TAG.sub("", block_html))


def add_copy_attributes(page_html: str) -> str:
    def replace(match: re.Match[str]) -> str:
        text = _code_text(match.group(1))
        copied = copy_text(text)
        if copied == text.rstrip():
            return match.group(0)
        attr = html.escape(copied, quote=True)
        return match.group(0).replace(
            '<div class="language-python highlight">',
            f'<div class="language-python highlight" data-copy="{attr}">',
            1,
        )

    return BLOCK.sub(replace, page_html)


def on_page_content(page_html: str, page, config, files) -> str:
    return add_copy_attributes(page_html)
