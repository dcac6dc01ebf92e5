"""The book's ``common`` and ``dataset`` modules, mapped onto this library in one table.

A script of the book imports ``from common.layers import *`` or ``from dataset.mnist import
load_mnist``; :mod:`scratch.book.runner` answers those imports with modules built from
:data:`SURFACE`, so what runs is the library itself. Each entry is a book name and the
library object it stands for; the few renames are marked.
"""

from __future__ import annotations

#: Names every module of the book's ``common`` has besides its own: each starts with
#: ``import numpy as np``, so ``from common.optimizer import *`` brings ``np`` too, and
#: ch06/optimizer_compare_mnist.py uses ``np`` without importing it.
MODULE_GLOBALS: dict[str, str] = {"np": "numpy"}

SURFACE: dict[str, dict[str, str]] = {
    "common.functions": {
        name: f"scratch.functions.{name}"
        for name in (
            "identity_function",
            "step_function",
            "sigmoid",
            "sigmoid_grad",
            "relu",
            "relu_grad",
            "softmax",
            "mean_squared_error",
            "cross_entropy_error",
            "softmax_loss",
        )
    },
    "common.gradient": {
        "numerical_gradient": "scratch.gradient.numerical_gradient",
    },
    "common.layers": {
        name: f"scratch.layers.{name}"
        for name in (
            "Relu",
            "Sigmoid",
            "Affine",
            "SoftmaxWithLoss",
            "Dropout",
            "BatchNormalization",
            "Convolution",
            "Pooling",
        )
    },
    "common.optimizer": {
        name: f"scratch.optimizers.{name}"
        for name in ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam")
    },
    "common.multi_layer_net": {"MultiLayerNet": "scratch.networks.MultiLayerNet"},
    # Renamed: one MultiLayerNet has the book's "extend" options (dropout, batch norm).
    "common.multi_layer_net_extend": {"MultiLayerNetExtend": "scratch.networks.MultiLayerNet"},
    # Renamed: the book's schedule and printing (scratch.trainer.Trainer is the modern one).
    "common.trainer": {"Trainer": "scratch.trainer.BookTrainer"},
    "common.util": {
        "smooth_curve": "scratch.util.smooth_curve",
        "shuffle_dataset": "scratch.util.shuffle_dataset",
        "conv_output_size": "scratch.im2col.conv_output_size",
        "im2col": "scratch.im2col.im2col",
        "col2im": "scratch.im2col.col2im",
    },
    # The dataset the runner was asked for (MNIST or Fashion-MNIST) behind the book's name.
    "dataset.mnist": {"load_mnist": "scratch.book.runner.load_mnist"},
}
