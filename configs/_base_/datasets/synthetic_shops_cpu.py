# The synthetic shops for the CPU configs: the top 896x1280 of each page resized by 0.5, half of
# the training screenshots inverted (mmdet's Invert); template_root: the mixture configs' second
# dataset (tools/make_template_pages.py). Inherits nothing; evaluators read each dataset's ann_file.
# ---- frequently modified parameters ----
data_root = 'data/synthetic/'
template_root = 'data/templates/'
real_root = 'data/real/'  # saved real pages (tools/make_real_pages.py): the mixtures' val
page_window = (896, 1280)  # covers every label of the training split (tools/anchor_stats.py)
resize = 0.5
textmap_channels = 128
batch_size = 2
num_workers = 2

dataset_type = 'WebPageDataset'
metainfo = dict(classes=('name', 'price', 'image'))
# the steps before and after the ones a config adds (DOM candidates, proposals, augmentation)
load_window = [
    dict(type='LoadWebPage'),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='CropPageWindow', size=page_window),
    dict(type='Resize', scale_factor=resize, keep_ratio=True),
]
load_text = [
    dict(type='LoadTextMap', n_features=textmap_channels, scale=8),
    dict(type='PackWebInputs'),
]
train_pipeline = load_window + [dict(type='Invert', prob=0.5)] + load_text
test_pipeline = load_window + load_text
train_dataloader = dict(
    batch_size=batch_size,
    num_workers=num_workers,
    persistent_workers=num_workers > 0,
    sampler=dict(type='DefaultSampler', shuffle=True),
    batch_sampler=dict(type='AspectRatioBatchSampler'),
    dataset=dict(type=dataset_type, data_root=data_root, metainfo=metainfo,
                 ann_file='annotations/train.json', data_prefix=dict(img=''),
                 filter_cfg=dict(filter_empty_gt=True, min_size=1), pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=1,
    num_workers=num_workers,
    persistent_workers=num_workers > 0,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type=dataset_type, data_root=data_root, metainfo=metainfo,
                 ann_file='annotations/val.json', data_prefix=dict(img=''), test_mode=True,
                 pipeline=test_pipeline))
test_dataloader = dict(
    batch_size=1,
    num_workers=num_workers,
    persistent_workers=num_workers > 0,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type=dataset_type, data_root=data_root, metainfo=metainfo,
                 ann_file='annotations/test.json', data_prefix=dict(img=''), test_mode=True,
                 pipeline=test_pipeline))
val_evaluator = [dict(type='WebElementAccuracy', iou_thr=0.5), dict(type='WebCocoMetric')]
test_evaluator = val_evaluator
