"""Deep Learning from Scratch, as a small tested numpy package.

The book's names are kept on the surface (``Affine(W, b)``, ``network.params['W1']``,
``load_mnist(...)``); underneath, parameters are found by walking the layers.
"""

__version__ = "0.1.0"
