# Hybrid proposals: RPN proposals ∪ DOM candidates (near-duplicates removed) feed the RoI head,
# at train and test time; RPN and RoI head still train jointly on the shared fused features.
_base_ = './webdet_faster_rcnn_cpu.py'

# the base's pipelines (Invert in training) with LoadDomCandidates inserted before LoadTextMap
_load = dict(type='LoadDomCandidates', key='dom_candidates')
pipeline = _base_.pipeline[:4] + [_load] + _base_.pipeline[4:]
train_pipeline = _base_.train_pipeline[:5] + [_load] + _base_.train_pipeline[5:]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=pipeline))
test_dataloader = dict(dataset=dict(pipeline=pipeline))
model = dict(rpn_head=dict(type='HybridRPNHead', candidate_score=1.0, dedup_iou=0.7))
