# Hybrid proposals: RPN proposals ∪ DOM candidates (near-duplicates removed) feed the RoI head,
# at train and test time; RPN and RoI head still train jointly on the shared fused features.
_base_ = './webdet_faster_rcnn_cpu.py'

pipeline = [
    dict(type='LoadWebPage'),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='CropPageWindow', size=(896, 1280)),
    dict(type='Resize', scale_factor=0.5, keep_ratio=True),
    dict(type='LoadDomCandidates', key='dom_candidates'),
    dict(type='LoadTextMap', n_features=128, scale=8),
    dict(type='PackWebInputs'),
]
train_pipeline = pipeline[:4] + [dict(type='Invert', prob=0.5)] + pipeline[4:]  # as the base
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=pipeline))
test_dataloader = dict(dataset=dict(pipeline=pipeline))
model = dict(rpn_head=dict(type='HybridRPNHead', candidate_score=1.0, dedup_iou=0.7))
