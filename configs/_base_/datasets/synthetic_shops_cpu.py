# The synthetic shops for the CPU configs: the top 896x1280 of each page resized by 0.5; half of
# the training screenshots inverted (mmdet's Invert: dark shops light and light ones dark).
_base_ = './synthetic_shops.py'

# ---- frequently modified parameters ----
page_window = (896, 1280)  # covers every label of the training split (tools/anchor_stats.py)
resize = 0.5

# the steps before and after the ones a config adds (DOM candidates, proposals, augmentation)
load_window = [
    dict(type='LoadWebPage'),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='CropPageWindow', size=page_window),
    dict(type='Resize', scale_factor=resize, keep_ratio=True),
]
load_text = [
    dict(type='LoadTextMap', n_features=_base_.textmap_channels, scale=8),
    dict(type='PackWebInputs'),
]
train_pipeline = load_window + [dict(type='Invert', prob=0.5)] + load_text
test_pipeline = load_window + load_text
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
