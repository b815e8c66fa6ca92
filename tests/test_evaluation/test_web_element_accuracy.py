import json

import numpy as np
import pytest
import torch

from webdet_plugin.evaluation import PositionPrior, WebElementAccuracy


def t(x, dt=torch.float32):
    if dt == torch.float32 and len(x) and isinstance(x[0], list):
        return torch.tensor(x, dtype=dt).reshape(-1, 4)
    return torch.tensor(x, dtype=dt)


def sample(page_id, boxes, scores, labels, gt_boxes, gt_labels, offset=(0, 0), scale=(1., 1.)):
    return dict(page_id=page_id, page_offset=offset, scale_factor=scale,
                pred_instances=dict(bboxes=t(boxes), scores=t(scores),
                                    labels=t(labels, torch.long)),
                gt_instances=dict(bboxes=t(gt_boxes), labels=t(gt_labels, torch.long)))


def test_top1_per_class_and_mean():
    metric = WebElementAccuracy(iou_thr=0.5)
    metric.dataset_meta = dict(classes=('name', 'price', 'image'))
    gt = [[0, 0, 100, 20], [0, 30, 40, 50], [200, 0, 400, 200]]
    metric.process({}, [
        # page 1: name right (top score), price wrong (top score is the distractor), image right
        sample('p1', [[0, 0, 100, 20], [300, 300, 340, 320], [0, 30, 40, 50], [200, 0, 400, 200]],
               [0.9, 0.8, 0.3, 0.7], [0, 1, 1, 2], gt, [0, 1, 2]),
        # page 2: no image detection at all
        sample('p2', [[0, 0, 100, 20], [0, 30, 40, 50]], [0.6, 0.6], [0, 1], gt, [0, 1, 2]),
    ])
    res = metric.compute_metrics(metric.results)
    assert res['name_top1'] == 1.0 and res['price_top1'] == 0.5 and res['image_top1'] == 0.5
    assert res['mean_top1'] == pytest.approx(2 / 3) and res['pages'] == 2


def test_ground_truth_of_resized_inputs_is_rescaled():
    metric = WebElementAccuracy()
    metric.dataset_meta = dict(classes=('name', ))
    # predictions come back in window pixels, ground truth stays in the half-size input
    metric.process({}, [sample('p', [[100, 40, 300, 80]], [0.9], [0], [[50, 20, 150, 40]], [0],
                               scale=(0.5, 0.5))])
    assert metric.compute_metrics(metric.results)['name_top1'] == 1.0


def test_windows_of_one_page_are_merged():
    metric = WebElementAccuracy()
    metric.dataset_meta = dict(classes=('name', 'price'))
    metric.process({}, [
        sample('p', [[0, 0, 50, 10]], [0.4], [0], [[0, 0, 50, 10]], [0], offset=(0, 0)),
        # the second window (offset 100) has the better, correct detection of the same label
        sample('p', [[0, 0, 50, 10]], [0.9], [0], [], [], offset=(0, 100)),
    ])
    res = metric.compute_metrics(metric.results)
    assert res['name_top1'] == 0.0 and res['pages'] == 1  # top is in window 2, label in window 1


def test_position_prior_reranks(tmp_path):
    ann = dict(categories=[dict(id=1, name='price')], images=[],
               annotations=[dict(bbox=[40, 40, 20, 10], category_id=1)] * 10)
    path = tmp_path / 'train.json'
    path.write_text(json.dumps(ann))
    prior = PositionPrior(str(path), ['price'], page_size=(320, 320), cell=32)
    near, far = prior(0, np.array([[40., 40., 60., 50.], [280., 280., 300., 290.]]))
    assert near == pytest.approx(1.05) and far == pytest.approx(0.05, abs=1e-3)
    metric = WebElementAccuracy(position_prior=dict(ann_file=str(path), page_size=(320, 320)))
    metric.dataset_meta = dict(classes=('price', ))
    metric.process({}, [sample('p', [[280, 280, 300, 290], [40, 40, 60, 50]], [0.9, 0.5], [0, 0],
                               [[40, 40, 60, 50]], [0])])
    res = metric.compute_metrics(metric.results)
    assert res['price_top1'] == 0.0 and res['price_top1_prior'] == 1.0
