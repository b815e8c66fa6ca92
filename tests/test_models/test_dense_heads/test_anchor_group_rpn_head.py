"""AnchorGroupRPNHead: the pre-NMS quota runs per anchor-ratio group."""
import pytest
import torch
from mmdet.registry import MODELS
from mmengine.config import ConfigDict
from mmengine.structures import InstanceData

import webdet_plugin  # noqa: F401  (registers the head)

RATIOS = [0.1, 0.5, 1.0]
SCALES = [2, 4]


def head(ratio_groups=None, head_type='AnchorGroupRPNHead', **kwargs):
    cfg = dict(type=head_type, in_channels=4, feat_channels=4, num_convs=2,
               anchor_generator=dict(type='AnchorGenerator', scales=SCALES, ratios=RATIOS,
                                     strides=[8]),
               bbox_coder=dict(type='DeltaXYWHBBoxCoder', target_means=[0.] * 4,
                               target_stds=[1.] * 4))
    if head_type == 'AnchorGroupRPNHead':
        cfg['ratio_groups'] = ratio_groups
    cfg['anchor_generator'].update(kwargs)
    return MODELS.build(cfg)


def proposals(model, cls_score, bbox_pred, nms_pre, iou=0.7, max_per_img=1000):
    cfg = ConfigDict(nms_pre=nms_pre, max_per_img=max_per_img, min_bbox_size=0,
                     nms=dict(type='nms', iou_threshold=iou))
    meta = dict(img_shape=(64, 192), scale_factor=(1., 1.))
    return model.predict_by_feat([cls_score], [bbox_pred], batch_img_metas=[meta], cfg=cfg)[0]


def ratio_of(boxes):
    return ((boxes[:, 3] - boxes[:, 1]) / (boxes[:, 2] - boxes[:, 0])).tolist()


@pytest.mark.parametrize('nms_pre', [50, 100000])
def test_one_group_is_mmdets_rpn(nms_pre):
    """The same proposals as mmdet's RPNHead (its full sort here a top-k; random logits have
    no sigmoid ties): the same boxes to the last bit, scores to 1 float32 ulp (torch's CPU
    sigmoid of one logit differs by 1 ulp with the length of the tensor it is in on AVX-512
    machines: the top-k's few logits against mmdet's every anchor)."""
    torch.manual_seed(0)
    num_anchors = len(RATIOS) * len(SCALES)
    cls_score = torch.randn(1, num_anchors, 8, 12)
    bbox_pred = 0.1 * torch.randn(1, num_anchors * 4, 8, 12)
    mmdet = proposals(head(head_type='RPNHead'), cls_score, bbox_pred, nms_pre=nms_pre)
    assert len(mmdet) > 10
    for ratio_groups in (None, [[0, 1, 2]]):
        got = proposals(head(ratio_groups), cls_score, bbox_pred, nms_pre=nms_pre)
        assert torch.equal(mmdet.bboxes, got.bboxes)
        torch.testing.assert_close(got.scores, mmdet.scores, rtol=0, atol=2**-24 * 1.01)


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


def test_non_contiguous_group_keeps_its_quota():
    num_anchors = len(RATIOS) * len(SCALES)
    cls_score = torch.full((1, num_anchors, 8, 24), -10.0)
    cls_score[..., 2:6, 7:17] = 0.01 * torch.rand(1, num_anchors, 4, 10)
    cls_score[:, :len(SCALES)] += 5.0
    bbox_pred = torch.zeros(1, num_anchors * 4, 8, 24)
    grouped = proposals(head([[0, 2], [1]]), cls_score, bbox_pred, nms_pre=40, iou=1.0)
    got = [round(r, 1) for r in ratio_of(grouped.bboxes)]
    assert got.count(0.1) == 40 and got.count(0.5) == 40 and got.count(1.0) == 0


@pytest.mark.parametrize('loss_bbox', [dict(type='SmoothL1Loss', beta=1.0 / 9.0),
                                       dict(type='GIoULoss')])
def test_loss_on_sampled_anchors_equals_mmdets(loss_bbox, rpn_train_cfg):
    """Same losses and gradients as mmdet's RPNHead, which weighs every anchor."""
    losses, grads = [], []
    for kind in ('RPNHead', 'AnchorGroupRPNHead'):
        torch.manual_seed(0)
        cfg = dict(type=kind, in_channels=4, feat_channels=4, num_convs=2,
                   anchor_generator=dict(type='AnchorGenerator', scales=SCALES, ratios=RATIOS,
                                         strides=[8]),
                   bbox_coder=dict(type='DeltaXYWHBBoxCoder', target_means=[0.] * 4,
                                   target_stds=[1.] * 4),
                   reg_decoded_bbox=loss_bbox['type'] == 'GIoULoss', loss_bbox=loss_bbox,
                   train_cfg=rpn_train_cfg)
        model = MODELS.build(cfg)
        feats = torch.randn(2, 4, 8, 24, requires_grad=True)
        cls_scores, bbox_preds = model([feats])
        gts = [InstanceData(bboxes=torch.tensor([[10., 5., 90., 20.], [100., 10., 150., 60.]]),
                            labels=torch.zeros(2, dtype=torch.long)),
               InstanceData(bboxes=torch.tensor([[30., 30., 60., 40.]]),
                            labels=torch.zeros(1, dtype=torch.long))]
        metas = [dict(img_shape=(64, 192), pad_shape=(64, 192))] * 2
        rows = []
        model.loss_cls.register_forward_pre_hook(lambda _, args: rows.append(len(args[0])))
        torch.manual_seed(1)  # the same sampled anchors
        loss = model.loss_by_feat(cls_scores, bbox_preds, gts, metas)
        # mmdet weighs every anchor (2 x 8 x 24 x 6); here only the sampled ones (<= 2 x 64)
        assert rows == ([2 * 8 * 24 * 6] if kind == 'RPNHead' else [rows[0]])
        assert kind == 'RPNHead' or rows[0] <= 2 * 64
        total = sum(loss['loss_rpn_cls']) + sum(loss['loss_rpn_bbox'])
        total.backward()
        losses.append(torch.stack([loss['loss_rpn_cls'][0], loss['loss_rpn_bbox'][0]]))
        grads.append(feats.grad)
    assert losses[0][1] > 0  # positives were sampled
    torch.testing.assert_close(losses[1], losses[0])
    torch.testing.assert_close(grads[1], grads[0])
