import importlib.util
import os
import os.path as osp
import subprocess

import pytest
import torch


@pytest.fixture(autouse=True)
def _seed_and_threads():
    """Deterministic tests on small tensors; two threads like the CI machine."""
    torch.manual_seed(0)
    torch.set_num_threads(2)
    yield


@pytest.fixture(scope='session', autouse=True)
def _mmdet_registry():
    from mmdet.utils import register_all_modules
    register_all_modules(init_default_scope=True)
    import webdet_plugin  # noqa: F401  registers the plugin
    yield


@pytest.fixture
def rpn_train_cfg():
    """A small RPN ``train_cfg``: mmdet's MaxIoUAssigner (0.5 / 0.3), 64 random samples."""
    from mmengine.config import ConfigDict
    return ConfigDict(
        assigner=dict(type='MaxIoUAssigner', pos_iou_thr=0.5, neg_iou_thr=0.3, min_pos_iou=0.3,
                      match_low_quality=True, ignore_iof_thr=-1),
        sampler=dict(type='RandomSampler', num=64, pos_fraction=0.5, neg_pos_ub=-1,
                     add_gt_as_proposals=False),
        allowed_border=-1, pos_weight=-1, debug=False)


@pytest.fixture(scope='session')
def tiny_dataset(tmp_path_factory):
    """3 shops x 2 synthetic pages, really captured (one split per shop)."""
    if not osp.exists('/usr/bin/chromium'):
        pytest.skip('Debian chromium is not installed (tools/setup_env.sh)')
    from webdet_plugin.synth import generate_dataset
    root = tmp_path_factory.mktemp('tiny_synthetic')
    summary = generate_dataset(str(root), num_shops=3, pages_per_shop=2, seed=1, workers=1,
                               progress=False)
    assert summary['captured'] == 6, summary
    return root


ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))


def quick_config(tmp_path, data_root) -> str:
    """A child of configs/quick/webdet_quick.py reading ``data_root`` (train split for val)."""
    root = str(data_root) + '/'
    text = f'''_base_ = {osp.join(ROOT, 'configs', 'quick', 'webdet_quick.py')!r}
data_root = {root!r}
train_dataloader = dict(dataset=dict(data_root=data_root))
val_dataloader = dict(dataset=dict(data_root=data_root, ann_file='annotations/train.json'))
test_dataloader = dict(dataset=dict(data_root=data_root, ann_file='annotations/test.json'))
val_evaluator = [dict(type='WebElementAccuracy'),
                 dict(type='CocoMetric', ann_file=data_root + 'annotations/train.json')]
test_evaluator = [dict(type='WebElementAccuracy'),
                  dict(type='CocoMetric', ann_file=data_root + 'annotations/test.json')]
'''
    path = tmp_path / 'quick_cfg.py'
    path.write_text(text)
    return str(path)


def run(args, **env_extra):
    """Run a command in the repository root; assert it succeeds; return the process."""
    env = dict(os.environ, PYTHONPATH=ROOT, OMP_NUM_THREADS='1', **env_extra)
    proc = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    return proc


def load_tool(name: str):
    """Import ``tools/<name>.py`` (not a package) as a module, for testing its functions."""
    spec = importlib.util.spec_from_file_location(name, f'{ROOT}/tools/{name}.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope='session')
def quick_checkpoint(tiny_dataset, tmp_path_factory):
    """(config, checkpoint) of the quick config trained for 2 iterations."""
    import sys
    work = tmp_path_factory.mktemp('quick_ckpt')
    cfg = quick_config(work, tiny_dataset)
    run([sys.executable, 'tools/train.py', cfg, '--work-dir', str(work / 'run'), '--cfg-options',
         'train_cfg.max_iters=2', 'train_cfg.val_interval=100',
         'default_hooks.checkpoint.interval=2'])
    return cfg, str(work / 'run' / 'iter_2.pth')
