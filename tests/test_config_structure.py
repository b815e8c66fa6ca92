"""Every config builds; trained configs inherit only _base_ files and slice no base list; a
child that points the datasets at other pages leaves no path to the old pages anywhere."""
import ast
import glob
import os.path as osp
import re

import pytest
from mmengine.config import Config

from .conftest import ROOT

CONFIGS = sorted(osp.relpath(p, osp.join(ROOT, 'configs'))
                 for p in glob.glob(osp.join(ROOT, 'configs', '**', '*.py'), recursive=True)
                 if '/_base_/' not in p)
TRAINED = ['webdet_faster_rcnn.py', 'webdet_faster_rcnn_cpu.py',
           'webdet_faster_rcnn_elements_cpu.py', 'webdet_faster_rcnn_fullres_cpu.py',
           'webdet_fast_rcnn_dom_cpu.py', 'webdet_hybrid_cpu.py', 'alternating/step1_rpn_cpu.py',
           'alternating/step2_fast_rcnn_cpu.py', 'webdet_fast_rcnn_dom_mix_cpu.py',
           'webdet_faster_rcnn_fullres_mix_cpu.py']
BLOCK = '# ---- frequently modified parameters ----'


def bases(path):
    """The files ``path`` names in ``_base_``, as absolute paths."""
    tree = ast.parse(open(path).read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], 'id', '') == '_base_':
            value = ast.literal_eval(node.value)
            names = [value] if isinstance(value, str) else value
            return [osp.normpath(osp.join(osp.dirname(path), n)) for n in names]
    return []


def files_read(path):
    """``path`` and every file it inherits from, transitively."""
    return [path] + [f for b in bases(path) for f in files_read(b)]


def test_configs_found():
    assert set(TRAINED) <= set(CONFIGS) and len(CONFIGS) >= 20


@pytest.mark.parametrize('name', CONFIGS)
def test_builds_and_slices_no_base_list(name):
    path = osp.join(ROOT, 'configs', name)
    cfg = Config.fromfile(path)
    assert cfg.model.type and cfg.train_dataloader.dataset.type
    text = open(path).read()
    assert not re.search(r'_base_\.[\w.]+\s*\[[^\]\n]*:', text), f'{name} slices a base list'
    assert not re.search(r'^#.*\n' * 4, text.split('_base_')[0], re.M), \
        f'{name}: the comment above _base_ is longer than 3 lines (why goes to docs/configs.md)'


@pytest.mark.parametrize('name', TRAINED)
def test_trained_configs_inherit_only_base_files(name):
    path = osp.join(ROOT, 'configs', name)
    assert bases(path) and all('/configs/_base_/' in b for b in bases(path)), bases(path)


@pytest.mark.parametrize('name', TRAINED)
def test_trained_configs_read_at_most_five_files(name):
    """Flat bases: a trained config is itself + its model, dataset, schedule and runtime."""
    files = files_read(osp.join(ROOT, 'configs', name))
    assert len(files) <= 5, files
    for base in files[1:]:
        assert not bases(base), f'{base} inherits {bases(base)}: _base_ files are flat'


@pytest.mark.parametrize('name', TRAINED)
def test_trained_configs_override_nothing_with_the_bases_value(name, tmp_path):
    """Every top-level key a trained config sets changes what its bases say."""
    path = osp.join(ROOT, 'configs', name)
    (tmp_path / 'bases_only.py').write_text(f'_base_ = {bases(path)!r}\n')
    base_cfg = Config.fromfile(str(tmp_path / 'bases_only.py'))
    cfg = Config.fromfile(path)
    tree = ast.parse(open(path).read())
    keys = {t.id for node in tree.body if isinstance(node, ast.Assign)
            for t in node.targets if isinstance(t, ast.Name) and not t.id.startswith('_')}
    for key in keys & set(base_cfg.keys()):
        assert cfg[key] != base_cfg[key], f'{name}: {key} repeats its base value {cfg[key]}'


def test_data_paths_only_in_the_dataset_bases_frequently_modified_block():
    """One place per data path: the block at the top of each dataset base."""
    for path in glob.glob(osp.join(ROOT, 'configs', '**', '*.py'), recursive=True):
        lines = open(path).read().splitlines()
        block = []
        if BLOCK in lines:
            start = lines.index(BLOCK)
            end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
            block = range(start, end)
        for i, line in enumerate(lines):
            if re.search(r"""['"]data/""", line):
                assert '/_base_/datasets/' in path and i in block, f'{path}:{i + 1}: {line}'


@pytest.mark.parametrize('name', CONFIGS)
def test_other_pages_reach_every_dataset_and_evaluator(name, tmp_path):
    """mmdet's way to train or test on other pages: a child that sets the datasets' data_root.
    Nothing (evaluators included) may still point at the pages of the parent."""
    cfg = Config.fromfile(osp.join(ROOT, 'configs', name))
    child = [f'_base_ = {osp.join(ROOT, "configs", name)!r}', "data_root = 'other/pages/'"]
    splits = [s for s in ('train', 'val', 'test') if cfg.get(f'{s}_dataloader')]
    concat = cfg.train_dataloader.dataset.type == 'WebConcatDataset'  # a mixture: roots by design
    for split in splits:
        if not (split == 'train' and concat):
            child.append(f'{split}_dataloader = dict(dataset=dict(data_root=data_root))')
    (tmp_path / 'child.py').write_text('\n'.join(child) + '\n')
    moved = Config.fromfile(str(tmp_path / 'child.py'))
    keys = [f'{s}_dataloader' for s in splits if not (s == 'train' and concat)]
    keys += [k for k in ('val_evaluator', 'test_evaluator') if moved.get(k)]
    for key in keys:
        text = Config(dict(x=moved[key])).pretty_text
        assert 'data/' not in text, f'{name}: {key} still points at the old pages:\n{text}'
    for split in splits:
        if not (split == 'train' and concat):
            assert moved[f'{split}_dataloader'].dataset.data_root == 'other/pages/'


def test_stock_detector_is_mmdets_on_the_joint_configs_pages_and_schedule():
    """The stock-detector row: mmdet's own Faster R-CNN R50-FPN (inherited through mmdet::),
    randomly initialised, on the full-resolution joint config's windows, classes and schedule,
    the screenshot alone."""
    path = osp.join(ROOT, 'configs', 'baselines', 'faster-rcnn_r50_fpn_screenshot_cpu.py')
    assert 'mmdet::_base_/models/faster-rcnn_r50_fpn.py' in open(path).read()
    stock = Config.fromfile(path)
    joint = Config.fromfile(osp.join(ROOT, 'configs', 'webdet_faster_rcnn_fullres_cpu.py'))
    model = stock.model
    assert (model.type, model.backbone.type, model.backbone.depth, model.neck.type) == \
        ('FasterRCNN', 'ResNet', 50, 'FPN')
    assert model.backbone.init_cfg is None and model.backbone.frozen_stages == -1
    assert model.roi_head.bbox_head.num_classes == len(joint.metainfo.classes) == 3
    text_steps = {'LoadTextMap', 'LoadDomCandidates'}
    for split in ('train', 'val', 'test'):
        want = [s for s in joint[f'{split}_dataloader'].dataset.pipeline
                if s['type'] not in text_steps]
        assert stock[f'{split}_dataloader'].dataset.pipeline == want
        assert stock[f'{split}_dataloader'].dataset.ann_file == \
            joint[f'{split}_dataloader'].dataset.ann_file
    assert stock.train_dataloader.batch_size == joint.train_dataloader.batch_size
    assert stock.train_cfg.max_iters == joint.train_cfg.max_iters
    assert stock.param_scheduler == joint.param_scheduler
    assert stock.optim_wrapper.optimizer == joint.optim_wrapper.optimizer
    equal_time = Config.fromfile(path.replace('_cpu.py', '_equal_time_cpu.py'))
    assert equal_time.train_cfg.max_iters < stock.train_cfg.max_iters
    assert equal_time.param_scheduler[1].milestones == [150, 180]
