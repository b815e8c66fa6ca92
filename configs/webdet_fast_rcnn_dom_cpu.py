# Baseline, the original TextMaps method: no RPN; the RoI head pools over the page's DOM
# candidates (visible leaf elements) on the same fused features (mmdet's TwoStageDetector
# without rpn_head uses data_sample.proposals).
_base_ = './webdet_faster_rcnn_cpu.py'

# the base's pipelines (Invert in training) with LoadDomCandidates inserted before LoadTextMap
_load = dict(type='LoadDomCandidates', key='proposals')
pipeline = _base_.pipeline[:4] + [_load] + _base_.pipeline[4:]
train_pipeline = _base_.train_pipeline[:5] + [_load] + _base_.train_pipeline[5:]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=pipeline))
test_dataloader = dict(dataset=dict(pipeline=pipeline))
# every element of the page is a candidate, hard negatives included: random RoI sampling (as
# measured in the README; the RPN configs mine hard examples among their proposals instead)
model = dict(type='TwoStageDetector', rpn_head=None,
             train_cfg=dict(rpn=None, rpn_proposal=None,
                            rcnn=dict(sampler=dict(type='RandomSampler', num=256))),
             test_cfg=dict(rpn=None))
