"""FLOPs per training step, from the layer shapes, and a per-layer time profile of a step.

FLOP count: 2 x the multiply-adds of every convolution and affine product, forward (the
output) and backward (dW, and dx except for the first layer, whose dx nobody computes).
Everything else (ReLU, pooling, softmax, the update) is counted as 0: it is memory traffic,
not arithmetic, and shows up in the profile as time spent outside the products.

``python -m benchmarks.profile MODEL`` prints, as JSON, the median time of each layer's
forward and backward over a few scratch float32 steps, with each layer's FLOPs: run by
``benchmarks.run`` in a fresh process with library defaults.
"""

from __future__ import annotations

import json
import sys
import time

import numpy as np

from scratch.layers import Affine, Convolution


def layer_flops(net, x: np.ndarray) -> list[dict]:
    """Per layer of ``net`` on the batch ``x``: name, forward FLOPs, backward FLOPs."""
    rows = []
    h = x
    for i, (name, layer) in enumerate(net.layers.items()):
        macs = 0
        if isinstance(layer, Convolution):
            N, FN, out_h, out_w = layer.output_shape(h.shape)
            macs = N * out_h * out_w * layer.W[0].size * FN
        elif isinstance(layer, Affine):
            macs = h.shape[0] * layer.W.size
        # backward: dW always, dx except for the first layer (Network.gradient skips it)
        rows.append(
            {
                "layer": name,
                "forward_flop": 2 * macs,
                "backward_flop": 2 * macs * (1 if i == 0 else 2),
            }
        )
        h = layer.forward(h, train_flg=False)
    return rows


def step_flop(model: str, batch_size: int = 100) -> int:
    """FLOPs of one training step of the benchmark model on a batch of batch_size."""
    from benchmarks.models import scratch_model

    net = scratch_model(model, np.float32)
    shape = (batch_size, 784) if model == "mlp" else (batch_size, 1, 28, 28)
    rows = layer_flops(net, np.zeros(shape, dtype=np.float32))
    return sum(r["forward_flop"] + r["backward_flop"] for r in rows)


def profile(model: str, x: np.ndarray, t: np.ndarray, steps: int = 9) -> list[dict]:
    """Median ms of each layer's forward and backward in scratch float32 training steps."""
    from benchmarks.models import scratch_model
    from scratch.optimizers import SGD

    net, opt = scratch_model(model, np.float32), SGD(lr=0.01)
    x = x.astype(np.float32)
    layers = list(net.layers.items())
    times: dict[str, list[float]] = {}

    def timed(key: str, f, *args):
        start = time.perf_counter()
        result = f(*args)
        times.setdefault(key, []).append(time.perf_counter() - start)
        return result

    for _ in range(steps + 2):  # the first two are warm-up, dropped below
        start = time.perf_counter()
        h = x
        for name, layer in layers:
            h = timed(f"{name} forward", layer.forward, h, True)
        timed("loss forward", net.last_layer.forward, h, t)
        dout = timed("loss backward", net.last_layer.backward, 1)
        for name, layer in reversed(layers[1:]):
            dout = timed(f"{name} backward", layer.backward, dout)
        timed(f"{layers[0][0]} backward", layers[0][1].backward_params, dout)
        grads = {key: lay.grad(attr) for key, (lay, attr) in net._slots().items()}
        timed("SGD update", opt.update, net.params, grads)
        times.setdefault("step", []).append(time.perf_counter() - start)
    flops = {}
    for row in layer_flops(net, x):
        flops[f"{row['layer']} forward"] = row["forward_flop"]
        flops[f"{row['layer']} backward"] = row["backward_flop"]
    return [
        {
            "part": key,
            "median_ms": round(float(np.median(v[2:])) * 1e3, 4),
            "flop": flops.get(key, 0),
        }
        for key, v in times.items()
    ]


def main() -> None:
    from threadpoolctl import threadpool_limits

    model, batch_file = sys.argv[1], sys.argv[2]
    threadpool_limits(2, user_api="blas")
    data = np.load(batch_file)
    print(json.dumps(profile(model, data["x"], data["t"])))


if __name__ == "__main__":
    main()
