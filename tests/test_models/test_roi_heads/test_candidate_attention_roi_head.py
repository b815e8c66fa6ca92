"""The DOM mixture config's RoI head: candidates attend to each other, in training and testing."""
import os.path as osp

import torch
from mmdet.registry import MODELS
from mmdet.structures import DetDataSample
from mmengine.config import Config
from mmengine.structures import InstanceData

CONFIGS = osp.abspath(osp.join(osp.dirname(__file__), '..', '..', '..', 'configs'))


def build_head(config='webdet_fast_rcnn_dom_mix_cpu.py'):
    cfg = Config.fromfile(osp.join(CONFIGS, config)).model
    head = MODELS.build(dict(cfg.roi_head, train_cfg=cfg.train_cfg.rcnn,
                             test_cfg=cfg.test_cfg.rcnn))
    head.init_weights()
    return head, cfg.neck.out_channels


def page(n=40, seed=0):
    g = torch.Generator().manual_seed(seed)
    xy = torch.rand(n, 2, generator=g) * 300
    boxes = torch.cat([xy, xy + torch.rand(n, 2, generator=g) * 100 + 8], 1)
    sample = DetDataSample(metainfo=dict(img_shape=(320, 448), scale_factor=(1., 1.)))
    sample.gt_instances = InstanceData(bboxes=boxes[:3].clone(), labels=torch.tensor([0, 1, 2]))
    return boxes, sample


def test_head_trains_the_attention_and_predicts_per_page():
    head, fused = build_head()
    assert type(head).__name__ == 'CandidateAttentionRoIHead'
    torch.manual_seed(0)
    feats = (torch.rand(2, fused, 40, 56), )
    (b0, s0), (b1, s1) = page(seed=0), page(seed=1)
    losses = head.loss(feats, [InstanceData(bboxes=b0.clone()), InstanceData(bboxes=b1.clone())],
                       [s0, s1])
    (losses['loss_cls'] + losses['loss_bbox']).backward()
    attention = head.bbox_head.attention.layers[0]
    assert attention['out'].weight.grad.abs().sum() > 0  # zero at the start, learning
    results = head.predict(feats, [InstanceData(bboxes=b0, scores=torch.ones(40)),
                                   InstanceData(bboxes=b1, scores=torch.ones(40))],
                           [s0, s1], rescale=False)
    assert len(results) == 2 and all(len(r.labels) > 0 for r in results)


def test_sampled_rois_attend_to_the_proposals_in_training():
    """The sampled RoIs (ground truth added among them) attend to the page's proposals, the
    set a test sees, not to the sample; a sampled proposal scores as it would at test time."""
    head, fused = build_head()
    torch.manual_seed(0)
    for p in head.bbox_head.attention.parameters():
        torch.nn.init.normal_(p, std=0.05)
    feats = (torch.rand(2, fused, 40, 56), )
    (b0, s0), (b1, s1) = page(seed=0), page(n=25, seed=1)
    seen = {}
    forward = head.bbox_head.forward

    def spy(x, rois=None, context=None, context_rois=None):
        seen.update(rois=rois, context_rois=context_rois)
        out = forward(x, rois, context, context_rois)
        seen['cls_score'] = out[0]
        return out

    head.bbox_head.forward = spy
    head.loss(feats, [InstanceData(bboxes=b0.clone()), InstanceData(bboxes=b1.clone())],
              [s0, s1])
    torch.testing.assert_close(seen['context_rois'][:, 1:], torch.cat([b0, b1]))
    assert seen['context_rois'][:, 0].tolist() == [0.] * 40 + [1.] * 25
    assert head._context_rois is None  # nothing left behind for the next call
    head.eval()
    page0 = torch.cat([torch.zeros(40, 1), b0], 1)
    test_scores = forward(head.bbox_roi_extractor(feats, page0), page0)[0]
    rois, compared = seen['rois'], 0
    for i in torch.nonzero(rois[:, 0] == 0).flatten()[:20]:
        match = torch.nonzero((page0 == rois[i]).all(1)).flatten()
        if len(match):
            torch.testing.assert_close(seen['cls_score'][i], test_scores[match[0]])
            compared += 1
    assert compared >= 10  # most sampled RoIs are proposals (the others: ground truth)
    head.max_context = 10
    head.train()
    head.loss(feats, [InstanceData(bboxes=b0.clone()), InstanceData(bboxes=b1.clone())],
              [s0, s1])
    assert len(seen['context_rois']) == 20


def test_other_candidates_change_a_candidates_scores():
    """With trained-like weights, adding candidates to a page changes the scores of the ones
    already there; a page predicted alone or beside another page scores the same."""
    head, fused = build_head()
    torch.manual_seed(0)
    for p in head.bbox_head.attention.parameters():
        torch.nn.init.normal_(p, std=0.05)
    head.eval()
    feats = torch.rand(1, fused, 40, 56)
    boxes, _ = page(n=30)
    rois = torch.cat([torch.zeros(30, 1), boxes], 1)
    full = head._bbox_forward((feats, ), rois)['cls_score']
    part = head._bbox_forward((feats, ), rois[:10])['cls_score']
    assert not torch.allclose(full[:10], part)
    two = head._bbox_forward((feats.expand(2, -1, -1, -1), ),
                             torch.cat([rois, rois[:10] * torch.tensor([0, 1, 1, 1, 1]) +
                                        torch.tensor([1., 0, 0, 0, 0])]))['cls_score']
    torch.testing.assert_close(two[:30], full, rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(two[30:], part, rtol=1e-5, atol=1e-5)


def test_untrained_head_is_mmdets_head():
    """At initialisation the attention is the identity: the same scores as mmdet's
    Shared2FCBBoxHead with the same weights (the no-attention ablation's head)."""
    head, fused = build_head()
    plain, _ = build_head('ablations/cpu_dom_mix_no_attention.py')
    assert type(plain).__name__ == 'ClassMaskedRoIHead'
    missing, unexpected = plain.load_state_dict(head.state_dict(), strict=False)
    assert not missing and all(k.startswith('bbox_head.attention.') for k in unexpected)
    head.eval(), plain.eval()
    boxes, _ = page()
    rois = torch.cat([torch.zeros(40, 1), boxes], 1)
    feats = (torch.rand(1, fused, 40, 56), )
    torch.testing.assert_close(head._bbox_forward(feats, rois)['cls_score'],
                               plain._bbox_forward(feats, rois)['cls_score'])
