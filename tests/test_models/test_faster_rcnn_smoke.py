"""The installed stack end to end: stock mmdet Faster R-CNN with PortableRoIPool on CPU."""
import torch
from mmdet.registry import MODELS
from mmdet.testing import demo_mm_inputs
from mmengine.config import ConfigDict


def toy_faster_rcnn_cfg(num_classes: int = 3) -> dict:
    return dict(
        type='FasterRCNN',
        data_preprocessor=dict(type='DetDataPreprocessor', mean=[128.] * 3, std=[64.] * 3,
                               bgr_to_rgb=False, pad_size_divisor=8),
        backbone=dict(type='ResNet', depth=18, base_channels=8, stem_channels=8, num_stages=2,
                      strides=(1, 2), dilations=(1, 1), out_indices=(1, ), norm_eval=False,
                      style='pytorch'),
        rpn_head=dict(
            type='RPNHead', in_channels=16, feat_channels=16, num_convs=2,
            anchor_generator=dict(type='AnchorGenerator', scales=[2, 4], ratios=[0.5, 1.0, 2.0],
                                  strides=[8]),
            bbox_coder=dict(type='DeltaXYWHBBoxCoder', target_means=[0.] * 4,
                            target_stds=[1.0] * 4),
            loss_cls=dict(type='CrossEntropyLoss', use_sigmoid=True, loss_weight=1.0),
            loss_bbox=dict(type='L1Loss', loss_weight=1.0)),
        roi_head=dict(
            type='StandardRoIHead',
            bbox_roi_extractor=dict(type='SingleRoIExtractor',
                                    roi_layer=dict(type='PortableRoIPool', output_size=7),
                                    out_channels=16, featmap_strides=[8]),
            bbox_head=dict(
                type='Shared2FCBBoxHead', in_channels=16, fc_out_channels=32, roi_feat_size=7,
                num_classes=num_classes,
                bbox_coder=dict(type='DeltaXYWHBBoxCoder', target_means=[0.] * 4,
                                target_stds=[0.1, 0.1, 0.2, 0.2]),
                reg_class_agnostic=False,
                loss_cls=dict(type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0),
                loss_bbox=dict(type='L1Loss', loss_weight=1.0))),
        train_cfg=dict(
            rpn=dict(assigner=dict(type='MaxIoUAssigner', pos_iou_thr=0.7, neg_iou_thr=0.3,
                                   min_pos_iou=0.3, ignore_iof_thr=-1),
                     sampler=dict(type='RandomSampler', num=64, pos_fraction=0.5,
                                  neg_pos_ub=-1, add_gt_as_proposals=False),
                     allowed_border=-1, pos_weight=-1, debug=False),
            rpn_proposal=dict(nms_pre=200, max_per_img=100, nms=dict(type='nms',
                                                                     iou_threshold=0.7),
                              min_bbox_size=0),
            rcnn=dict(assigner=dict(type='MaxIoUAssigner', pos_iou_thr=0.5, neg_iou_thr=0.5,
                                    min_pos_iou=0.5, ignore_iof_thr=-1),
                      sampler=dict(type='RandomSampler', num=64, pos_fraction=0.25,
                                   neg_pos_ub=-1, add_gt_as_proposals=True),
                      pos_weight=-1, debug=False)),
        test_cfg=dict(
            rpn=dict(nms_pre=200, max_per_img=100, nms=dict(type='nms', iou_threshold=0.7),
                     min_bbox_size=0),
            rcnn=dict(score_thr=0.0, nms=dict(type='nms', iou_threshold=0.5),
                      max_per_img=20)))


def test_faster_rcnn_loss_and_predict_on_cpu():
    model = MODELS.build(ConfigDict(toy_faster_rcnn_cfg()))
    assert type(model.roi_head.bbox_roi_extractor.roi_layers[0]).__name__ == 'PortableRoIPool'
    packed = demo_mm_inputs(batch_size=2, image_shapes=[(3, 128, 128), (3, 96, 128)],
                            num_items=[3, 2], num_classes=3)
    data = model.data_preprocessor(packed, training=True)
    losses = model.loss(data['inputs'], data['data_samples'])
    assert {'loss_rpn_cls', 'loss_rpn_bbox', 'loss_cls', 'loss_bbox'} <= set(losses)
    total = sum(v.sum() if isinstance(v, torch.Tensor) else sum(x.sum() for x in v)
                for k, v in losses.items() if 'loss' in k)
    assert torch.isfinite(total)
    total.backward()
    grad = model.backbone.conv1.weight.grad
    assert grad is not None and grad.abs().sum() > 0  # both heads reach the shared features

    model.eval()
    with torch.no_grad():
        data = model.data_preprocessor(packed, training=False)
        results = model.predict(data['inputs'], data['data_samples'])
    assert len(results) == 2
    for res, (h, w) in zip(results, [(128, 128), (96, 128)]):
        inst = res.pred_instances
        assert inst.bboxes.shape[1] == 4
        assert len(inst.bboxes) == len(inst.scores) == len(inst.labels) <= 20
        if len(inst.bboxes):
            assert inst.labels.max() < 3
            assert (inst.bboxes[:, 2] <= w + 1e-3).all() and (inst.bboxes[:, 3] <= h + 1e-3).all()
