"""The multiply and add nodes of chapter 5's shopping example."""

from __future__ import annotations

from typing import Any

from scratch.layers.base import Layer, require_forward


class MulLayer(Layer):
    """z = x * y. Backward swaps the inputs: dz/dx = y and dz/dy = x."""

    def __init__(self) -> None:
        self.x: Any = None
        self.y: Any = None

    def forward(self, x: Any, y: Any) -> Any:
        self.x, self.y = x, y
        return x * y

    def backward(self, dout: Any) -> tuple[Any, Any]:
        require_forward(self, "x", "y")
        return dout * self.y, dout * self.x


class AddLayer(Layer):
    """z = x + y. Backward passes dout through unchanged to both inputs."""

    def forward(self, x: Any, y: Any) -> Any:
        return x + y

    def backward(self, dout: Any) -> tuple[Any, Any]:
        return dout * 1, dout * 1
