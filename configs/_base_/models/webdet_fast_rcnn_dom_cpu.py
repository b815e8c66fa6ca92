# The original TextMaps method at the CPU widths: no RPN, the RoI head pools over the page's DOM
# candidates (visible leaf elements, from the pipeline) on the fused features. Inherits nothing.
# ---- frequently modified parameters ----
num_classes = 3
fused_channels = 64
roi_layer = dict(type='PortableRoIPool', output_size=7)  # RoIAlign: dict(type='RoIAlign', ...)

model = dict(
    type='TwoStageDetector',
    data_preprocessor=dict(
        type='WebDetDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        bgr_to_rgb=True,
        pad_size_divisor=32,
        textmap_scale=8),
    backbone=dict(
        type='TwoStreamBackbone',
        screenshot_channels=(48, 128, 192),
        kernel_sizes=(11, 5, 3),
        norm_cfg=dict(type='BN'),
        text_channels=48),  # text_in_channels: the dataset's textmap_channels (trained configs)
    neck=dict(type='FusionNeck', in_channels=(192, 48), out_channels=fused_channels,
              kernel_size=5),
    rpn_head=None,
    roi_head=dict(
        type='StandardRoIHead',
        bbox_roi_extractor=dict(type='SingleRoIExtractor', roi_layer=roi_layer,
                                out_channels=fused_channels, featmap_strides=[8]),
        bbox_head=dict(
            type='Shared2FCBBoxHead',
            in_channels=fused_channels,
            fc_out_channels=256,
            roi_feat_size=7,
            num_classes=num_classes,
            bbox_coder=dict(type='DeltaXYWHBBoxCoder', target_means=[0., 0., 0., 0.],
                            target_stds=[0.1, 0.1, 0.2, 0.2]),
            reg_class_agnostic=False,
            loss_cls=dict(type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0),
            loss_bbox=dict(type='SmoothL1Loss', beta=1.0, loss_weight=1.0))),
    train_cfg=dict(
        rpn=None,
        rpn_proposal=None,
        rcnn=dict(
            assigner=dict(type='MaxIoUAssigner', pos_iou_thr=0.5, neg_iou_thr=0.5,
                          min_pos_iou=0.5, match_low_quality=False, ignore_iof_thr=-1),
            # every element is a candidate, hard negatives included: random RoI sampling
            sampler=dict(type='RandomSampler', num=256, pos_fraction=0.25, neg_pos_ub=-1,
                         add_gt_as_proposals=True),
            pos_weight=-1, debug=False)),
    test_cfg=dict(
        rpn=None,
        # keep every class's best box: with 100, near-duplicate image boxes can crowd a class out
        rcnn=dict(score_thr=0.01, nms=dict(type='nms', iou_threshold=0.5), max_per_img=300)))
