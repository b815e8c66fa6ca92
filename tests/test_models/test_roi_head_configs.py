"""The RoI-head ablations of the elements config and the full-resolution config's RoI head
build, train and predict."""
import os.path as osp

import pytest
import torch
from mmdet.registry import MODELS, TASK_UTILS
from mmdet.structures import DetDataSample
from mmengine.config import Config
from mmengine.structures import InstanceData

CONFIGS = osp.abspath(osp.join(osp.dirname(__file__), '..', '..', 'configs'))


def run_head(name):
    """Build ``name``'s RoI head with its train/test settings; one loss + backward + predict on
    random features (64 channels, 40x56 cells at stride 8) with 60 random proposals."""
    cfg = Config.fromfile(osp.join(CONFIGS, 'ablations', name)).model
    head = MODELS.build(dict(cfg.roi_head, train_cfg=cfg.train_cfg.rcnn,
                             test_cfg=cfg.test_cfg.rcnn))
    fused = cfg.neck.out_channels
    torch.manual_seed(0)
    feats = (torch.rand(1, fused, 40, 56), )
    sample = DetDataSample(metainfo=dict(img_shape=(320, 448), scale_factor=(1., 1.)))
    sample.gt_instances = InstanceData(bboxes=torch.tensor([[20., 30., 120., 50.],
                                                            [200., 40., 400., 260.]]),
                                       labels=torch.tensor([1, 2]))
    xy = torch.rand(60, 2) * 300
    boxes = torch.cat([xy, xy + torch.rand(60, 2) * 100 + 8], 1)
    losses = head.loss(feats, [InstanceData(bboxes=boxes.clone())], [sample])
    loss_cls = {k: v for k, v in losses.items() if k.endswith('loss_cls')}
    assert loss_cls and all(torch.isfinite(v) for v in losses.values() if v.numel() == 1)
    sum(loss_cls.values()).backward()
    (result, ) = head.predict(feats, [InstanceData(bboxes=boxes, scores=torch.rand(60))],
                              [sample], rescale=False)
    assert result.bboxes.shape[1] == 4 and len(result.scores) == len(result.labels)
    assert len(result.labels) > 0 and (result.labels < 3).all()  # name, price, image
    return head, losses, fused


@pytest.mark.parametrize('name',
                         ['cpu_elements_context.py', '../webdet_faster_rcnn_fullres_cpu.py'])
def test_context_config_feeds_both_halves_to_the_head(name):
    head, _, fused = run_head(name)
    assert head.bbox_roi_extractor.out_channels == fused
    assert head.bbox_head.in_channels == 2 * fused
    grad = head.bbox_head.shared_fcs[0].weight.grad  # columns: the box's C x 7 x 7, then context
    assert grad[:, :fused * 49].abs().sum() > 0 and grad[:, fused * 49:].abs().sum() > 0


def test_cascade_config_trains_three_stages_on_shared_rois():
    head, losses, _ = run_head('cpu_elements_cascade.py')
    assert type(head).__name__ == 'CascadeRoIHead' and head.num_stages == 3
    assert {f's{i}.loss_bbox' for i in range(3)} <= set(losses)
    assert [a.pos_iou_thr for a in head.bbox_assigner] == [0.5, 0.6, 0.7]
    assert head.bbox_assigner[0].neg_iou_thr == 0.3  # the elements config's ignore band
    for stage in head.bbox_head:  # every stage's classifier learned from this step
        assert stage.fc_cls.weight.grad.abs().sum() > 0


@pytest.mark.parametrize('name', ['cpu_elements_context.py', 'cpu_elements_cascade.py'])
def test_roi_head_ablations_keep_the_elements_rpn(name):
    cfg = Config.fromfile(osp.join(CONFIGS, 'ablations', name))
    base = Config.fromfile(osp.join(CONFIGS, 'webdet_faster_rcnn_elements_cpu.py'))
    assert cfg.model.rpn_head == base.model.rpn_head
    assert cfg.model.train_cfg.rpn == base.model.train_cfg.rpn
    assert cfg.train_dataloader.dataset.pipeline == base.train_dataloader.dataset.pipeline


def test_fullres_without_context_pools_the_box_only():
    head, _, fused = run_head('cpu_fullres_no_context.py')
    assert type(head.bbox_roi_extractor).__name__ == 'SingleRoIExtractor'
    assert head.bbox_head.in_channels == fused


def test_fullres_roi_head_ignores_rois_inside_a_cut_label():
    """The label a training window cut (an ignored instance) is neither a positive nor, for the
    RoIs inside it, a negative; RoIs elsewhere stay negatives."""
    cfg = Config.fromfile(osp.join(CONFIGS, 'webdet_faster_rcnn_fullres_cpu.py')).model
    assigner = TASK_UTILS.build(cfg.train_cfg.rcnn.assigner)
    gt = InstanceData(bboxes=torch.tensor([[20., 30., 120., 50.]]), labels=torch.tensor([1]))
    cut = InstanceData(bboxes=torch.tensor([[200., 0., 400., 160.]]), labels=torch.tensor([2]))
    rois = InstanceData(priors=torch.tensor([[20., 30., 120., 50.],    # the label: positive
                                             [210., 10., 380., 150.],  # inside the cut label
                                             [500., 0., 600., 40.]]))  # elsewhere: negative
    result = assigner.assign(rois, gt, cut)
    assert result.gt_inds.tolist() == [1, -1, 0]
