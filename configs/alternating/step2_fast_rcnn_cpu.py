# 4-step alternating training, step 2 (and the base of step 4): a Fast R-CNN (no RPN) trained
# from scratch on step 1's proposals (the dataset's proposal_file, set by train_alternating.py).
_base_ = ['../_base_/models/webdet_faster_rcnn_cpu.py', '../_base_/datasets/synthetic_shops_cpu.py',
          '../_base_/schedules/schedule_2k.py', '../_base_/default_runtime.py']

extra = dict(type='LoadPageProposals', max_num=300)  # step 1's proposals
train_pipeline = _base_.load_window + [dict(type='Invert', prob=0.5), extra] + _base_.load_text
train_dataloader = dict(dataset=dict(pipeline=train_pipeline, proposal_file=None))
model = dict(type='TwoStageDetector', rpn_head=None,
             backbone=dict(text_in_channels=_base_.textmap_channels),
             train_cfg=dict(rpn=None, rpn_proposal=None), test_cfg=dict(rpn=None))
val_cfg = None
val_dataloader = None
val_evaluator = None
randomness = dict(seed=0)
