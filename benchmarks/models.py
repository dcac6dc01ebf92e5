"""The three benchmark models, in scratch and in PyTorch, and one training step of each.

A training step is what a learner's loop does for every mini-batch: forward, loss,
backward, then a plain SGD update (lr 0.01, no momentum). The PyTorch models are the same
architectures as the book's defaults (same layer sizes, strides and paddings, ReLU, max
pooling, dropout where DeepConvNet has it).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from scratch.networks import DeepConvNet, SimpleConvNet, TwoLayerNet
from scratch.optimizers import SGD

MODELS = ("mlp", "simple_convnet", "deep_convnet")
LABELS = {
    "mlp": "TwoLayerNet 784-50-10",
    "simple_convnet": "SimpleConvNet",
    "deep_convnet": "DeepConvNet",
}
LR = 0.01

Step = Callable[[], None]


def scratch_model(name: str, dtype: type, rng: int = 0):
    if name == "mlp":
        return TwoLayerNet(784, 50, 10, rng=rng, dtype=dtype)
    if name == "simple_convnet":
        return SimpleConvNet(rng=rng, dtype=dtype)
    if name == "deep_convnet":
        return DeepConvNet(rng=rng, dtype=dtype)
    raise ValueError(f"unknown model {name!r}; choose from {MODELS}")


def scratch_step(name: str, dtype: type, x: np.ndarray, t: np.ndarray) -> Step:
    """A closure doing one scratch training step on the batch (x, t)."""
    net = scratch_model(name, dtype)
    opt = SGD(lr=LR)
    x = x.astype(dtype).reshape(x.shape[0], -1) if name == "mlp" else x.astype(dtype)

    def step() -> None:
        opt.update(net.params, net.gradient(x, t))

    return step


def torch_model(name: str):
    from torch import nn

    if name == "mlp":
        return nn.Sequential(nn.Linear(784, 50), nn.ReLU(), nn.Linear(50, 10))
    if name == "simple_convnet":
        return nn.Sequential(
            nn.Conv2d(1, 30, 5),
            nn.ReLU(),
            nn.MaxPool2d(2, 2),
            nn.Flatten(),
            nn.Linear(30 * 12 * 12, 100),
            nn.ReLU(),
            nn.Linear(100, 10),
        )
    if name == "deep_convnet":
        layers: list = []
        channels = 1
        # (filter_num, pad) of the book's six 3x3 convolutions; pool after every second one.
        for i, (filters, pad) in enumerate([(16, 1), (16, 1), (32, 1), (32, 2), (64, 1), (64, 1)]):
            layers += [nn.Conv2d(channels, filters, 3, padding=pad), nn.ReLU()]
            if i % 2 == 1:
                layers.append(nn.MaxPool2d(2, 2))
            channels = filters
        layers += [
            nn.Flatten(),
            nn.Linear(64 * 4 * 4, 50),
            nn.ReLU(),
            nn.Dropout(0.5),
            nn.Linear(50, 10),
            nn.Dropout(0.5),
        ]
        return nn.Sequential(*layers)
    raise ValueError(f"unknown model {name!r}; choose from {MODELS}")


def torch_step(name: str, x: np.ndarray, t: np.ndarray) -> Step:
    """A closure doing one PyTorch float32 training step on the batch (x, t)."""
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    model = torch_model(name).train()
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    xt = torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32))
    if name == "mlp":
        xt = xt.reshape(xt.shape[0], -1)
    tt = torch.from_numpy(t.astype(np.int64))

    def step() -> None:
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(xt), tt).backward()
        opt.step()

    return step
