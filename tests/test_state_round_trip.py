"""Saving and loading a network keeps everything its predictions depend on, and loading
refuses (without changing anything) a file that does not fit the network."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from scratch.networks import DeepConvNet, MultiLayerNet, SimpleConvNet, TwoLayerNet
from scratch.weights import load_params, save_params

MLP = {"input_size": 6, "hidden_size_list": [5, 4], "output_size": 3}
NETWORKS = {
    "TwoLayerNet": lambda rng: TwoLayerNet(6, 5, 3, rng=rng),
    "MultiLayerNet": lambda rng: MultiLayerNet(**MLP, rng=rng),
    "MultiLayerNet[sigmoid]": lambda rng: MultiLayerNet(**MLP, activation="sigmoid", rng=rng),
    "MultiLayerNet[batchnorm]": lambda rng: MultiLayerNet(**MLP, use_batchnorm=True, rng=rng),
    "MultiLayerNet[dropout]": lambda rng: MultiLayerNet(**MLP, use_dropout=True, rng=rng),
    "MultiLayerNet[decay]": lambda rng: MultiLayerNet(**MLP, weight_decay_lambda=0.1, rng=rng),
    "MultiLayerNet[all]": lambda rng: MultiLayerNet(
        **MLP, use_batchnorm=True, use_dropout=True, weight_decay_lambda=0.1, rng=rng
    ),
    "MultiLayerNet[float32]": lambda rng: MultiLayerNet(
        **MLP, use_batchnorm=True, dtype=np.float32, rng=rng
    ),
    "SimpleConvNet": lambda rng: SimpleConvNet(
        (1, 8, 8), {"filter_num": 3, "filter_size": 3}, hidden_size=5, output_size=3, rng=rng
    ),
    "DeepConvNet": lambda rng: DeepConvNet(hidden_size=5, output_size=3, rng=rng),
}


def inputs(name: str) -> np.ndarray:
    rng = np.random.default_rng(5)
    shape = {"SimpleConvNet": (4, 1, 8, 8), "DeepConvNet": (2, 1, 28, 28)}.get(name, (8, 6))
    x = rng.standard_normal(shape) * 2 + 1  # far from the initial running averages
    return x.astype(np.float32) if "float32" in name else x


@pytest.mark.parametrize("name", NETWORKS)
def test_saved_and_loaded_network_predicts_the_same(name: str, tmp_path: Path) -> None:
    net = NETWORKS[name](0)
    x = inputs(name)
    t = np.arange(len(x)) % 3
    for _ in range(3):  # training steps move the parameters and the running averages
        grads = net.gradient(x, t)
        for key, value in net.params.items():
            value -= 0.1 * grads[key]
    net.save_params(tmp_path / "net.npz")
    other = NETWORKS[name](1)
    assert not np.allclose(other.predict(x), net.predict(x))
    other.load_params(tmp_path / "net.npz")
    np.testing.assert_array_equal(other.predict(x), net.predict(x))
    assert set(load_params(tmp_path / "net.npz")) == set(net.params) | set(net.state)


def test_batchnorm_running_averages_are_saved() -> None:
    net = NETWORKS["MultiLayerNet[batchnorm]"](0)
    assert list(net.state) == ["running_mean1", "running_var1", "running_mean2", "running_var2"]
    net.predict(inputs("MultiLayerNet"), train_flg=True)
    assert net.state["running_mean1"] is net.layers["BatchNorm1"].running_mean
    assert not list(NETWORKS["TwoLayerNet"](0).state)


def entries(net) -> dict[str, np.ndarray]:
    return {key: np.copy(value) for key, value in {**net.params, **net.state}.items()}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda v: v.update(W9=np.zeros(3)), r"missing \[\], unexpected \['W9'\]"),
        (lambda v: v.pop("running_var2"), r"missing \['running_var2'\], unexpected \[\]"),
        (lambda v: v["W1"].__setitem__((0, 0), np.nan), r"'W1' holds NaN or infinite values"),
        (lambda v: v["b2"].__setitem__(0, np.inf), r"'b2' holds NaN or infinite values"),
        (lambda v: v.update(W1=np.zeros((5, 6))), r"'W1' has shape \(5, 6\), expected \(6, 5\)"),
        (lambda v: v.update(W1=np.full((6, 5), "a")), r"'W1': dtype <U1 is not a plain numeric"),
    ],
)
def test_loading_what_does_not_fit_changes_nothing(change, message: str, tmp_path: Path) -> None:
    values = entries(NETWORKS["MultiLayerNet[batchnorm]"](1))
    change(values)
    net = NETWORKS["MultiLayerNet[batchnorm]"](0)
    before = entries(net)
    with pytest.raises(ValueError, match=rf"MultiLayerNet\.load_params: the dict given: {message}"):
        net.load_params(values)
    if "<U1" not in message:
        save_params(values, tmp_path / "bad.npz")
        with pytest.raises(ValueError, match=rf"load_params: .*bad\.npz: {message}"):
            net.load_params(tmp_path / "bad.npz")
    for key, value in entries(net).items():
        np.testing.assert_array_equal(value, before[key])


def test_loading_converts_to_the_networks_dtype() -> None:
    net = NETWORKS["MultiLayerNet[float32]"](0)
    net.load_params(entries(NETWORKS["MultiLayerNet[batchnorm]"](1)))  # float64 values
    assert {value.dtype for value in {**net.params, **net.state}.values()} == {np.dtype(np.float32)}
