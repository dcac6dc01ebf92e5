"""Networks assembled from layers; parameters are found by walking the layers."""

from scratch.networks.base import Network
from scratch.networks.deep_convnet import DeepConvNet
from scratch.networks.multi_layer_net import MultiLayerNet
from scratch.networks.simple_convnet import SimpleConvNet
from scratch.networks.two_layer_net import TwoLayerNet

__all__ = ["DeepConvNet", "MultiLayerNet", "Network", "SimpleConvNet", "TwoLayerNet"]
