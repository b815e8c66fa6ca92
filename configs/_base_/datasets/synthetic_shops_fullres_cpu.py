# The synthetic shops at full resolution for the CPU configs: random 384x1280 training windows
# of the top 896x1280, DOM candidates (the RPN's extra targets) and TextMap geometry channels;
# template_root: the mixture configs' second dataset. Inherits nothing.
# ---- frequently modified parameters ----
data_root = 'data/synthetic/'
template_root = 'data/templates/'
real_root = 'data/real/'  # saved real pages (tools/make_real_pages.py): the mixtures' val
page_window = (896, 1280)  # (height, width) of the page top the model sees at test time
train_window = (384, 1280)  # random windows of it in training
textmap_channels = 128
batch_size = 2
num_workers = 2

dataset_type = 'WebPageDataset'
metainfo = dict(classes=('name', 'price', 'image'))
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
train_dataloader = dict(
    batch_size=batch_size,
    num_workers=1,
    persistent_workers=True,
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
