"""AnchorGroupRPNHead: the pre-NMS quota runs per anchor-ratio group."""
import pytest
import torch
from mmdet.registry import MODELS
from mmengine.config import ConfigDict

import webdet_plugin  # noqa: F401  (registers the head)

RATIOS = [0.1, 0.5, 1.0]
SCALES = [2, 4]


def head(ratio_groups=None, **kwargs):
    cfg = dict(type='AnchorGroupRPNHead', in_channels=4, feat_channels=4, num_convs=2,
               ratio_groups=ratio_groups,
               anchor_generator=dict(type='AnchorGenerator', scales=SCALES, ratios=RATIOS,
                                     strides=[8]),
               bbox_coder=dict(type='DeltaXYWHBBoxCoder', target_means=[0.] * 4,
                               target_stds=[1.] * 4))
    cfg['anchor_generator'].update(kwargs)
    return MODELS.build(cfg)


def proposals(model, cls_score, bbox_pred, nms_pre, iou=0.7, max_per_img=1000):
    cfg = ConfigDict(nms_pre=nms_pre, max_per_img=max_per_img, min_bbox_size=0,
                     nms=dict(type='nms', iou_threshold=iou))
    meta = dict(img_shape=(64, 192), scale_factor=(1., 1.))
    return model.predict_by_feat([cls_score], [bbox_pred], batch_img_metas=[meta], cfg=cfg)[0]


def ratio_of(boxes):
    return ((boxes[:, 3] - boxes[:, 1]) / (boxes[:, 2] - boxes[:, 0])).tolist()


def test_one_group_is_mmdets_rpn():
    torch.manual_seed(0)
    num_anchors = len(RATIOS) * len(SCALES)
    cls_score = torch.randn(1, num_anchors, 8, 12)
    bbox_pred = 0.1 * torch.randn(1, num_anchors * 4, 8, 12)
    plain = proposals(head(None), cls_score, bbox_pred, nms_pre=50)
    grouped = proposals(head([[0, 1, 2]]), cls_score, bbox_pred, nms_pre=50)
    assert len(plain) > 10
    assert torch.equal(plain.bboxes, grouped.bboxes) and torch.equal(plain.scores, grouped.scores)


def test_every_group_keeps_its_quota():
    """Wide anchors score highest everywhere: mmdet's top-k keeps only them, groups do not."""
    num_anchors = len(RATIOS) * len(SCALES)
    cls_score = torch.full((1, num_anchors, 8, 24), -10.0)
    # cells whose anchors all lie inside the 64x192 image (clipped boxes change shape)
    cls_score[..., 2:6, 7:17] = 0.01 * torch.rand(1, num_anchors, 4, 10)
    cls_score[:, :len(SCALES)] += 5.0  # ratio index 0 (h/w 0.1): anchors r * num_scales + s
    bbox_pred = torch.zeros(1, num_anchors * 4, 8, 24)  # proposals = anchors
    plain = proposals(head(None), cls_score, bbox_pred, nms_pre=40, iou=1.0)
    grouped = proposals(head([[0], [1, 2]]), cls_score, bbox_pred, nms_pre=40, iou=1.0)
    assert set(round(r, 1) for r in ratio_of(plain.bboxes)) == {0.1}
    got = [round(r, 1) for r in ratio_of(grouped.bboxes)]
    assert got.count(0.1) == 40 and got.count(0.5) + got.count(1.0) == 40
    assert grouped.scores[:40].min() > grouped.scores[40:].max()  # sorted by score


@pytest.mark.parametrize('groups', [[[0], [1]], [[0, 1], [1, 2]], [[0, 1, 2], []],
                                    [[0, 1, 2, 3]]])
def test_bad_groups(groups):
    with pytest.raises(ValueError, match='must partition the 3 anchor ratio indices'):
        head(groups)


def test_needs_ratio_major_anchors():
    with pytest.raises(ValueError, match='scale_major'):
        head([[0], [1, 2]], scale_major=False)
