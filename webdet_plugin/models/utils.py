"""Helpers shared by the plugin's model parts."""
import torch.nn as nn


def freeze(module: nn.Module) -> None:
    """Stop gradients to every parameter of ``module`` (its ``train()`` keeps it in eval).

    Args:
        module (nn.Module): The module to freeze.
    """
    for p in module.parameters():
        p.requires_grad_(False)
