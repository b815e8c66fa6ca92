"""Refuse, at test time, a checkpoint that does not fill the model its config builds."""
import re
from typing import Dict, Optional

import torch
from mmdet.registry import HOOKS
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from torch import nn

#: What mmengine strips from checkpoint keys before loading (``revise_keys``' default).
MODULE_PREFIX = re.compile(r'^module\.')


def check_checkpoint_fits(model: nn.Module, state_dict: Dict[str, torch.Tensor],
                          filename: Optional[str] = None, max_listed: int = 5) -> None:
    """Raise when ``state_dict`` leaves part of ``model`` at its random initial weights.

    mmengine loads checkpoints non-strictly: a missing key or a size mismatch is only logged and
    the layer keeps its random initialisation, so a checkpoint tested with another config than
    its own (another RoI head, other style channels, an ablation's checkpoint under the full
    config) runs and scores near zero. Keys of the checkpoint the model does not have (an RPN
    tested with fixed proposals, an EMA copy) are allowed.

    Args:
        model (nn.Module): The model the config built (unwrapped).
        state_dict (dict[str, Tensor]): The checkpoint's ``state_dict`` (a leading ``module.``
            is ignored, as mmengine does).
        filename (str, optional): The checkpoint's path, named in the error.
        max_listed (int): How many keys of each kind the error lists. Defaults to 5.

    Raises:
        ValueError: Naming the file, the model's keys the checkpoint lacks and those whose
            shapes differ, and what to do.
    """
    have = {MODULE_PREFIX.sub('', k): v for k, v in state_dict.items()}
    missing, mismatched = [], []
    for key, value in model.state_dict().items():
        if key not in have:
            missing.append(key)
        elif tuple(have[key].shape) != tuple(value.shape):
            mismatched.append(f'{key} {tuple(have[key].shape)} vs {tuple(value.shape)}')
    if not missing and not mismatched:
        return
    parts = []
    for what, keys in (('lacks', missing), ('has other shapes for', mismatched)):
        if keys:
            more = f' and {len(keys) - max_listed} more' if len(keys) > max_listed else ''
            parts.append(f'{what} {len(keys)} of the model\'s weights '
                         f'({", ".join(keys[:max_listed])}{more})')
    raise ValueError(f'{filename or "the checkpoint"}: the checkpoint ' + '; '.join(parts) +
                     ': those layers would keep random weights. Test it with the config it was '
                     'trained with (its work_dir holds a copy).')


@HOOKS.register_module()
class CheckpointFitHook(Hook):
    """Run :func:`check_checkpoint_fits` when the Runner loads ``load_from`` for testing.

    ``tools/test.py`` adds it. Training keeps mmengine's non-strict loading (``load_from`` may
    initialise part of a model on purpose, e.g. the alternating schedule's steps).
    """

    priority = 'VERY_HIGH'

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        check_checkpoint_fits(model, checkpoint.get('state_dict', checkpoint),
                              runner._load_from)
