"""One library's training step (or a matrix product), timed by pyperf in fresh processes.

``python -m benchmarks.run`` starts it; by hand, from the repository root::

    python -m benchmarks.step_bench --lib scratch --model deep_convnet --dtype float32 \
        --batch-file batch.npz --processes 2 --values 5 --loops 2 -o out.json

pyperf spawns worker processes with a clean environment (no process settings of ours): each
worker loads only the library it times, limits it to 2 threads, builds the model, and times
``loops`` training steps per value. ``--lib gemm`` times numpy's matrix product instead
(float32 or float64, 2048 x 2048), the machine's limit the benchmark page compares with.
"""

from __future__ import annotations

import sys
import time

import pyperf

THREADS = 2
GEMM_SIZE = 2048


def add_cmdline_args(cmd: list[str], args) -> None:
    cmd += ["--lib", args.lib, "--model", args.model, "--dtype", args.dtype]
    cmd += ["--batch-file", args.batch_file]


def gemm_flop() -> int:
    return 2 * GEMM_SIZE**3


def make_step(lib: str, model: str, dtype: str, batch_file: str):
    """A function doing one training step (or one matrix product), in this process."""
    import numpy as np
    from threadpoolctl import threadpool_limits

    threadpool_limits(THREADS, user_api="blas")
    if lib == "gemm":
        rng = np.random.default_rng(0)
        a, b = (rng.random((GEMM_SIZE, GEMM_SIZE)).astype(dtype) for _ in range(2))
        return lambda: a @ b
    data = np.load(batch_file)
    x, t = data["x"], data["t"]
    if lib == "torch":
        import torch

        from benchmarks.models import torch_step

        torch.set_num_threads(THREADS)
        return torch_step(model, x, t)
    from benchmarks.models import scratch_step

    return scratch_step(model, np.dtype(dtype).type, x, t)


def main() -> None:
    runner = pyperf.Runner(
        add_cmdline_args=add_cmdline_args, program_args=("-m", "benchmarks.step_bench")
    )
    parser = runner.argparser
    parser.add_argument("--lib", choices=["scratch", "torch", "gemm"], required=True)
    parser.add_argument("--model", default="gemm")
    parser.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    parser.add_argument("--batch-file", default="")
    args = runner.parse_args()
    name = f"{args.model} {args.lib} {args.dtype}"
    if not args.worker:  # the manager only spawns workers
        runner.bench_time_func(name, lambda loops: 0.0)
        return
    step = make_step(args.lib, args.model, args.dtype, args.batch_file)

    def timed(loops: int) -> float:
        start = time.perf_counter()
        for _ in range(loops):
            step()
        return time.perf_counter() - start

    runner.bench_time_func(name, timed)


if __name__ == "__main__":
    sys.exit(main())
