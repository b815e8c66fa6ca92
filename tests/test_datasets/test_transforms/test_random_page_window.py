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


def test_grows_for_a_tall_label_up_to_max_height():
    tall = [[100, 100, 400, 560]]  # 460 px tall: needs 460 + 32 -> 512
    t = TRANSFORMS.build(dict(type='RandomPageWindow', size=(384, 1280), region=(896, 1280),
                              tries=40, max_height=640))
    crop = TRANSFORMS.build(dict(type='CropPageWindow', size=(384, 1280)))
    np.random.seed(3)
    results = crop(t(results_with(tall, page=(1000, 1280))))
    assert results['window_size'] == (512, 1280)
    assert results['img'].shape == (512, 1280, 3) and results['img_shape'] == (512, 1280)
    x0, y0 = results['page_offset']
    np.testing.assert_allclose(results['gt_bboxes'].numpy()[0], [100, 100 - y0, 400, 560 - y0])
    # short labels keep the base size; a label taller than max_height gets max_height
    assert t(results_with([[0, 0, 10, 300]]))['window_size'] == (384, 1280)
    assert t(results_with([[0, 0, 10, 700]], page=(1000, 1280)))['window_size'] == (640, 1280)
    # without max_height no window_size is set (CropPageWindow uses its own size)
    plain = TRANSFORMS.build(dict(type='RandomPageWindow', size=(384, 1280), region=(896, 1280)))
    assert 'window_size' not in plain(results_with(tall))


@pytest.mark.parametrize('kwargs', [dict(max_height=300), dict(max_height=1000)])
def test_bad_max_height(kwargs):
    with pytest.raises(ValueError, match='max_height'):
        TRANSFORMS.build(dict(type='RandomPageWindow', size=(384, 1280), region=(896, 1280),
                              **kwargs))


def test_crop_ignores_cut_labels_when_asked():
    boxes = [[10, 10, 100, 50],      # whole in the window
             [10, 300, 100, 500],    # cut by the bottom edge
             [10, 700, 100, 800]]    # outside: dropped
    for cut_labels, expected in (('clip', [False, False]), ('ignore', [False, True])):
        crop = TRANSFORMS.build(dict(type='CropPageWindow', size=(384, 1280),
                                     cut_labels=cut_labels))
        results = crop(results_with(boxes))
        assert results['gt_ignore_flags'].tolist() == expected
        np.testing.assert_allclose(results['gt_bboxes'].numpy()[1], [10, 300, 100, 384])
        assert results['dropped_gt'] == 1
    # cut by the top edge of a window at y=40
    crop = TRANSFORMS.build(dict(type='CropPageWindow', size=(384, 1280), cut_labels='ignore'))
    results = crop(results_with([[10, 30, 100, 60], [10, 50, 100, 80]], window=(0, 40)))
    assert results['gt_ignore_flags'].tolist() == [True, False]
    # packed: the cut label travels as an ignored instance, not as a ground truth
    packed = TRANSFORMS.build(dict(type='PackWebInputs'))(dict(
        results, img_id=0, img_path='p.png', page_id='p', site='s'))
    sample = packed['data_samples']
    np.testing.assert_allclose(sample.gt_instances.bboxes.tensor.numpy(), [[10, 10, 100, 40]])
    np.testing.assert_allclose(sample.ignored_instances.bboxes.tensor.numpy(), [[10, 0, 100, 20]])
    with pytest.raises(ValueError, match='cut_labels'):
        TRANSFORMS.build(dict(type='CropPageWindow', cut_labels='drop'))
