# Tiny config for smoke tests of train / test / resume / dist (a few iterations, tiny widths).
# Tests write a child config that points data_root at a small generated dataset.
_base_ = '../webdet_faster_rcnn_cpu.py'

page_window = (512, 1280)
textmap_channels = 16
pipeline = [
    dict(type='LoadWebPage'),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='CropPageWindow', size=page_window),
    dict(type='Resize', scale_factor=0.25, keep_ratio=True),
    dict(type='LoadTextMap', n_features=textmap_channels, scale=8),
    dict(type='PackWebInputs'),
]
train_dataloader = dict(batch_size=2, num_workers=0, persistent_workers=False,
                        dataset=dict(pipeline=pipeline))
val_dataloader = dict(num_workers=0, persistent_workers=False, dataset=dict(pipeline=pipeline))
test_dataloader = dict(num_workers=0, persistent_workers=False, dataset=dict(pipeline=pipeline))
fused_channels = 16
model = dict(
    backbone=dict(screenshot_channels=(8, 16, 16), text_in_channels=textmap_channels,
                  text_channels=8),
    neck=dict(in_channels=(16, 8), out_channels=fused_channels),
    rpn_head=dict(in_channels=fused_channels, feat_channels=fused_channels,
                  anchor_generator=dict(scales=[1, 2, 4, 8])),
    roi_head=dict(bbox_roi_extractor=dict(out_channels=fused_channels),
                  bbox_head=dict(in_channels=fused_channels, fc_out_channels=32)),
    train_cfg=dict(rpn=dict(sampler=dict(num=64)), rcnn=dict(sampler=dict(num=64)),
                   rpn_proposal=dict(nms_pre=40, max_per_img=50)),
    test_cfg=dict(rpn=dict(nms_pre=40, max_per_img=50), rcnn=dict(score_thr=0.0)))
max_iters = 6
train_cfg = dict(max_iters=max_iters, val_interval=3)
param_scheduler = [dict(type='ConstantLR', factor=1.0, by_epoch=False, begin=0, end=max_iters)]
default_hooks = dict(checkpoint=dict(interval=3), logger=dict(interval=1))
