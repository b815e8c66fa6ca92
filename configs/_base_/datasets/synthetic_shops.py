# The default synthetic shops (tools/make_synthetic_pages.py data/synthetic), split by shop. The
# evaluators read each dataset's own ann_file: setting data_root in the datasets is enough.
# ---- frequently modified parameters ----
data_root = 'data/synthetic/'
page_window = (1280, 1280)  # (height, width) of the page window the model sees
textmap_channels = 128
batch_size = 2
num_workers = 2

dataset_type = 'WebPageDataset'
metainfo = dict(classes=('name', 'price', 'image'))
train_pipeline = [
    dict(type='LoadWebPage'),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='CropPageWindow', size=page_window),
    dict(type='LoadTextMap', n_features=textmap_channels, scale=8),
    dict(type='PackWebInputs'),
]
test_pipeline = train_pipeline
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
