"""Layers with the book's names; each module holds one concept."""

from scratch.layers.activation import Relu, Sigmoid
from scratch.layers.affine import Affine
from scratch.layers.arithmetic import AddLayer, MulLayer
from scratch.layers.base import Layer
from scratch.layers.loss import SoftmaxWithLoss

__all__ = ["AddLayer", "Affine", "Layer", "MulLayer", "Relu", "Sigmoid", "SoftmaxWithLoss"]
