"""A split whose files are missing, standing in until someone uses it.

The book's ``load_mnist`` returns training and test data together, yet many of its scripts
use only the test set (chapter 3's inference with the published weights, chapter 8's
misclassified digits). When one split's files are missing, :func:`load_mnist` returns
:class:`MissingArray` for it: unpacking works, and the first real use raises the
``DatasetNotFoundError`` that names the missing files and how to get them.
"""

from __future__ import annotations

from typing import Any, NoReturn


class MissingArray:
    """Any use (an attribute, indexing, ``len``, arithmetic, ``np.asarray``) raises ``error``."""

    def __init__(self, error: Exception) -> None:
        object.__setattr__(self, "_error", error)

    def _fail(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise self._error

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):  # copy, pickle and friends probe
            raise AttributeError(name)
        self._fail()

    def __repr__(self) -> str:
        return f"<missing data: {str(self._error).splitlines()[0]}>"

    # Indexing, sizes, conversion and arithmetic all fail the same clear way.
    __getitem__ = __len__ = __iter__ = __array__ = __bool__ = _fail
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _fail
    __truediv__ = __rtruediv__ = __matmul__ = __rmatmul__ = __eq__ = _fail
    __hash__ = None  # type: ignore[assignment]
