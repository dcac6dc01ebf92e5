"""Volume 2's conventions (『밑바닥부터 시작하는 딥러닝 2』), built on volume 1's layers.

Every layer keeps its parameters in a ``params`` list and their gradients in a ``grads``
list that ``backward`` overwrites in place; a model joins its layers' lists; an optimizer's
``update(params, grads)`` takes the two lists; :class:`Trainer` drives training with
``fit`` and draws the loss with ``plot``. The spiral data set is :func:`load_data`.
"""

from scratch.vol2.layers import (
    Affine,
    FromVolume1,
    Layer,
    MatMul,
    Repeat,
    Sigmoid,
    SoftmaxWithLoss,
    Sum,
)
from scratch.vol2.optimizer import SGD, ListOptimizer
from scratch.vol2.spiral import load_data
from scratch.vol2.trainer import Trainer, clip_grads
from scratch.vol2.two_layer_net import TwoLayerNet

__all__ = [
    "SGD",
    "Affine",
    "FromVolume1",
    "Layer",
    "ListOptimizer",
    "MatMul",
    "Repeat",
    "Sigmoid",
    "SoftmaxWithLoss",
    "Sum",
    "Trainer",
    "TwoLayerNet",
    "clip_grads",
    "load_data",
]
