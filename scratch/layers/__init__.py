"""Layers with the book's names; each module holds one concept."""

from scratch.layers.activation import Relu, Sigmoid
from scratch.layers.affine import Affine
from scratch.layers.arithmetic import AddLayer, MulLayer
from scratch.layers.base import Layer
from scratch.layers.batchnorm import BatchNormalization
from scratch.layers.convolution import Convolution
from scratch.layers.dropout import Dropout
from scratch.layers.loss import SoftmaxWithLoss
from scratch.layers.pooling import Pooling

__all__ = [
    "AddLayer",
    "Affine",
    "BatchNormalization",
    "Convolution",
    "Dropout",
    "Layer",
    "MulLayer",
    "Pooling",
    "Relu",
    "Sigmoid",
    "SoftmaxWithLoss",
]
