# mmdet's stock Faster R-CNN (ResNet-50 + FPN, the model of faster-rcnn_r50_fpn_1x_coco.py) on the
# screenshot alone, randomly initialised, on the full-resolution joint config's data and schedule.
_base_ = [
    'mmdet::_base_/models/faster-rcnn_r50_fpn.py',
    '../_base_/datasets/synthetic_shops_fullres_cpu.py', '../_base_/schedules/schedule_1800.py',
    '../_base_/default_runtime.py'
]

train_pipeline = [
    dict(type='LoadWebPage'),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='RandomPageWindow', size=_base_.train_window, region=_base_.page_window, tries=40),
    dict(type='CropPageWindow', size=_base_.train_window, cut_labels='ignore'),
    dict(type='Invert', prob=0.5),
    dict(type='PackWebInputs'),
]
test_pipeline = [
    dict(type='LoadWebPage'),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='CropPageWindow', size=_base_.page_window),
    dict(type='PackWebInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))

# nothing can be downloaded: no ImageNet weights, so every stage trains and BN learns its statistics
model = dict(
    backbone=dict(frozen_stages=-1, norm_eval=False, init_cfg=None),
    roi_head=dict(bbox_head=dict(num_classes=3)))

default_hooks = dict(checkpoint=dict(interval=_base_.max_iters))
randomness = dict(seed=0)
