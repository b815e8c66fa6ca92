# 4-step alternating training, step 2 (and the base of step 4): a Fast R-CNN (backbone + fusion
# + RoI head, no RPN) trained from scratch on the proposals of step 1, loaded from the dataset's
# proposal_file (tools/train_alternating.py sets it).
_base_ = '../webdet_faster_rcnn_cpu.py'

# the base's pipelines (Invert in training) with LoadPageProposals inserted before LoadTextMap
_load = dict(type='LoadPageProposals', max_num=300)
pipeline = _base_.pipeline[:4] + [_load] + _base_.pipeline[4:]
train_pipeline = _base_.train_pipeline[:5] + [_load] + _base_.train_pipeline[5:]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline, proposal_file=None))
model = dict(type='TwoStageDetector', rpn_head=None,
             train_cfg=dict(rpn=None, rpn_proposal=None), test_cfg=dict(rpn=None))
val_cfg = None
val_dataloader = None
val_evaluator = None
