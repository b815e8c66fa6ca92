"""The CPU configs that the README compares differ only where they say they do."""
import os.path as osp

import pytest
from mmengine.config import Config

from .conftest import ROOT

SCHEMES = ['webdet_faster_rcnn_cpu.py', 'webdet_fast_rcnn_dom_cpu.py', 'webdet_hybrid_cpu.py',
           'alternating/step1_rpn_cpu.py', 'alternating/step2_fast_rcnn_cpu.py',
           'alternating/step4_fast_rcnn_frozen_cpu.py', 'ablations/cpu_no_bn.py',
           'ablations/cpu_dom_training_rois.py', 'webdet_faster_rcnn_elements_cpu.py',
           'ablations/cpu_elements_fine_textmap.py']
FULLRES = ['webdet_faster_rcnn_fullres_cpu.py', 'ablations/cpu_fullres_no_text_geometry.py',
           'ablations/cpu_fullres_no_context.py']


def steps(cfg, split):
    return [t['type'] for t in cfg[f'{split}_dataloader'].dataset.pipeline]


@pytest.mark.parametrize('name', SCHEMES)
def test_training_inverts_screenshots_and_evaluation_does_not(name):
    cfg = Config.fromfile(osp.join(ROOT, 'configs', name))
    train = steps(cfg, 'train')
    assert train.count('Invert') == 1
    assert train.index('Resize') < train.index('Invert') < train.index('LoadTextMap')
    for split in ('val', 'test'):
        if cfg.get(f'{split}_dataloader'):
            assert 'Invert' not in steps(cfg, split)
    # apart from the augmentation, training and evaluation load pages the same way
    base = Config.fromfile(osp.join(ROOT, 'configs/webdet_faster_rcnn_cpu.py'))
    assert [t for t in train if t != 'Invert'][:4] == steps(base, 'test')[:4]


@pytest.mark.parametrize('name', FULLRES)
def test_full_resolution_training_windows(name):
    """Random windows at the page's scale in training, the whole window for evaluation, and the
    rest as the elements config: the same pages, evaluated the same way but unscaled."""
    cfg = Config.fromfile(osp.join(ROOT, 'configs', name))
    elements = Config.fromfile(osp.join(ROOT, 'configs/webdet_faster_rcnn_elements_cpu.py'))
    train = steps(cfg, 'train')
    assert 'Resize' not in train and train.index('RandomPageWindow') + 1 == \
        train.index('CropPageWindow') < train.index('Invert') < train.index('LoadTextMap')
    window, crop = cfg.train_dataloader.dataset.pipeline[2:4]
    assert window.size == crop.size and window.region == elements.page_window
    assert crop.size[1] == elements.page_window[1]  # full width: long names are seen whole
    for split in ('val', 'test'):
        assert steps(cfg, split) == [t for t in steps(elements, split) if t != 'Resize']
        crops = [t['size'] for t in cfg[f'{split}_dataloader'].dataset.pipeline
                 if t['type'] == 'CropPageWindow']
        assert crops == [(896, 1280)] == [elements.page_window]  # the whole, unscaled window
    assert [t for t in train if t not in ('RandomPageWindow', )] == \
        [t for t in steps(elements, 'train') if t != 'Resize']
    scales = cfg.model.rpn_head.anchor_generator.scales
    assert scales == pytest.approx([2 * s for s in elements.model.rpn_head.anchor_generator.scales],
                                   rel=0.01)
    assert cfg.optim_wrapper.type == 'BF16OptimWrapper'
    assert cfg.model.rpn_head.type == elements.model.rpn_head.type == 'ElementRPNHead'


def test_rpn_keeps_small_elements_before_nms():
    """45 anchors per cell on one level: the pre-NMS cut must reach far past the main image."""
    for name in ('webdet_faster_rcnn.py', 'webdet_faster_rcnn_cpu.py'):
        cfg = Config.fromfile(osp.join(ROOT, 'configs', name)).model
        groups = len(cfg.rpn_head.get('ratio_groups') or [0])  # nms_pre is per group
        assert cfg.rpn_head.type == 'AnchorGroupRPNHead' and groups == 5
        assert groups * cfg.test_cfg.rpn.nms_pre >= 4000
        assert groups * cfg.train_cfg.rpn_proposal.nms_pre >= 4000


@pytest.mark.parametrize('name', SCHEMES + FULLRES)
def test_textmap_cells_match_the_text_stream(name):
    """The TextMap the pipeline paints, the grid the preprocessor batches and the text conv's
    stride agree: text_stride TextMap cells per stride-8 feature cell; the geometry channels
    are loaded in every split exactly when the backbone takes them."""
    cfg = Config.fromfile(osp.join(ROOT, 'configs', name))
    stride = cfg.model.backbone.get('text_stride', 1)
    geometry = cfg.model.backbone.get('text_geometry_channels', 0) > 0
    scale = cfg.model.data_preprocessor.textmap_scale
    assert scale * stride == 8
    for split in ('train', 'val', 'test'):
        if cfg.get(f'{split}_dataloader'):
            loads = [t for t in cfg[f'{split}_dataloader'].dataset.pipeline
                     if t['type'] == 'LoadTextMap']
            assert [t.get('scale', 8) for t in loads] == [scale]
            assert [t.get('geometry', False) for t in loads] == [geometry]


@pytest.mark.parametrize('name', ['webdet_faster_rcnn.py'] + SCHEMES + FULLRES)
def test_every_class_keeps_its_best_box(name):
    """The RoI head may return as many detections as it gets proposals, so no class's best box
    is crowded out by another class's near-duplicates before the top-1 metric sees it."""
    test_cfg = Config.fromfile(osp.join(ROOT, 'configs', name)).model.test_cfg
    if test_cfg.get('rpn') is None:
        pytest.skip(f'{name}: no RPN at test time (fixed proposals)')
    assert test_cfg.rcnn.max_per_img >= test_cfg.rpn.max_per_img


@pytest.mark.parametrize('name', SCHEMES + FULLRES)
def test_cut_labels_are_ignored_only_in_training(name):
    """A training window may leave the labels it cuts to the RoI head's ignore band (mmdet's
    ignore_iof_thr); evaluation crops never ignore a label."""
    cfg = Config.fromfile(osp.join(ROOT, 'configs', name))
    for split in ('train', 'val', 'test'):
        if not cfg.get(f'{split}_dataloader'):
            continue
        modes = [t.get('cut_labels', 'clip') for t in cfg[f'{split}_dataloader'].dataset.pipeline
                 if t['type'] == 'CropPageWindow']
        assert len(modes) == 1
        if split != 'train':
            assert modes == ['clip']
        elif modes == ['ignore']:
            assert cfg.model.train_cfg.rcnn.assigner.ignore_iof_thr > 0
