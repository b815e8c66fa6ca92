# The best joint config: the elements config at the page's full resolution, trained on random
# 384x1280 windows, with TextMap geometry channels and context around every RoI (CPU-sized).
_base_ = [
    '_base_/models/webdet_faster_rcnn_cpu.py', '_base_/datasets/synthetic_shops.py',
    '_base_/schedules/schedule_iter.py', '_base_/default_runtime.py'
]

# ---- frequently modified parameters ----
page_window = (896, 1280)  # (height, width) of the page top the model sees at test time
train_window = (384, 1280)  # random windows of it in training
textmap_channels = _base_.textmap_channels
context_scale = 2.0

train_pipeline = [
    dict(type='LoadWebPage'),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='RandomPageWindow', size=train_window, region=page_window, tries=40),
    dict(type='CropPageWindow', size=train_window, cut_labels='ignore'),
    dict(type='Invert', prob=0.5),
    dict(type='LoadDomCandidates', key='dom_candidates'),
    dict(type='LoadTextMap', n_features=textmap_channels, scale=8, geometry=True),
    dict(type='PackWebInputs'),
]
test_pipeline = [
    dict(type='LoadWebPage'),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='CropPageWindow', size=page_window),
    dict(type='LoadTextMap', n_features=textmap_channels, scale=8, geometry=True),
    dict(type='PackWebInputs'),
]
train_dataloader = dict(num_workers=1, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))

fused_channels = _base_.fused_channels
model = dict(
    backbone=dict(text_in_channels=textmap_channels, text_geometry_channels=4),
    rpn_head=dict(type='ElementRPNHead',
                  anchor_generator=dict(scales=[4, 5.66, 8, 11.3, 16, 22.6, 32, 45.3, 64])),
    roi_head=dict(
        bbox_roi_extractor=dict(type='ContextRoIExtractor', context_scale=context_scale),
        bbox_head=dict(in_channels=2 * fused_channels)),
    train_cfg=dict(
        rpn=dict(allowed_border=0,
                 assigner=dict(iou_calculator=dict(type='ChunkedBboxOverlaps2D'))),
        rcnn=dict(assigner=dict(neg_iou_thr=0.3, ignore_iof_thr=0.5))),
    # 300 proposals at test time: as accurate as 1000, 0.26 s/page faster (bench_extract.py)
    test_cfg=dict(rpn=dict(max_per_img=300), rcnn=dict(max_per_img=1000)))
optim_wrapper = dict(type='BF16OptimWrapper')  # float32 where the CPU lacks native bfloat16

max_iters = 1800
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, by_epoch=False, begin=0, end=100),
    dict(type='MultiStepLR', begin=0, end=max_iters, by_epoch=False, milestones=[1350, 1620],
         gamma=0.1),
]
default_hooks = dict(checkpoint=dict(interval=max_iters))
randomness = dict(seed=0)
