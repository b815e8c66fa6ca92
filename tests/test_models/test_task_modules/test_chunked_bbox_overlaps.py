"""ChunkedBboxOverlaps2D gives exactly mmdet's overlaps, and the assigner's result with it."""
import pytest
import torch
from mmdet.models.task_modules.assigners import BboxOverlaps2D, MaxIoUAssigner
from mmdet.structures.bbox import HorizontalBoxes
from mmengine.structures import InstanceData

from webdet_plugin.models import ChunkedBboxOverlaps2D


def boxes(n, seed):
    g = torch.Generator().manual_seed(seed)
    b = torch.rand(n, 4, generator=g) * 100
    b[:, 2:] += b[:, :2] + 1
    return b


@pytest.mark.parametrize('mode', ['iou', 'iof', 'giou'])
@pytest.mark.parametrize('n', [0, 7, 100, 101])
def test_same_as_mmdet(mode, n):
    gt, anchors = boxes(9, 0), boxes(n, 1)
    want = BboxOverlaps2D()(gt, anchors, mode)
    got = ChunkedBboxOverlaps2D(chunk_size=25)(gt, HorizontalBoxes(anchors), mode)
    assert got.shape == (9, n) and torch.equal(got, want)


def test_aligned_and_empty_gt():
    a, b = boxes(30, 2), boxes(30, 3)
    calc = ChunkedBboxOverlaps2D(chunk_size=4)
    assert torch.equal(calc(a, b, is_aligned=True), BboxOverlaps2D()(a, b, is_aligned=True))
    assert calc(boxes(0, 4), b).shape == (0, 30)


def test_assigner_result_unchanged():
    gt = InstanceData(bboxes=boxes(12, 5), labels=torch.zeros(12, dtype=torch.long))
    priors = InstanceData(priors=boxes(1000, 6))
    kw = dict(pos_iou_thr=0.5, neg_iou_thr=0.3, min_pos_iou=0.3, match_low_quality=True)
    want = MaxIoUAssigner(**kw).assign(priors, gt)
    got = MaxIoUAssigner(**kw, iou_calculator=dict(type='ChunkedBboxOverlaps2D',
                                                   chunk_size=64)).assign(priors, gt)
    assert torch.equal(got.gt_inds, want.gt_inds) and torch.equal(got.max_overlaps,
                                                                  want.max_overlaps)


def test_bad_chunk_size():
    with pytest.raises(ValueError, match='chunk_size'):
        ChunkedBboxOverlaps2D(chunk_size=0)
