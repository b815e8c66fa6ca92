# Hybrid proposals: RPN proposals and DOM candidates (near-duplicates removed) feed the RoI head
# at train and test time; RPN and RoI head train jointly on the fused features (CPU-sized).
_base_ = ['_base_/models/webdet_faster_rcnn_cpu.py', '_base_/datasets/synthetic_shops_cpu.py',
          '_base_/schedules/schedule_2k.py', '_base_/default_runtime.py']

extra = dict(type='LoadDomCandidates', key='dom_candidates')
train_pipeline = _base_.load_window + [dict(type='Invert', prob=0.5), extra] + _base_.load_text
test_pipeline = _base_.load_window + [extra] + _base_.load_text
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
model = dict(backbone=dict(text_in_channels=_base_.textmap_channels),
             rpn_head=dict(type='HybridRPNHead', candidate_score=1.0, dedup_iou=0.7))
randomness = dict(seed=0)
