"""Networks assembled from layers; parameters are found by walking the layers."""

from scratch.networks.base import Network
from scratch.networks.two_layer_net import TwoLayerNet

__all__ = ["Network", "TwoLayerNet"]
