"""RandomPageWindow: where the training window goes, and the page window crop after it."""
import os.path as osp

import numpy as np
import pytest
from mmdet.registry import DATASETS, TRANSFORMS
from mmdet.structures.bbox import HorizontalBoxes

from webdet_plugin.datasets.transforms.random_page_window import count_cut_inside

FULLRES = osp.abspath(osp.join(osp.dirname(__file__), '..', '..', '..', 'configs',
                               'webdet_faster_rcnn_fullres_cpu.py'))


def results_with(boxes, page=(900, 1300), window=(0, 0)):
    return dict(img=np.zeros(page + (3, ), np.uint8), window=window,
                gt_bboxes=HorizontalBoxes(np.array(boxes, np.float32).reshape(-1, 4)),
                gt_bboxes_labels=np.arange(len(boxes), dtype=np.int64),
                gt_ignore_flags=np.zeros(len(boxes), bool))


def test_count_cut_inside():
    boxes = np.array([[10, 10, 20, 20],     # inside
                      [90, 10, 120, 20],    # cut by the right edge
                      [200, 200, 210, 210],  # outside
                      [0, 0, 100, 50]],     # the window itself: inside
                     np.float32)
    assert count_cut_inside(boxes, 0, 0, 50, 100) == (1, 2)
    assert count_cut_inside(boxes[:0], 0, 0, 50, 100) == (0, 0)


def test_offsets_stay_in_region_and_page():
    t = TRANSFORMS.build(dict(type='RandomPageWindow', size=(448, 640), region=(896, 1280)))
    np.random.seed(0)
    seen = set()
    for _ in range(200):
        x0, y0 = t(results_with([], window=(0, 30)))['window']
        assert 0 <= x0 <= 1280 - 640 and 30 <= y0 <= 30 + 896 - 448
        seen.add((x0, y0))
    assert len(seen) > 150  # random, not one fixed place
    # a page smaller than the region: the window stays on the page
    small = results_with([], page=(500, 700))
    for _ in range(50):
        x0, y0 = t(dict(small))['window']
        assert 0 <= x0 <= 700 - 640 and 0 <= y0 <= 500 - 448
    # window == region: the dataset's own window offset
    fixed = TRANSFORMS.build(dict(type='RandomPageWindow', size=(896, 1280), region=(896, 1280)))
    assert fixed(results_with([], window=(0, 64)))['window'] == (0, 64)


def test_prefers_windows_that_hold_labels_whole():
    boxes = [[1000, 700, 1100, 730], [1000, 760, 1200, 800]]
    t = TRANSFORMS.build(dict(type='RandomPageWindow', size=(448, 640), region=(896, 1280),
                              tries=200))
    np.random.seed(1)
    for _ in range(10):
        x0, y0 = t(results_with(boxes))['window']
        assert count_cut_inside(np.array(boxes, np.float32), x0, y0, 448, 640) == (0, 2)
    # one try: any offset, labels or not
    one = TRANSFORMS.build(dict(type='RandomPageWindow', size=(448, 640), region=(896, 1280),
                                tries=1))
    held = [count_cut_inside(np.array(boxes, np.float32), *one(results_with(boxes))['window'],
                             448, 640)[1] for _ in range(100)]
    assert 0 < sum(h == 2 for h in held) < 100


def test_crop_after_it_moves_the_boxes():
    boxes = [[1000, 700, 1100, 730]]
    pipeline = [TRANSFORMS.build(dict(type='RandomPageWindow', size=(448, 640),
                                      region=(896, 1280), tries=100)),
                TRANSFORMS.build(dict(type='CropPageWindow', size=(448, 640)))]
    np.random.seed(2)
    results = results_with(boxes)
    results['img'][700:730, 1000:1100] = 7
    for t in pipeline:
        results = t(results)
    x0, y0 = results['page_offset']
    assert results['img'].shape == (448, 640, 3)
    got = results['gt_bboxes'].numpy()[0]
    np.testing.assert_allclose(got, [1000 - x0, 700 - y0, 1100 - x0, 730 - y0])
    assert (results['img'][700 - y0:730 - y0, 1000 - x0:1100 - x0] == 7).all()


@pytest.mark.parametrize('kwargs', [dict(size=(0, 640)), dict(size=(448, 640), region=(400, 1280)),
                                    dict(size=(448, 640), tries=0)])
def test_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        TRANSFORMS.build(dict(type='RandomPageWindow', **kwargs))


def test_fullres_training_pipeline(tiny_dataset):
    """The full-resolution config's training pipeline on real pages: window-sized inputs,
    TextMap and element targets in the window's pixels (evaluation: tests/test_configs.py)."""
    from mmengine.config import Config
    cfg = Config.fromfile(FULLRES)
    ds_cfg = cfg.train_dataloader.dataset
    ds = DATASETS.build(dict(type='WebPageDataset', data_root=str(tiny_dataset),
                             ann_file='annotations/train.json', data_prefix=dict(img=''),
                             pipeline=ds_cfg.pipeline))
    np.random.seed(0)
    for i in range(len(ds)):
        sample = ds[i]['data_samples']
        assert ds[i]['inputs'].shape == (3, 384, 1280)
        assert tuple(sample.textmap_index.shape) == (48, 160)
        assert sample.scale_factor == (1.0, 1.0)
        for boxes in (sample.gt_instances.bboxes.tensor, sample.dom_candidates.bboxes):
            assert (boxes[:, 2] <= 1280).all() and (boxes[:, 3] <= 384).all()
        x0, y0 = sample.page_offset
        assert x0 == 0 and 0 <= y0 <= 896 - 384
