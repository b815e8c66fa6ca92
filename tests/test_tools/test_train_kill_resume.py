"""Seeded training repeats bit for bit, and a run killed with kill -9 resumes to the same end."""
import os
import signal
import subprocess
import sys
import time

import pytest
import torch

from ..conftest import ROOT, quick_config, run

pytestmark = pytest.mark.slow

# 2 training pages, one per batch: a new epoch (and DataLoader iterator) every 2 iterations;
# validation right after the checkpoint the run is killed after
ITERS = 12
OPTIONS = ['--cfg-options', 'randomness.seed=0', 'randomness.deterministic=True',
           'train_dataloader.batch_size=1', f'train_cfg.max_iters={ITERS}',
           'train_cfg.val_interval=6', 'default_hooks.checkpoint.interval=3',
           'default_hooks.checkpoint.max_keep_ckpts=10']


def train_cmd(cfg, work):
    return [sys.executable, 'tools/train.py', cfg, '--work-dir', str(work)] + OPTIONS


def weights(path):
    return torch.load(path, map_location='cpu', weights_only=False)['state_dict']


def test_seeded_runs_repeat_and_kill_resume_ends_the_same(tiny_dataset, tmp_path):
    cfg = quick_config(tmp_path, tiny_dataset)
    run(train_cmd(cfg, tmp_path / 'a'))
    run(train_cmd(cfg, tmp_path / 'b'))
    want = weights(tmp_path / 'a' / f'iter_{ITERS}.pth')
    again = weights(tmp_path / 'b' / f'iter_{ITERS}.pth')
    assert all(torch.equal(want[k], again[k]) for k in want), 'two seeded runs differ'

    work = tmp_path / 'killed'
    env = dict(os.environ, PYTHONPATH=ROOT, OMP_NUM_THREADS='1')
    proc = subprocess.Popen(train_cmd(cfg, work), cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 600
    while not (work / 'iter_6.pth').exists() and proc.poll() is None and time.time() < deadline:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL, 'the run ended before it was killed'
    assert not (work / f'iter_{ITERS}.pth').exists(), 'the run ended before it was killed'
    killed_at = (work / 'last_checkpoint').read_text().strip()
    assert killed_at, 'killed while writing last_checkpoint'

    proc = run(train_cmd(cfg, work) + ['--resume'])
    assert f'Load checkpoint from {killed_at}' in proc.stdout + proc.stderr, proc.stderr[-2000:]
    got = weights(work / f'iter_{ITERS}.pth')
    diff = max((got[k].float() - want[k].float()).abs().max().item() for k in want)
    assert diff == 0, f'resumed from {killed_at}: weights differ by up to {diff}'
