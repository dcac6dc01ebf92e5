"""Every function and class a chapter of the book builds is shown on its page.

``PAGES`` lists, per chapter page, the names the book writes in that chapter. A page shows
a name when one of its Python blocks defines it (``def``, ``class`` or an assignment), either
written on the page or included from the library's source (``--8<-- "scratch/...:section"``,
expanded as the build and the tests expand it). Both languages are checked.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.docs_inventory import DOCS, english_twin, page_blocks

# page (Korean; its English twin is checked too) -> the names the book builds in that chapter
PAGES: dict[str, tuple[str, ...]] = {
    "ch01/index.md": ("Scale",),  # 1.4.2: a class written on the page (the book's is its own)
    "ch02/index.md": ("perceptron", "GATES", "AND", "NAND", "OR", "XOR"),
    "ch03/index.md": (
        *("step_function", "sigmoid", "relu", "identity_function", "softmax"),  # 3.2, 3.4, 3.5
        *("init_network", "forward"),  # 3.4: the three-layer network, written on the page
        *("predict", "accuracy_one_by_one", "accuracy_batched"),  # 3.6: MNIST inference
    ),
    "ch04/index.md": (
        *("mean_squared_error", "cross_entropy_error"),  # 4.2, included from the library
        *("numerical_diff", "function_1", "function_2"),  # 4.3
        *("numerical_gradient", "gradient_descent", "simpleNet"),  # 4.4
        "TwoLayerNet",  # 4.5.1: the book's chapter-4 network (sigmoid), written on the page
    ),
    "ch05/index.md": (
        *("MulLayer", "AddLayer"),  # 5.4.1, 5.4.2
        *("Relu", "Sigmoid"),  # 5.5.1, 5.5.2
        *("Affine", "relative_error", "SoftmaxWithLoss"),  # 5.6.2, 5.6.3
        *("ParamView", "Network", "TwoLayerNet"),  # 5.7.2: the network and its parent class
    ),
    "ch06/index.md": (
        *("Optimizer", "SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"),  # 6.1
        *("MultiLayerNet", "init_scale", "init_weight"),  # 6.2.1, 6.2.3
        *("BatchNormalization", "Dropout"),  # 6.3.1, 6.4.3
        *("History", "Trainer", "BookTrainer"),  # the training loop (the book's common/trainer.py)
    ),
    "ch07/index.md": (
        *("correlate", "conv_output_size"),  # 7.2.2 on the page; 7.2.4 included
        *("im2col", "col2im"),  # 7.4.2, 7.4.3: the readable reference, included
        *("Convolution", "Pooling"),  # 7.4.3, 7.4.4: on the page, checked against the library
        "SimpleConvNet",  # 7.5, included from the library
        "layer_table",  # 7.7: LeNet's and AlexNet's shapes and parameter counts
    ),
    "ch08/index.md": ("DeepConvNet",),  # 8.1.1, included from the library
    "appendix-a/index.md": ("softmax_with_loss_nodes",),  # the graph's values, node by node
    "vol2/ch01/index.md": (  # volume 2, chapter 1: included from scratch.vol2 by section
        *("Layer", "FromVolume1", "Affine", "Sigmoid", "SoftmaxWithLoss"),  # 1.2.2, 1.3.5
        *("Repeat", "Sum", "MatMul"),  # 1.3.4.3-1.3.4.5
        *("ListOptimizer", "SGD"),  # 1.3.6
        *("load_data", "TwoLayerNet", "Trainer"),  # 1.4.1, 1.4.2, 1.4.4
    ),
}


def defined_names(page: Path) -> set[str]:
    """The names bound at the top level of the page's Python blocks, includes expanded."""
    names: set[str] = set()
    for block in page_blocks(page):
        for source in block.sources:
            for node in ast.parse(source).body:
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    names.add(node.name)
                elif isinstance(node, ast.Assign | ast.AnnAssign):
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    for target in targets:
                        names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return names


CASES = [
    pytest.param(page, names, id=str(Path(page).parent / Path(page).name.replace(".md", "")))
    for ko, names in PAGES.items()
    for page in (ko, str(english_twin(Path(ko))))
]


@pytest.mark.parametrize(("page", "names"), CASES)
def test_page_shows_what_its_chapter_builds(page: str, names: tuple[str, ...]) -> None:
    path = DOCS / page
    missing = sorted(set(names) - defined_names(path))
    assert not missing, (
        f"docs/{page} does not show {missing}: define them on the page or include the "
        'library\'s section with --8<-- "scratch/<module>.py:<section>"'
    )
