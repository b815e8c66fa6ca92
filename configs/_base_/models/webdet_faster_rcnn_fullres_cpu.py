# The full-resolution joint model (CPU-sized widths): RPN trained on every visible element
# (ElementRPNHead), TextMap geometry channels, context around every RoI. Inherits nothing.
# ---- frequently modified parameters ----
num_classes = 3
fused_channels = 64
anchor_ratios = [0.04, 0.1, 0.25, 0.6, 1.4]  # h/w, from tools/anchor_stats.py
anchor_scales = [4, 5.66, 8, 11.3, 16, 22.6, 32, 45.3, 64]  # half octaves, in cells of 8 px
ratio_groups = [[0], [1], [2], [3], [4]]  # nms_pre runs per group (AnchorGroupRPNHead)
roi_layer = dict(type='PortableRoIPool', output_size=7)  # RoIAlign: dict(type='RoIAlign', ...)
context_scale = 2.0  # each RoI pooled with the box x2 about its centre (ContextRoIExtractor)
text_geometry_channels = 4

model = dict(
    type='FasterRCNN',
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
        text_channels=48,  # text_in_channels: the dataset's textmap_channels (trained configs)
        text_geometry_channels=text_geometry_channels),
    neck=dict(type='FusionNeck', in_channels=(192, 48), out_channels=fused_channels,
              kernel_size=5),
    rpn_head=dict(
        type='ElementRPNHead',  # DOM elements as extra RPN targets in training
        ratio_groups=ratio_groups,
        in_channels=fused_channels,
        feat_channels=fused_channels,
        num_convs=2,
        anchor_generator=dict(type='AnchorGenerator', scales=anchor_scales,
                              ratios=anchor_ratios, strides=[8]),
        bbox_coder=dict(type='DeltaXYWHBBoxCoder', target_means=[.0, .0, .0, .0],
                        target_stds=[1.0, 1.0, 1.0, 1.0]),
        loss_cls=dict(type='CrossEntropyLoss', use_sigmoid=True, loss_weight=1.0),
        loss_bbox=dict(type='SmoothL1Loss', beta=1.0 / 9.0, loss_weight=1.0)),
    roi_head=dict(
        type='StandardRoIHead',
        bbox_roi_extractor=dict(type='ContextRoIExtractor', context_scale=context_scale,
                                roi_layer=roi_layer,
                                out_channels=fused_channels, featmap_strides=[8]),
        bbox_head=dict(
            type='Shared2FCBBoxHead',
            in_channels=2 * fused_channels,  # the box's and its context's features
            fc_out_channels=256,
            roi_feat_size=7,
            num_classes=num_classes,
            bbox_coder=dict(type='DeltaXYWHBBoxCoder', target_means=[0., 0., 0., 0.],
                            target_stds=[0.1, 0.1, 0.2, 0.2]),
            reg_class_agnostic=False,
            loss_cls=dict(type='CrossEntropyLoss', use_sigmoid=False, loss_weight=1.0),
            loss_bbox=dict(type='SmoothL1Loss', beta=1.0, loss_weight=1.0))),
    train_cfg=dict(
        rpn=dict(
            # pos_iou_thr 0.5, not 0.7: a price's best anchor seldom reaches 0.7 at stride 8
            assigner=dict(type='MaxIoUAssigner', pos_iou_thr=0.5, neg_iou_thr=0.3,
                          min_pos_iou=0.3, match_low_quality=True, ignore_iof_thr=-1,
                          iou_calculator=dict(type='ChunkedBboxOverlaps2D')),
            # every labelled element's positives first, then the image's hundreds
            sampler=dict(type='CombinedSampler', num=256, pos_fraction=0.5, neg_pos_ub=-1,
                         add_gt_as_proposals=False,
                         pos_sampler=dict(type='StableInstanceBalancedPosSampler'),
                         neg_sampler=dict(type='RandomSampler')),
            allowed_border=0, pos_weight=-1, debug=False),
        # nms_pre per ratio group: 5 x 800 before NMS in training, 5 x 2000 at test time
        rpn_proposal=dict(nms_pre=800, max_per_img=500,
                          nms=dict(type='nms', iou_threshold=0.7), min_bbox_size=0),
        rcnn=dict(
            # labels cut by the training window: RoIs mostly inside one are ignored
            assigner=dict(type='MaxIoUAssigner', pos_iou_thr=0.5, neg_iou_thr=0.3,
                          min_pos_iou=0.5, match_low_quality=False, ignore_iof_thr=0.5),
            # online hard example mining: related products' prices, captions next to a price
            sampler=dict(type='OHEMSampler', num=512, pos_fraction=0.25, neg_pos_ub=-1,
                         add_gt_as_proposals=True),
            pos_weight=-1, debug=False)),
    # 300 proposals at test time: as accurate as 1000, 0.26 s/page faster (bench_extract.py)
    test_cfg=dict(
        rpn=dict(nms_pre=2000, max_per_img=300, nms=dict(type='nms', iou_threshold=0.7),
                 min_bbox_size=0),
        # keep every class's best box: with 100, near-duplicate image boxes can crowd a class out
        rcnn=dict(score_thr=0.01, nms=dict(type='nms', iou_threshold=0.5), max_per_img=1000)))
