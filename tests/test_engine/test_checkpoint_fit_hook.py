"""check_checkpoint_fits / CheckpointFitHook: a checkpoint that leaves layers random is refused."""
from types import SimpleNamespace

import pytest
import torch
from torch import nn

from webdet_plugin.engine import CheckpointFitHook, check_checkpoint_fits


def tiny_model() -> nn.Module:
    return nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.Linear(4, 2))


def test_a_checkpoint_of_the_same_model_fits_with_extra_keys_and_module_prefix():
    model = tiny_model()
    state = {f'module.{k}': v.clone() for k, v in model.state_dict().items()}
    state['rpn_head.rpn_cls.weight'] = torch.zeros(3)  # a layer this model does not have
    check_checkpoint_fits(model, state, 'ok.pth')  # no error


def test_missing_and_misshapen_weights_name_the_file_and_the_keys():
    model = tiny_model()
    state = dict(model.state_dict())
    del state['2.weight'], state['2.bias']
    with pytest.raises(ValueError, match=r'a\.pth: the checkpoint lacks 2 of the model\'s weights '
                       r'\(2\.weight, 2\.bias\).*random weights.*config it was trained with'):
        check_checkpoint_fits(model, state, 'a.pth')
    state = dict(model.state_dict(), **{'0.weight': torch.zeros(4, 5, 3, 3)})
    with pytest.raises(ValueError, match=r'b\.pth: .*other shapes for 1 .*0\.weight '
                       r'\(4, 5, 3, 3\) vs \(4, 3, 3, 3\)'):
        check_checkpoint_fits(model, state, 'b.pth')
    with pytest.raises(ValueError, match=r'lacks 9 .*\(0\.weight, 0\.bias, 1\.weight, 1\.bias, '
                       r'1\.running_mean and 4 more\)'):
        check_checkpoint_fits(model, {}, 'c.pth')


def test_hook_checks_the_runner_model_and_its_load_from():
    model = tiny_model()
    runner = SimpleNamespace(model=model, _load_from='work/iter_9.pth')
    hook = CheckpointFitHook()
    hook.after_load_checkpoint(runner, dict(state_dict=model.state_dict(), meta={}))
    with pytest.raises(ValueError, match=r'work/iter_9\.pth: the checkpoint lacks'):
        hook.after_load_checkpoint(runner, dict(state_dict={}, meta={}))
