"""tools/gpu_check.sh up to its CUDA steps, and the training summary it ends with."""
import json
import os
import subprocess
import sys

import pytest
import torch

from ..conftest import ROOT, load_tool


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


@pytest.mark.slow
def test_summary_of_a_real_run(quick_checkpoint):
    work = os.path.dirname(quick_checkpoint[1])
    summary = load_tool('train_summary').summarise(work, batch_size=2, skip=0)
    rows = [json.loads(line) for d, _, fs in os.walk(work) for f in fs if f == 'scalars.json'
            for line in open(os.path.join(d, f))]
    losses = [r['loss'] for r in rows if 'loss' in r]
    assert summary['iterations'] == 2 and len(losses) == 2
    assert (summary['loss_start'], summary['loss_end']) == (losses[0], losses[-1])
    assert summary['pages_per_s'] == pytest.approx(2 * summary['iters_per_s'])
    assert summary['peak_memory_mb'] is None or torch.cuda.is_available()
    with pytest.raises(FileNotFoundError, match='scalars'):
        load_tool('train_summary').summarise(os.path.dirname(work) + '/none', 2)
