# Baseline, the original TextMaps method: no RPN; the RoI head pools over the page's DOM
# candidates (visible leaf elements) on the same fused features (mmdet's TwoStageDetector
# without rpn_head uses data_sample.proposals).
_base_ = './webdet_faster_rcnn_cpu.py'

pipeline = [
    dict(type='LoadWebPage'),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='CropPageWindow', size=(896, 1280)),
    dict(type='Resize', scale_factor=0.5, keep_ratio=True),
    dict(type='LoadDomCandidates', key='proposals'),
    dict(type='LoadTextMap', n_features=128, scale=8),
    dict(type='PackWebInputs'),
]
train_pipeline = pipeline[:4] + [dict(type='Invert', prob=0.5)] + pipeline[4:]  # as the base
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=pipeline))
test_dataloader = dict(dataset=dict(pipeline=pipeline))
# every element of the page is a candidate, hard negatives included: random RoI sampling (as
# measured in the README; the RPN configs mine hard examples among their proposals instead)
model = dict(type='TwoStageDetector', rpn_head=None,
             train_cfg=dict(rpn=None, rpn_proposal=None,
                            rcnn=dict(sampler=dict(type='RandomSampler', num=256))),
             test_cfg=dict(rpn=None))
