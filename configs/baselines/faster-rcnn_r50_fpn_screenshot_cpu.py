# mmdet's stock Faster R-CNN (ResNet-50 + FPN, the model of faster-rcnn_r50_fpn_1x_coco.py) on the
# screenshot alone, randomly initialised, on the full-resolution joint config's data and schedule.
_base_ = [
    'mmdet::_base_/models/faster-rcnn_r50_fpn.py', '../_base_/datasets/synthetic_shops.py',
    '../_base_/schedules/schedule_iter.py', '../_base_/default_runtime.py'
]

# ---- frequently modified parameters ----
page_window = (896, 1280)  # (height, width) of the page top the model sees at test time
train_window = (384, 1280)  # random windows of it in training
max_iters = 1800

train_pipeline = [
    dict(type='LoadWebPage'),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='RandomPageWindow', size=train_window, region=page_window, tries=40),
    dict(type='CropPageWindow', size=train_window, cut_labels='ignore'),
    dict(type='Invert', prob=0.5),
    dict(type='PackWebInputs'),
]
test_pipeline = [
    dict(type='LoadWebPage'),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='CropPageWindow', size=page_window),
    dict(type='PackWebInputs'),
]
train_dataloader = dict(num_workers=1, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))

# nothing can be downloaded: no ImageNet weights, so every stage trains and BN learns its statistics
model = dict(
    backbone=dict(frozen_stages=-1, norm_eval=False, init_cfg=None),
    roi_head=dict(bbox_head=dict(num_classes=3)))

train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, by_epoch=False, begin=0, end=100),
    dict(type='MultiStepLR', begin=0, end=max_iters, by_epoch=False,
         milestones=[int(max_iters * 0.75), int(max_iters * 0.9)], gamma=0.1),
]
default_hooks = dict(checkpoint=dict(interval=max_iters))
randomness = dict(seed=0)
