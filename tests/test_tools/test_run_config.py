import os.path as osp

import pytest

from ..conftest import ROOT, load_tool

load_run_config = load_tool('run_config').load_run_config
schedule_options = load_tool('runs').schedule_options


@pytest.mark.parametrize('iters', [2000, 400])
def test_schedule_options_move_lr_steps_with_the_run(iters):
    options = dict(opt.split('=', 1) for opt in schedule_options(iters))
    from mmengine.config import DictAction
    parsed = {k: DictAction._parse_iterable(v) for k, v in options.items()}
    cfg = load_run_config(osp.join(ROOT, 'configs/webdet_faster_rcnn_cpu.py'), parsed,
                          work_dir='unused')
    assert cfg.train_cfg.max_iters == iters and cfg.train_cfg.val_interval == iters
    assert cfg.default_hooks.checkpoint.interval == iters
    step = cfg.param_scheduler[1]
    assert step.type == 'MultiStepLR' and step.end == iters
    assert step.milestones == [int(iters * 0.75), int(iters * 0.9)]
    if iters == 2000:  # the CPU config's own schedule is the same rule
        base = load_run_config(osp.join(ROOT, 'configs/webdet_faster_rcnn_cpu.py'))
        assert base.param_scheduler[1].milestones == step.milestones
