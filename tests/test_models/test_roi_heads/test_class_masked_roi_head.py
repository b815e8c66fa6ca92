"""ClassMaskedRoIHead: at test time a candidate only takes the classes its element allows."""
import os.path as osp

import pytest
import torch
from mmdet.registry import MODELS
from mmdet.structures import DetDataSample
from mmengine.config import Config
from mmengine.structures import InstanceData

CONFIGS = osp.abspath(osp.join(osp.dirname(__file__), '..', '..', '..', 'configs'))
IMAGE = 2  # ('name', 'price', 'image')


def build_head(config):
    cfg = Config.fromfile(osp.join(CONFIGS, config)).model
    head = MODELS.build(dict(cfg.roi_head, train_cfg=cfg.train_cfg.rcnn,
                             test_cfg=cfg.test_cfg.rcnn))
    head.init_weights()
    torch.manual_seed(0)
    for p in head.bbox_head.parameters():  # scores that differ from one RoI to the next
        torch.nn.init.normal_(p, std=0.1)
    return head.eval(), cfg.neck.out_channels


def page(n=30, seed=0, images=(3, 11)):
    g = torch.Generator().manual_seed(seed)
    xy = torch.rand(n, 2, generator=g) * 300
    boxes = torch.cat([xy, xy + torch.rand(n, 2, generator=g) * 100 + 8], 1)
    mask = torch.ones(n, 3, dtype=torch.bool)
    mask[:, IMAGE] = False
    mask[list(images), IMAGE] = True
    sample = DetDataSample(metainfo=dict(img_shape=(320, 448), scale_factor=(1., 1.)))
    sample.gt_instances = InstanceData(bboxes=boxes[:3].clone(), labels=torch.tensor([0, 1, 2]))
    return InstanceData(bboxes=boxes, scores=torch.ones(n), class_mask=mask), sample


@pytest.mark.parametrize('config', ['webdet_fast_rcnn_dom_mix_cpu.py',
                                    'ablations/cpu_dom_mix_no_attention.py'])
def test_masked_classes_score_zero_and_the_rest_share_their_probability(config):
    head, fused = build_head(config)
    feats = (torch.rand(1, fused, 40, 56), )
    props, sample = page()
    rois = torch.cat([torch.zeros(len(props), 1), props.bboxes], 1)
    logits = head._bbox_forward(feats, rois)['cls_score']
    head._class_mask = props.class_mask
    try:
        masked = head._bbox_forward(feats, rois)['cls_score'].softmax(-1)
    finally:
        head._class_mask = None
    allowed = props.class_mask[:, IMAGE]
    assert (masked[~allowed, IMAGE] == 0).all()
    torch.testing.assert_close(masked[allowed], logits[allowed].softmax(-1))  # images: as before
    rest = [c for c in range(logits.shape[1]) if c != IMAGE]  # the others: a softmax without it
    torch.testing.assert_close(masked[~allowed][:, rest], logits[~allowed][:, rest].softmax(-1))


@pytest.mark.parametrize('config', ['webdet_fast_rcnn_dom_mix_cpu.py',
                                    'ablations/cpu_dom_mix_no_attention.py'])
def test_a_pages_main_image_is_its_best_image_element(config):
    head, fused = build_head(config)
    assert head.test_cfg.score_thr == 0.0  # the best candidate counts however low it scores
    torch.nn.init.zeros_(head.bbox_head.fc_reg.weight)  # detections = candidates' boxes
    torch.nn.init.zeros_(head.bbox_head.fc_reg.bias)
    feats = (torch.rand(2, fused, 40, 56), )
    (p0, s0), (p1, s1) = page(seed=0, images=(3, 11)), page(seed=1, images=(7, ))
    open_pages = [InstanceData(bboxes=p.bboxes, scores=p.scores) for p in (p0, p1)]
    before = head.predict(feats, open_pages, [s0, s1], rescale=False)
    after = head.predict(feats, [p0, p1], [s0, s1], rescale=False)
    assert head._class_mask is None  # nothing left behind for the next call
    for props, res, res_open in zip((p0, p1), after, before):
        allowed = props.bboxes[props.class_mask[:, IMAGE]]
        allowed = torch.min(allowed, torch.tensor([448., 320., 448., 320.]))  # clipped
        images = res.bboxes[res.labels == IMAGE]
        assert len(images) >= 1  # every image detection is one of the page's image elements
        assert torch.cdist(images, allowed).min(1).values.max() < 1e-3
        names_open = res_open.scores[res_open.labels == 0]
        names = res.scores[res.labels == 0]
        assert names.max() >= names_open.max() - 1e-6  # masking never lowers another class
    open_images = before[0].bboxes[before[0].labels == IMAGE]
    assert len(open_images) > len(after[0].bboxes[after[0].labels == IMAGE])


def test_training_ignores_the_mask_and_mixed_batches_are_refused():
    head, fused = build_head('webdet_fast_rcnn_dom_mix_cpu.py')
    head.train()
    feats = (torch.rand(2, fused, 40, 56), )
    (p0, s0), (p1, s1) = page(seed=0), page(seed=1)
    torch.manual_seed(1)
    masked = head.loss(feats, [p0.clone(), p1.clone()], [s0, s1])
    torch.manual_seed(1)
    open_pages = [InstanceData(bboxes=p.bboxes.clone()) for p in (p0, p1)]
    plain = head.loss(feats, open_pages, [s0, s1])
    torch.testing.assert_close(masked['loss_cls'], plain['loss_cls'])
    head.eval()
    with pytest.raises(ValueError, match='some pages of the batch'):
        head.predict(feats, [p0, InstanceData(bboxes=p1.bboxes, scores=p1.scores)], [s0, s1])
    bad = InstanceData(bboxes=p0.bboxes, scores=p0.scores, class_mask=p0.class_mask[:, :2])
    with pytest.raises(ValueError, match='class_mask is'):
        head.predict((feats[0][:1], ), [bad], [s0])
