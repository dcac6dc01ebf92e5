"""Every script of the book's chapters 1-8 runs on ``scratch`` and does what the book's does.

Each script runs twice, each time in a fresh process from its own private copy of the book's
tree (the book's files are never written to), with ``MPLBACKEND=Agg`` and
``np.random.seed(0)`` right before it: once on the book's own ``common/`` and ``dataset/``,
once through ``scratch book`` (``scratch.book.runner.run``). ``book_driver.py`` records every
array the script hands to matplotlib (``Axes.plot``, ``imshow``, ``hist``, ...; ``plt.*``
goes through them) and to PIL's ``Image.show``; ``plt.show`` does nothing. The two runs must
print and plot the same, judged per script (the ``compare`` column):

- ``exact``: identical output and identical plotted arrays. The seeded training scripts are
  here: our library draws its random numbers (initial weights, mini-batches, dropout masks,
  shuffles) with the book's numpy calls in the book's order, and its gradients are the
  book's, so the same seed gives the same run to the last printed digit. (No script needed
  a looser comparison "within the spread of seeds": all draws happen in the book's order.)
- ``grad``: gradient checks. The printed mean differences between backprop and numerical
  gradients go through our loss, which uses log-softmax where the book takes
  log(y + 1e-7) (a deliberate difference, DESIGN.md): each number must be within 1e-6
  (absolute) of the book's, all text identical.
- ``loss``: training scripts that print (``numbers``) or plot (``plotted``) loss values. The
  runs are the same, but the book's loss is -log(y + 1e-7) and ours the exact -log y, so
  ours is never below the book's and above it by the batch mean of log(1 + 1e-7 / y):
  1e-7 to 1e-6 typically, more on the rare steps where a sample gets a probability far
  below 1e-7. Runs that had drifted apart would differ both ways: every difference must be
  >= 0 (to rounding), <= ``LOSS_BOUND`` and their median <= ``LOSS_TYPICAL`` (1e-5). All
  other lines (accuracies) are identical.
- ``refused``: ch06/batch_norm_gradient_check.py checks gradients on a batch of ONE sample
  through batch normalization, where the batch variance is 0 and every normalised value 0:
  the output does not depend on anything before the last batch-norm layer, and most of the
  gradients it checks are 0 on both sides (a check that cannot fail). Our
  ``BatchNormalization`` refuses to train on fewer than 2 values on purpose (no silent wrong
  answers, tests/test_no_silent_errors.py): the test checks that our run stops with that
  message, and runs only our side.

Data. The book's ``load_mnist`` reads ``dataset/mnist.pkl`` when it exists (it downloads
MNIST only when it does not): the test writes that file from the very arrays ``scratch book``
serves. Scripts that use only the test set get the real MNIST test set (and the book's
published weights copied next to them where they load one); scripts that need training images
get Fashion-MNIST on both sides (``--dataset fashion-mnist``) unless the MNIST training set is
on this machine, which is then used. Nothing is faked: a missing file skips the script with a
reason that says how to get it. Two scripts read a picture the book's code does not ship
(``lena.png``, ``lena_gray.png``): both sides get the same made-up stand-in.

Speed (the default run must stay within a few minutes on 2 cores). Shortened runs serve only
the first samples through ``load_mnist`` on both sides (``--train-size`` / ``--test-size``
for ours, the same first samples in ``mnist.pkl`` for the book's):
ch06/batch_norm_test.py 200 training samples (2 steps per epoch instead of 10),
ch06/overfit_dropout.py and ch06/overfit_weight_decay.py 1,000 test samples (evaluated every
epoch), ch07/train_convnet.py and ch08/train_deepnet.py 100 + 100 (20 steps in all),
ch08/half_float_network.py and ch08/misclassified_mnist.py 1,000 test images. Some scripts
take a fixed number of steps whatever the data (ch04 and ch05 train_neuralnet.py, 10,000;
ch06/optimizer_compare_mnist.py and weight_init_compare.py, 2,000 per network) and run in full,
15-30 s each. Two more cannot be shortened below about 20 s each either (the reason is beside
them) and are marked ``slow``, run with ``SCRATCH_FULL=1``, so that the default run stays at
about two and a half minutes on two idle cores.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from scratch.datasets import available
from tests import book_runs
from tests.data_needs import (
    HAVE_FASHION_MNIST,
    MNIST_TEST_DIR,
    MNIST_TEST_REASON,
    WEIGHTS_DIR,
    WEIGHTS_REASON,
    how_to_get,
)

ROOT = Path(__file__).resolve().parents[1]
BOOK = Path(os.environ.get("SCRATCH_BOOK_CODE") or ROOT.parent / "shared" / "book-code")
if not (BOOK / "common" / "layers.py").is_file() or not (BOOK / "ch01").is_dir():
    pytest.skip(
        "runs when the book's example code is on your machine: clone the publisher's "
        "repository (git clone https://github.com/oreilly-japan/deep-learning-from-scratch) "
        f"and set SCRATCH_BOOK_CODE to its folder (looked in {BOOK})",
        allow_module_level=True,
    )

FULL = os.environ.get("SCRATCH_FULL") == "1"
HAVE_MNIST_TRAIN = available("mnist", "train")
GRAD_TOLERANCE = 1e-6
LOSS_BOUND = 1.0  # e.g. one sample of a batch of 100 given a probability of 1e-50
LOSS_TYPICAL = 1e-5


@dataclass(frozen=True)
class Script:
    path: str
    data: str = ""  # "", "test" (the MNIST test set only) or "train" (training images too)
    files: tuple[str, ...] = ()  # the book's weight files or stand-in images it reads
    train_size: int | None = None  # serve only the first N samples (shortened runs)
    test_size: int | None = None
    compare: str = "exact"  # exact | grad | loss: how the `numbers` lines are compared
    numbers: str = "."  # a regex: the lines whose numbers may differ ("loss", "grad")
    plotted: bool = False  # the plotted curves are losses too (else plots are exact)
    refused: str = ""  # our run stops with this error on purpose (see the module docstring)
    slow: bool = False
    why: str = ""


TRAINER_LOSS = r"^train loss:"  # the book's Trainer prints the loss of every step
FIXED = "a fixed number of steps that serving fewer samples does not shorten"

SCRIPTS = [
    Script("ch01/hungry.py"),
    Script("ch01/img_show.py", files=("lena.png",)),
    Script("ch01/man.py"),
    Script("ch01/simple_graph.py"),
    Script("ch01/sin_cos_graph.py"),
    Script("ch01/sin_graph.py"),
    Script("ch02/and_gate.py"),
    Script("ch02/nand_gate.py"),
    Script("ch02/or_gate.py"),
    Script("ch02/xor_gate.py"),
    Script("ch03/mnist_show.py", data="train"),
    Script("ch03/neuralnet_mnist.py", data="test", files=("sample_weight.pkl",)),
    Script("ch03/neuralnet_mnist_batch.py", data="test", files=("sample_weight.pkl",)),
    Script("ch03/relu.py"),
    Script("ch03/sig_step_compare.py"),
    Script("ch03/sigmoid.py"),
    Script("ch03/step_function.py"),
    Script("ch04/gradient_1d.py"),
    Script("ch04/gradient_2d.py"),
    Script("ch04/gradient_method.py"),
    Script("ch04/gradient_simplenet.py"),
    Script("ch04/train_neuralnet.py", data="train"),
    Script("ch04/two_layer_net.py"),
    Script("ch05/buy_apple.py"),
    Script("ch05/buy_apple_orange.py"),
    Script("ch05/gradient_check.py", data="train", compare="grad"),
    Script("ch05/layer_naive.py"),
    Script("ch05/train_neuralnet.py", data="train"),
    Script("ch05/two_layer_net.py"),
    Script("ch06/batch_norm_gradient_check.py", data="train",
           refused="BatchNormalization: training needs at least 2 values"),
    Script("ch06/batch_norm_test.py", data="train", train_size=200),
    Script("ch06/hyperparameter_optimization.py", data="train", train_size=100, slow=True,
           why=f"100 trials of 50 epochs, at least 5,000 steps: {FIXED}"),
    Script("ch06/optimizer_compare_mnist.py", data="train", compare="loss",
           numbers=r"^(SGD|Momentum|AdaGrad|Adam):", plotted=True),
    Script("ch06/optimizer_compare_naive.py"),
    Script("ch06/overfit_dropout.py", data="train", test_size=1000, compare="loss",
           numbers=TRAINER_LOSS),
    Script("ch06/overfit_weight_decay.py", data="train", test_size=1000),
    Script("ch06/weight_init_activation_histogram.py"),
    Script("ch06/weight_init_compare.py", data="train", compare="loss",
           numbers=r"^(std=0.01|Xavier|He):", plotted=True),
    Script("ch07/apply_filter.py", files=("params.pkl", "lena_gray.png")),
    Script("ch07/gradient_check.py", compare="grad"),
    Script("ch07/simple_convnet.py"),
    Script("ch07/train_convnet.py", data="train", train_size=100, test_size=100,
           compare="loss", numbers=TRAINER_LOSS),
    Script("ch07/visualize_filter.py", files=("params.pkl",)),
    Script("ch08/awesome_net.py"),
    Script("ch08/deep_convnet.py"),
    Script("ch08/half_float_network.py", data="test", files=("deep_convnet_params.pkl",),
           test_size=1000),
    Script("ch08/misclassified_mnist.py", data="test", files=("deep_convnet_params.pkl",),
           test_size=1000),
    Script("ch08/train_deepnet.py", data="train", train_size=100, test_size=100,
           compare="loss", numbers=TRAINER_LOSS, slow=True,
           why="20 epochs are 20 steps of the book's DeepConvNet at least: ~25 s of CPU"),
]  # fmt: skip


def _marks(script: Script) -> list[pytest.MarkDecorator]:
    marks = []
    if script.slow:
        marks += [pytest.mark.slow, pytest.mark.skipif(not FULL, reason=f"slow ({script.why}): "
                                                       "run with SCRATCH_FULL=1")]  # fmt: skip
    return marks


def _missing(script: Script) -> str | None:
    """Why this machine cannot run ``script`` (with the remedy), or None."""
    if script.data == "test" and MNIST_TEST_DIR is None:
        return MNIST_TEST_REASON
    if script.data == "train" and not HAVE_MNIST_TRAIN and not HAVE_FASHION_MNIST:
        mnist, fashion = how_to_get("mnist"), how_to_get("fashion-mnist")
        return (f"runs when training images are on your machine: the MNIST training set "
                f"({mnist}) or Fashion-MNIST ({fashion})")  # fmt: skip
    if any(name.endswith(".pkl") for name in script.files) and WEIGHTS_DIR is None:
        return WEIGHTS_REASON
    return None


@pytest.fixture(scope="module")
def pickles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mnist-pkl")


def _dataset(script: Script) -> str | None:
    if script.data == "train":
        return "mnist" if HAVE_MNIST_TRAIN else "fashion-mnist"
    return "mnist" if script.data == "test" else None


def _prepare(script: Script, tmp_path: Path, pickles: Path) -> dict[str, Path]:
    trees = {side: book_runs.copy_tree(BOOK, tmp_path / side) for side in ("book", "scratch")}
    dataset = _dataset(script)
    if dataset is not None:
        train = script.train_size if script.data == "train" or HAVE_MNIST_TRAIN else 0
        name = f"{dataset}-{train}-{script.test_size}.pkl"
        built = book_runs.book_pickle(pickles / name, dataset, train, script.test_size)
        (trees["book"] / "dataset" / "mnist.pkl").symlink_to(built)
    folder = Path(script.path).parent
    for name in script.files:
        for tree in trees.values():
            if name.endswith(".pkl"):
                (tree / folder / name).write_bytes((WEIGHTS_DIR / name).read_bytes())
            else:
                book_runs.stand_in_image(tree / "dataset" / name, gray="gray" in name)
    return trees


def _check_numbers(book: Any, ours: Any, how: str, where: str) -> None:
    """Ours against the book's numbers: within 1e-6 ("grad"), or as losses ("loss").

    A loss of ours is the exact -log y where the book's is -log(y + 1e-7): never below the
    book's, typically 1e-7 to 1e-6 above, and more on the rare steps where a sample of the
    batch gets a probability far below 1e-7. Runs that had drifted apart would differ both
    ways and by far more: every difference must be >= 0 (to rounding) and <= ``LOSS_BOUND``,
    and their median <= ``LOSS_TYPICAL``.
    """
    diff = np.asarray(ours, dtype=float) - np.asarray(book, dtype=float)
    if how == "grad":
        assert np.all(np.abs(diff) <= GRAD_TOLERANCE), f"{where}: ours {ours}, the book's {book}"
        return
    assert diff.min() >= -1e-12, f"{where}: a loss below the book's by {-diff.min()}"
    assert diff.max() <= LOSS_BOUND, f"{where}: a loss above the book's by {diff.max()}"
    assert np.median(diff) <= LOSS_TYPICAL, f"{where}: median difference {np.median(diff)}"


def _compare_lines(book: str, ours: str, how: str, pattern: str) -> None:
    """Identical, but for the numbers of lines matching ``pattern``, compared by ``how``."""
    book_lines, our_lines = book.splitlines(), ours.splitlines()
    assert len(our_lines) == len(book_lines), f"{len(our_lines)} lines, the book {len(book_lines)}"
    book_numbers: list[float] = []
    our_numbers: list[float] = []
    for number, (b, o) in enumerate(zip(book_lines, our_lines, strict=True), 1):
        if not re.search(pattern, b):
            assert o == b, f"line {number} differs:\n{o}\nthe book's:\n{b}"
            continue
        (b_numbers, b_text), (o_numbers, o_text) = map(book_runs.numbers_and_text, (b, o))
        assert o_text == b_text and len(o_numbers) == len(b_numbers), f"line {number}: {o} | {b}"
        book_numbers += b_numbers
        our_numbers += o_numbers
    _check_numbers(book_numbers, our_numbers, how, f"the {len(book_numbers)} printed numbers")


def _compare_plots(book: dict[str, np.ndarray], ours: dict[str, np.ndarray], how: str) -> None:
    assert sorted(ours) == sorted(book), "the plotting calls differ"
    for key, expected in book.items():
        got = ours[key]
        if np.array_equal(got, expected) or (key.endswith("#sha256") and how != "exact"):
            continue  # for a big array, its thinned copy is compared below
        assert how != "exact", f"{key} differs"
        assert got.shape == expected.shape, f"{key}: shape {got.shape} != {expected.shape}"
        assert np.issubdtype(expected.dtype, np.floating), f"{key} differs"
        _check_numbers(expected, got, how, f"plotted {key}")


@pytest.mark.parametrize(
    "script",
    [pytest.param(s, id=s.path, marks=_marks(s)) for s in SCRIPTS],
)
def test_book_script_runs_the_same_on_scratch(
    script: Script, tmp_path: Path, pickles: Path
) -> None:
    reason = _missing(script)
    if reason:
        pytest.skip(reason)
    trees = _prepare(script, tmp_path, pickles)
    sizes = (script.train_size, script.test_size)
    if script.refused:
        del trees["book"]  # nothing of the book's run to compare with
    runs = book_runs.run_both(trees, script.path, _dataset(script), sizes, timeout=600)
    if script.refused:
        assert runs["scratch"].returncode != 0 and script.refused in runs["scratch"].stderr
        return
    book, ours = runs["book"], runs["scratch"]
    assert book.returncode == 0, f"the book's own run failed:\n{book.stderr[-3000:]}"
    assert ours.returncode == 0, f"scratch book failed:\n{ours.stderr[-3000:]}"
    if script.compare == "exact":
        assert ours.stdout == book.stdout
    else:
        _compare_lines(book.stdout, ours.stdout, script.compare, script.numbers)
    _compare_plots(book.plots, ours.plots, script.compare if script.plotted else "exact")


def test_every_script_of_the_book_is_listed() -> None:
    on_disk = sorted(str(p.relative_to(BOOK)) for p in BOOK.glob("ch0[1-8]/*.py"))
    assert sorted(s.path for s in SCRIPTS) == on_disk
