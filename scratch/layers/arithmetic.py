"""The multiply and add nodes of chapter 5's shopping example.

They take two inputs and return two gradients, so they do not follow the one-input
contract of :class:`~scratch.layers.base.Layer`: they are nodes for drawing graphs by hand.
"""

from __future__ import annotations

from typing import Any

from scratch.layers.base import saved


# --8<-- [start:mul_layer]
class MulLayer:
    """z = x * y. Backward swaps the inputs: dz/dx = y and dz/dy = x."""

    def __init__(self) -> None:
        self.x: Any = None
        self.y: Any = None

    def forward(self, x: Any, y: Any) -> Any:
        self.x, self.y = x, y
        return x * y

    def backward(self, dout: Any) -> tuple[Any, Any]:
        return dout * saved(self, self.y), dout * saved(self, self.x)
        # --8<-- [end:mul_layer]


# --8<-- [start:add_layer]
class AddLayer:
    """z = x + y. Backward passes dout through unchanged to both inputs."""

    def forward(self, x: Any, y: Any) -> Any:
        return x + y

    def backward(self, dout: Any) -> tuple[Any, Any]:
        return dout * 1, dout * 1
        # --8<-- [end:add_layer]
