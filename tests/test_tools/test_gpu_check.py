"""tools/gpu_check.sh up to its CUDA steps, and the training summary it ends with."""
import json
import os
import subprocess
import sys

import torch

from ..conftest import ROOT, run


def gpu_check(*args, **env):
    return subprocess.run(['bash', 'tools/gpu_check.sh', *args], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, 'PYTHON': sys.executable, **env},
                          timeout=300)


def test_plan_without_cuda(tmp_path):
    data = tmp_path / 'data'
    (data / 'annotations').mkdir(parents=True)
    (data / 'annotations' / 'train.json').write_text('{}')
    proc = gpu_check('--dry-run', '--iters', '40', '--data', str(data))
    assert proc.returncode == 0, proc.stderr
    plan = proc.stdout
    assert 'pip wheel --no-build-isolation' in plan and 'FORCE_CUDA=1' in plan
    assert 'tests/test_models/test_layers/test_portable_roi_pool.py' in plan
    assert 'tools/dist_train.sh configs/webdet_faster_rcnn.py 1' in plan
    assert 'train_cfg.max_iters=40' in plan and f'data_root={data}/' in plan
    assert 'tools/train_summary.py work_dirs/gpu_check' in plan
    if not torch.cuda.is_available():
        proc = gpu_check('--data', str(data))
        assert proc.returncode == 3 and 'no CUDA device' in proc.stderr


def test_bad_arguments_and_missing_data(tmp_path):
    assert gpu_check('--iters', '5').returncode == 2
    assert gpu_check('--frobnicate').returncode == 2
    proc = gpu_check('--dry-run', '--data', str(tmp_path / 'nothing'))
    assert proc.returncode == 4 and 'no training data' in proc.stderr
    proc = gpu_check('--dry-run', PYTHON='/bin/false')
    assert proc.returncode == 5 and 'cannot import torch' in proc.stderr


def test_train_summary_prints_the_summary(tmp_path):
    logs = tmp_path / '20240101_000000' / 'vis_data'
    logs.mkdir(parents=True)
    rows = [dict(iter=i, loss=2.0 / i, time=0.5, lr=0.01) for i in (1, 2)]
    (logs / 'scalars.json').write_text('\n'.join(json.dumps(r) for r in rows))
    out = run([sys.executable, 'tools/train_summary.py', str(tmp_path), '--skip', '0']).stdout
    assert out.strip() == ('2 iterations: 2.00 it/s (0.500 s/it), 4.00 pages/s, peak GPU memory '
                           'n/a (no CUDA), loss 2.0000 -> 1.0000')
