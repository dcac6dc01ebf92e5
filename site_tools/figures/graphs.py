"""Computational graphs drawn from explicit coordinates (chapter 5, appendix A).

A graph is a dict of named :class:`Node` s and a list of :class:`Edge` s between them.
Operator nodes are circles (``"op"``), layers are boxes (``"box"``), and inputs, outputs
and constants are bare text (``"text"``). Each edge carries the forward value above it in
black and the backward value below it in red, with a small red arrow pointing back along
the edge. Coordinates are data units on an equal-aspect axis, so circles stay round.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

FORWARD_COLOR = "black"
BACKWARD_COLOR = "#d62728"
KINDS = ("op", "box", "text")


@dataclass(frozen=True)
class Node:
    xy: tuple[float, float]
    label: str = ""
    kind: str = "op"  # "op" (circle), "box" (layer) or "text" (input, output, constant)
    size: float = 0.35  # radius of a circle; half-height of a box or of the text's room
    width: float = 0.0  # half-width of a box or text; 0 means as wide as it is high

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Node kind must be one of {KINDS}, got {self.kind!r}")

    @property
    def half_width(self) -> float:
        return self.width or self.size


@dataclass(frozen=True)
class Edge:
    start: str
    end: str
    forward: str = ""  # drawn above the edge, black
    backward: str = ""  # drawn below the edge, red
    at: float = 0.5  # where along the edge the labels sit: 0 at the start, 1 at the end


def boundary_point(node: Node, toward: np.ndarray) -> np.ndarray:
    """Where a straight line from the node's centre toward ``toward`` leaves the node."""
    centre = np.asarray(node.xy, dtype=float)
    direction = np.asarray(toward, dtype=float) - centre
    length = float(np.hypot(*direction))
    if length == 0:
        raise ValueError(f"edge of zero length at {node.xy}")
    unit = direction / length
    if node.kind in ("box", "text"):
        # Scale the unit vector until it touches the nearer pair of sides.
        limits = [
            node.half_width / abs(unit[0]) if unit[0] else np.inf,
            node.size / abs(unit[1]) if unit[1] else np.inf,
        ]
        return centre + unit * min(limits)
    return centre + unit * node.size


def edge_segment(nodes: Mapping[str, Node], edge: Edge) -> tuple[np.ndarray, np.ndarray]:
    """The visible part of an edge: from one node's boundary to the other's."""
    for name in (edge.start, edge.end):
        if name not in nodes:
            raise ValueError(f"edge {edge.start!r} -> {edge.end!r}: no node named {name!r}")
    a, b = nodes[edge.start], nodes[edge.end]
    return boundary_point(a, np.asarray(b.xy)), boundary_point(b, np.asarray(a.xy))


def upward_normal(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Unit normal of the segment on its upper side (left side for a vertical edge)."""
    dx, dy = end - start
    normal = np.array([-dy, dx]) / np.hypot(dx, dy)
    if normal[1] < 0 or (normal[1] == 0 and normal[0] > 0):
        normal = -normal
    return normal


def draw_graph(
    ax,
    nodes: Mapping[str, Node],
    edges: Sequence[Edge],
    fontsize: float = 12,
    offset: float = 0.22,
) -> None:
    """Draw nodes and edges on ``ax``; ``offset`` is how far labels sit from an edge."""
    for node in nodes.values():
        _draw_node(ax, node, fontsize)
    for edge in edges:
        start, end = edge_segment(nodes, edge)
        _arrow(ax, start, end, FORWARD_COLOR, lw=1.3)
        normal = upward_normal(start, end)
        middle = start + (end - start) * edge.at
        if edge.forward:
            _label(ax, middle, normal, offset, edge.forward, FORWARD_COLOR, fontsize)
        if edge.backward:
            # A short red arrow beside the edge, pointing back toward its start.
            unit = (end - start) / np.hypot(*(end - start))
            half = min(0.3, float(np.hypot(*(end - start))) / 4)
            beside = middle - normal * offset * 0.35
            _arrow(ax, beside + unit * half, beside - unit * half, BACKWARD_COLOR, lw=1.1)
            _label(ax, middle, -normal, offset, edge.backward, BACKWARD_COLOR, fontsize)
    _fit(ax, nodes, margin=offset * 2.5)


def _draw_node(ax, node: Node, fontsize: float) -> None:
    from matplotlib.patches import Circle, FancyBboxPatch

    x, y = node.xy
    if node.kind == "op":
        ax.add_patch(Circle(node.xy, node.size, facecolor="white", edgecolor="black", lw=1.4))
    elif node.kind == "box":
        w, h = node.half_width, node.size
        style = "round,pad=0,rounding_size=0.08"
        ax.add_patch(
            FancyBboxPatch(
                (x - w, y - h), 2 * w, 2 * h, boxstyle=style, fc="#eef2fb", ec="black", lw=1.4
            )
        )
    ax.text(x, y, node.label, ha="center", va="center", fontsize=fontsize, zorder=3)


def _arrow(ax, start: np.ndarray, end: np.ndarray, color: str, lw: float) -> None:
    style = {"arrowstyle": "-|>", "color": color, "lw": lw, "shrinkA": 0, "shrinkB": 0}
    ax.annotate("", xy=end, xytext=start, arrowprops=style)


def _label(ax, middle, side, offset: float, label: str, color: str, fontsize: float) -> None:
    """Text beside an edge on ``side``; beside a steep edge it is aligned away from it."""
    ha = "left" if side[0] > 0.7 else "right" if side[0] < -0.7 else "center"
    distance = offset * (0.9 if ha != "center" else 1.75 if color == BACKWARD_COLOR else 1)
    ax.text(*(middle + side * distance), label, ha=ha, va="center", fontsize=fontsize, color=color)


def _fit(ax, nodes: Mapping[str, Node], margin: float) -> None:
    xs = [n.xy[0] + s * n.half_width for n in nodes.values() for s in (-1, 1)]
    ys = [n.xy[1] + s * n.size for n in nodes.values() for s in (-1, 1)]
    ax.set_xlim(min(xs) - margin, max(xs) + margin)
    ax.set_ylim(min(ys) - margin, max(ys) + margin)
    ax.set_aspect("equal")
    ax.axis("off")


def number(value: float, digits: int = 4) -> str:
    """A value as a graph label: rounded, without float noise such as 220.00000000000003."""
    rounded = round(float(value), digits)
    return f"{rounded:g}" if abs(rounded) < 1e6 else f"{rounded:.3g}"
