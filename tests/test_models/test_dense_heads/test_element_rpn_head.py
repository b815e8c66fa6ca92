"""ElementRPNHead: every DOM candidate is an RPN target in training; prediction is unchanged."""
import pytest
import torch
from mmdet.registry import MODELS
from mmdet.structures import DetDataSample
from mmdet.structures.bbox import HorizontalBoxes, bbox_overlaps
from mmengine.config import ConfigDict
from mmengine.structures import InstanceData

from webdet_plugin.models import element_targets

IMG = (64, 128)  # h, w
LABELLED = [[8., 8., 40., 24.]]
UNLABELLED = [[72., 40., 120., 56.]]  # another element of the page, not labelled


def sample(candidates=True):
    s = DetDataSample(metainfo=dict(img_shape=IMG, pad_shape=IMG, scale_factor=(1., 1.),
                                    img_path='pages/p0/screenshot.png'))
    s.gt_instances = InstanceData(bboxes=HorizontalBoxes(torch.tensor(LABELLED)),
                                  labels=torch.tensor([2]))
    if candidates:
        s.dom_candidates = InstanceData(bboxes=torch.tensor(LABELLED + UNLABELLED),
                                        scores=torch.ones(2))
    return s


def head(kind, train_cfg):
    return MODELS.build(dict(
        type=kind, in_channels=4, feat_channels=4, num_convs=1, train_cfg=train_cfg,
        test_cfg=ConfigDict(nms_pre=100, max_per_img=50, min_bbox_size=0,
                            nms=dict(type='nms', iou_threshold=0.7)),
        anchor_generator=dict(type='AnchorGenerator', scales=[4], ratios=[0.25, 0.5],
                              strides=[8]),
        bbox_coder=dict(type='DeltaXYWHBBoxCoder', target_means=[0.] * 4,
                        target_stds=[1.] * 4)))


def test_targets_are_labels_and_candidates():
    s = sample()
    t = element_targets(s)
    assert t.gt_instances.bboxes.tolist() == LABELLED + LABELLED + UNLABELLED
    assert t.gt_instances.labels.tolist() == [0, 0, 0]
    assert t.metainfo == s.metainfo
    assert s.gt_instances.labels.tolist() == [2]  # the sample itself is left alone


def test_missing_candidates_name_the_page():
    with pytest.raises(KeyError, match="pages/p0/screenshot.png.*LoadDomCandidates"):
        element_targets(sample(candidates=False))


def _unlabelled_score(kind, train_cfg, steps=60):
    """Train a tiny head on fixed features; objectness at the unlabelled element afterwards."""
    torch.manual_seed(0)
    model = head(kind, train_cfg)
    feats = (torch.randn(1, 4, IMG[0] // 8, IMG[1] // 8), )
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    for _ in range(steps):
        losses = model.loss(feats, [sample()])
        loss = sum(v if isinstance(v, torch.Tensor) else sum(v) for v in losses.values())
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        props = model.predict(feats, [sample()])[0]
    iou = bbox_overlaps(torch.tensor(UNLABELLED), props.bboxes)[0]
    near = iou >= 0.5
    return float(props.scores[near].max()) if near.any() else 0.0


def test_unlabelled_elements_become_objects(rpn_train_cfg):
    plain = _unlabelled_score('AnchorGroupRPNHead', rpn_train_cfg)
    element = _unlabelled_score('ElementRPNHead', rpn_train_cfg)
    assert element > 0.5 > plain


def test_prediction_needs_no_candidates(rpn_train_cfg):
    model = head('ElementRPNHead', rpn_train_cfg)
    model.eval()
    feats = (torch.randn(1, 4, IMG[0] // 8, IMG[1] // 8), )
    with torch.no_grad():
        props = model.predict(feats, [sample(candidates=False)])[0]
    assert props.bboxes.shape[1] == 4 and len(props) > 0
