"""The book's own example scripts, run on this library: ``scratch book SCRIPT``.

:mod:`scratch.book.surface` maps every name the scripts import from ``common`` and
``dataset`` onto the library; :mod:`scratch.book.runner` runs a script with those imports
answered from the map.
"""

from scratch.book.runner import run

__all__ = ["run"]
