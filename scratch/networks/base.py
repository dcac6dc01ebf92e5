"""What every network shares: parameters found by walking the layers.

A network keeps its layers in order (``self.layers``, the book's OrderedDict) and a
final ``self.last_layer``. Its parameters are named the book's way, ``W1, b1, W2, ...,
gamma1, beta1``: the attribute name followed by a running count of the layers that have
that attribute. ``network.params`` is a live view: reading ``params['W1']`` returns the
layer's own array, and assigning to it (or updating it in place, as optimizers do)
changes the layer.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from pathlib import Path

import numpy as np

from scratch.functions import class_labels
from scratch.layers.base import Layer
from scratch.layers.loss import SoftmaxWithLoss


# --8<-- [start:param_view]
class ParamView(MutableMapping[str, np.ndarray]):
    """Book-style parameter names mapped onto (layer, attribute) pairs."""

    def __init__(self, slots: dict[str, tuple[Layer, str]]) -> None:
        self._slots = slots

    def __getitem__(self, key: str) -> np.ndarray:
        layer, attr = self._slots[key]
        return getattr(layer, attr)

    def __setitem__(self, key: str, value: np.ndarray) -> None:
        layer, attr = self._slots[key]
        old = getattr(layer, attr)
        value = np.asarray(value)
        if value.shape != old.shape:
            raise ValueError(
                f"params[{key!r}]: new value has shape {value.shape}, "
                f"{type(layer).__name__}.{attr} has {old.shape}"
            )
        setattr(layer, attr, value)

    def __delitem__(self, key: str) -> None:
        raise TypeError("a network's parameters cannot be deleted")

    def __iter__(self) -> Iterator[str]:
        return iter(self._slots)

    def __len__(self) -> int:
        return len(self._slots)

    def __repr__(self) -> str:
        return "{" + ", ".join(f"{k!r}: array{self[k].shape}" for k in self) + "}"
        # --8<-- [end:param_view]


# --8<-- [start:network]
class Network:
    """Base class: predict, loss, accuracy, gradient and params, all by walking layers."""

    layers: dict[str, Layer]
    last_layer: SoftmaxWithLoss

    # -- parameters -----------------------------------------------------------------
    def _slots(self, kind: str = "params") -> dict[str, tuple[Layer, str]]:
        counts: dict[str, int] = {}
        slots: dict[str, tuple[Layer, str]] = {}
        for layer in self.layers.values():
            for attr in getattr(layer, kind):
                counts[attr] = counts.get(attr, 0) + 1
                slots[f"{attr}{counts[attr]}"] = (layer, attr)
        return slots

    @property
    def params(self) -> ParamView:
        return ParamView(self._slots())

    @property
    def state(self) -> ParamView:
        """What predictions depend on besides ``params`` (``running_mean1``, ``running_var1``
        of batch norm): not learned by gradient, but saved and loaded with the parameters."""
        return ParamView(self._slots("state"))

    # -- forward --------------------------------------------------------------------
    def predict(self, x: np.ndarray, train_flg: bool = False) -> np.ndarray:
        for layer in self.layers.values():
            x = layer.forward(x, train_flg)
        return x

    def regularization(self) -> float:
        """Extra loss term (weight decay); zero unless a subclass adds one."""
        return 0.0

    def loss(self, x: np.ndarray, t: np.ndarray, train_flg: bool = False) -> float:
        y = self.predict(x, train_flg)
        return self.last_layer.forward(y, t) + self.regularization()

    @property
    def last_loss(self) -> float:
        """The loss of the latest forward pass (e.g. the one ``gradient`` just ran)."""
        if self.last_layer.loss is None:
            raise RuntimeError(f"{type(self).__name__}.last_loss: no forward pass yet")
        return self.last_layer.loss + self.regularization()

    def accuracy(self, x: np.ndarray, t: np.ndarray, batch_size: int = 100) -> float:
        """Fraction of correct predictions, computed in batches to bound memory.

        ``t`` holds integer labels (N,) (or a column (N, 1)) or one-hot rows (N, classes).
        """
        name = f"{type(self).__name__}.accuracy"
        t = np.asarray(t)
        if t.ndim == 2 and t.shape[1] == 1:
            t = t.reshape(-1)  # a column of labels, as SoftmaxWithLoss accepts
        labels = t.argmax(axis=1) if t.ndim != 1 else t
        if x.shape[0] == 0 or labels.shape != (x.shape[0],):
            raise ValueError(f"{name}: needs one label per sample and at least one sample; "
                             f"got x of shape {x.shape} and labels of shape {t.shape}")  # fmt: skip
        correct = 0
        for start in range(0, x.shape[0], batch_size):
            y = self.predict(x[start : start + batch_size], train_flg=False)
            if start == 0 and t.ndim == 1:
                class_labels(labels, y.shape[1], name)
            correct += int(np.sum(y.argmax(axis=1) == labels[start : start + batch_size]))
        return correct / x.shape[0]

    # -- gradients ------------------------------------------------------------------
    def gradient(self, x: np.ndarray, t: np.ndarray) -> dict[str, np.ndarray]:
        """Backpropagation: one forward pass, then layers' backward in reverse order."""
        self.loss(x, t, train_flg=True)
        dout = self.last_layer.backward(1)
        first, *rest = self.layers.values()
        for layer in reversed(rest):
            dout = layer.backward(dout)
        # The first layer's dx would be the gradient for the input data, which nothing
        # uses: compute its parameter gradients only (PyTorch skips it the same way).
        first.backward_params(dout)
        return {key: self._param_grad(layer, attr) for key, (layer, attr) in self._slots().items()}

    def _param_grad(self, layer: Layer, attr: str) -> np.ndarray:
        """The layer's gradient, plus whatever the regularization term adds."""
        return layer.grad(attr)

    def numerical_gradient(self, x: np.ndarray, t: np.ndarray) -> dict[str, np.ndarray]:
        """The same gradients by central differences: slow, but independent of backward."""
        from scratch.gradient import numerical_gradient

        def loss_of_params(_: np.ndarray) -> float:
            return self.loss(x, t, train_flg=True)

        return {
            key: numerical_gradient(loss_of_params, value) for key, value in self.params.items()
        }
        # --8<-- [end:network]

    # -- persistence ----------------------------------------------------------------
    def save_params(self, path: str | Path) -> None:
        """Write ``params`` and ``state`` (everything predictions depend on) as one ``.npz``."""
        from scratch.weights import save_params

        save_params({**self.params, **self.state}, path)

    def load_params(self, source: str | Path | Mapping[str, np.ndarray]) -> None:
        """Load what :meth:`save_params` wrote (or the book's pickle, or a dict).

        Every parameter and state array must be there, with its shape and finite values,
        and nothing else: otherwise a ValueError names the entry and nothing is changed.
        """
        from scratch.weights import check_entries, load_params

        values = load_params(source) if isinstance(source, str | Path) else source
        where = str(source) if isinstance(source, str | Path) else "the dict given"
        targets = {**self.params._slots, **self.state._slots}
        expected = {key: getattr(layer, attr) for key, (layer, attr) in targets.items()}
        check_entries(values, expected, f"{type(self).__name__}.load_params: {where}")
        for key, (layer, attr) in targets.items():
            setattr(layer, attr, np.asarray(values[key], dtype=expected[key].dtype))
