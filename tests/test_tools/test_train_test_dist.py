"""End to end through the command-line tools on a tiny captured dataset (quick config)."""
import json
import os
import os.path as osp
import re
import subprocess
import sys

import pytest
import torch

from ..conftest import ROOT, quick_config, run

pytestmark = pytest.mark.slow


def test_train_resume_test_show(tiny_dataset, tmp_path):
    cfg = quick_config(tmp_path, tiny_dataset)
    work = tmp_path / 'work'
    run([sys.executable, 'tools/train.py', cfg, '--work-dir', str(work),
         '--cfg-options', 'train_cfg.max_iters=3'])
    first = torch.load(work / 'iter_3.pth', weights_only=False)
    assert first['meta']['iter'] == 3
    # --resume continues from iter 3 (latest checkpoint) to 6, with the optimizer state
    run([sys.executable, 'tools/train.py', cfg, '--work-dir', str(work), '--resume'])
    final = torch.load(work / 'iter_6.pth', weights_only=False)
    assert final['meta']['iter'] == 6
    log = (work / 'last_checkpoint').read_text().strip()
    assert log.endswith('iter_6.pth')
    proc = run([sys.executable, 'tools/test.py', cfg, str(work / 'iter_6.pth'), '--work-dir',
                str(work / 'test'), '--show-dir', 'vis', '--score-thr', '0.0'])
    assert 'web/mean_top1' in proc.stdout + proc.stderr
    assert 'coco/bbox_mAP' in proc.stdout + proc.stderr
    pictures = [f for _, _, files in os.walk(work / 'test') for f in files if f.endswith('.png')]
    assert len(pictures) == 2  # one test shop, two pages


def test_dist_train_two_gloo_processes(tiny_dataset, tmp_path):
    cfg = quick_config(tmp_path, tiny_dataset)
    work = tmp_path / 'dist'
    proc = run(['bash', 'tools/dist_train.sh', cfg, '2', '--work-dir', str(work),
                '--cfg-options', 'train_cfg.max_iters=2', 'train_cfg.val_interval=2',
                'default_hooks.checkpoint.interval=2'], PORT='29617', PYTHON=sys.executable)
    out = proc.stdout + proc.stderr
    assert 'Distributed training: True' in out and 'GPU number: 2' in out, out[-3000:]
    ckpt = torch.load(work / 'iter_2.pth', weights_only=False)
    assert ckpt['meta']['iter'] == 2
    scalars = [json.loads(line) for line in open(next(
        osp.join(d, f) for d, _, fs in os.walk(work) for f in fs if f == 'scalars.json'))]
    assert any('web/mean_top1' in s for s in scalars)


def test_train_amp_without_cuda_trains_in_bf16(tiny_dataset, tmp_path):
    if torch.cuda.is_available():
        pytest.skip('with CUDA --amp is mmengine AmpOptimWrapper (float16)')
    cfg = quick_config(tmp_path, tiny_dataset)
    work = tmp_path / 'amp'
    run([sys.executable, 'tools/train.py', cfg, '--work-dir', str(work), '--amp',
         '--cfg-options', 'train_cfg.max_iters=2', 'train_cfg.val_interval=100',
         'default_hooks.checkpoint.interval=2'])
    dumped = (work / 'quick_cfg.py').read_text()
    assert "type='BF16OptimWrapper'" in dumped
    ckpt = torch.load(work / 'iter_2.pth', weights_only=False)
    assert all(v.dtype != torch.bfloat16 for v in ckpt['state_dict'].values())
    scalars = [json.loads(line) for line in open(next(
        osp.join(d, f) for d, _, fs in os.walk(work) for f in fs if f == 'scalars.json'))]
    losses = [s['loss'] for s in scalars if 'loss' in s]
    assert losses and all(torch.isfinite(torch.tensor(losses)))


def test_train_with_ema_saves_and_tests_the_averaged_weights(tiny_dataset, tmp_path):
    """mmengine's EMAHook (configs/ablations/cpu_dom_mix_ema.py) on this model: the saved
    ``state_dict`` is the average, which tools/test.py and init_web_detector load."""
    from webdet_plugin.apis.inference import init_web_detector
    cfg = quick_config(tmp_path, tiny_dataset)
    with open(cfg, 'a') as f:
        f.write("custom_hooks = [dict(type='EMAHook', ema_type='ExpMomentumEMA', momentum=0.5, "
                "gamma=1, update_buffers=True, priority=49)]\n")
    work = tmp_path / 'ema'
    run([sys.executable, 'tools/train.py', cfg, '--work-dir', str(work),
         '--cfg-options', 'train_cfg.max_iters=3', 'train_cfg.val_interval=100',
         'default_hooks.checkpoint.interval=3'])
    ckpt = torch.load(work / 'iter_3.pth', weights_only=False)
    averaged, source = ckpt['state_dict'], ckpt['ema_state_dict']
    moved = [k for k, v in averaged.items() if v.is_floating_point()
             and not torch.equal(v, source['module.' + k])]
    assert any('roi_head' in k for k in moved) and any('backbone' in k for k in moved)
    model = init_web_detector(cfg, str(work / 'iter_3.pth'))
    loaded = model.state_dict()
    assert all(torch.equal(loaded[k], averaged[k]) for k in moved)
    proc = run([sys.executable, 'tools/test.py', cfg, str(work / 'iter_3.pth'), '--work-dir',
                str(work / 'test')])
    assert 'web/mean_top1' in proc.stdout + proc.stderr


def test_test_refuses_a_checkpoint_that_leaves_layers_random(tiny_dataset, tmp_path):
    """mmengine would log the missing weights and test random layers; tools/test.py and
    init_web_detector name the file instead."""
    from webdet_plugin.apis.inference import init_web_detector
    cfg = quick_config(tmp_path, tiny_dataset)
    state = init_web_detector(cfg, None).state_dict()
    cut = {k: v for k, v in state.items() if not k.startswith('roi_head.bbox_head.fc_cls')}
    torch.save(dict(state_dict=cut, meta={}), tmp_path / 'cut.pth')
    proc = subprocess.run([sys.executable, 'tools/test.py', cfg, str(tmp_path / 'cut.pth'),
                           '--work-dir', str(tmp_path / 'test')], cwd=ROOT,
                          env=dict(os.environ, PYTHONPATH=ROOT), capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode != 0
    assert re.search(r'cut\.pth: the checkpoint lacks 2 of the model\'s weights '
                     r'\(roi_head\.bbox_head\.fc_cls\.weight', proc.stderr), proc.stderr[-3000:]
    with pytest.raises(ValueError, match=r'cut\.pth: the checkpoint lacks 2'):
        init_web_detector(cfg, str(tmp_path / 'cut.pth'))
    torch.save(dict(state_dict=state, meta={}), tmp_path / 'whole.pth')
    init_web_detector(cfg, str(tmp_path / 'whole.pth'))  # the same weights, all there: loads
