"""Helpers of the model parts."""
import torch.nn as nn

from webdet_plugin.models import freeze


def test_freeze_stops_every_gradient_and_keeps_the_module_usable():
    module = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.Linear(4, 2))
    freeze(module)
    assert not any(p.requires_grad for p in module.parameters())
    assert module[1].weight.grad is None and module.training  # only gradients stop
