"""The 4-step alternating driver on the tiny dataset with tiny step configs."""
import os
import os.path as osp
import subprocess
import sys

import pytest
import torch

from ..conftest import ROOT, run

pytestmark = pytest.mark.slow
STEPS = osp.join(ROOT, 'configs', 'alternating')


def step_config(folder, name, data_root, proposals: bool) -> None:
    """A tiny child of a real step config: quick widths, quick pipeline, tiny data."""
    root = str(data_root) + '/'
    load = "dict(type='LoadPageProposals', max_num=50)," if proposals else ''
    text = f'''_base_ = {osp.join(STEPS, name)!r}
pipeline = [
    dict(type='LoadWebPage'), dict(type='LoadAnnotations', with_bbox=True),
    dict(type='CropPageWindow', size=(512, 1280)),
    dict(type='Resize', scale_factor=0.25, keep_ratio=True), {load}
    dict(type='LoadTextMap', n_features=16, scale=8), dict(type='PackWebInputs')]
train_dataloader = dict(batch_size=2, num_workers=0, persistent_workers=False,
                        dataset=dict(data_root={root!r}, pipeline=pipeline))
test_dataloader = dict(num_workers=0, persistent_workers=False,
                       dataset=dict(data_root={root!r}, pipeline=pipeline))
model = dict(
    backbone=dict(screenshot_channels=(8, 16, 16), text_in_channels=16, text_channels=8),
    neck=dict(in_channels=(16, 8), out_channels=16))
'''
    if proposals:
        text += '''model.update(roi_head=dict(bbox_roi_extractor=dict(out_channels=16),
                          bbox_head=dict(in_channels=16, fc_out_channels=32)))
'''
    else:
        text += 'model.update(rpn_head=dict(in_channels=16, feat_channels=16))\n'
    (folder / name).write_text(text)


def test_alternating_driver_runs_and_resumes(tiny_dataset, tmp_path):
    configs = tmp_path / 'steps'
    configs.mkdir()
    for name, props in (('step1_rpn_cpu.py', False), ('step2_fast_rcnn_cpu.py', True),
                        ('step3_rpn_frozen_cpu.py', False),
                        ('step4_fast_rcnn_frozen_cpu.py', True)):
        step_config(configs, name, tiny_dataset, props)
    # steps 3/4 inherit from the real steps 1/2: point them at the tiny ones instead
    for name, base in (('step3_rpn_frozen_cpu.py', 'step1_rpn_cpu.py'),
                       ('step4_fast_rcnn_frozen_cpu.py', 'step2_fast_rcnn_cpu.py')):
        text = (configs / name).read_text().replace(osp.join(STEPS, name), str(configs / base))
        (configs / name).write_text(text + "model.update(backbone=dict(frozen=True), "
                                    "neck=dict(frozen=True))\n")
    work = tmp_path / 'alt'
    args = [sys.executable, 'tools/train_alternating.py', '--work-dir', str(work), '--iters', '2',
            '--config-dir', str(configs)]
    proc = run(args)
    assert 'alternating training done' in proc.stdout
    final = torch.load(work / 'final.pth', weights_only=False)['state_dict']
    s1 = torch.load(work / 'step1' / 'final.pth', weights_only=False)['state_dict']
    s2 = torch.load(work / 'step2' / 'final.pth', weights_only=False)['state_dict']
    s3 = torch.load(work / 'step3' / 'final.pth', weights_only=False)['state_dict']
    s4 = torch.load(work / 'step4' / 'final.pth', weights_only=False)['state_dict']
    key = 'backbone.screenshot_stream.0.weight'
    # shared layers: trained in step 2, frozen in steps 3 and 4
    assert torch.equal(s2[key], s3[key]) and torch.equal(s3[key], s4[key])
    assert torch.equal(final[key], s4[key]) and not torch.equal(s1[key], s2[key])
    rpn = 'rpn_cls.weight'  # mmdet's RPN detector names its head bbox_head
    assert torch.equal(final['rpn_head.' + rpn], s3['bbox_head.' + rpn])
    assert not torch.equal(s1['bbox_head.' + rpn], s3['bbox_head.' + rpn])
    roi = 'roi_head.bbox_head.fc_cls.weight'
    assert torch.equal(final[roi], s4[roi]) and not torch.equal(s2[roi], s4[roi])
    assert (work / 'step1' / 'proposals_train.pkl').is_file()
    assert (work / 'step3' / 'proposals_train.pkl').is_file()
    # a second run finds every step done and only reassembles
    again = subprocess.run(args, cwd=ROOT, capture_output=True, text=True,
                           env=dict(os.environ, PYTHONPATH=ROOT))
    assert again.returncode == 0 and again.stdout.count('skip ') == 4
