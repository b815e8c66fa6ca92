# 4-step alternating training, step 2 (and the base of step 4): a Fast R-CNN (backbone + fusion
# + RoI head, no RPN) trained from scratch on the proposals of step 1, loaded from the dataset's
# proposal_file (tools/train_alternating.py sets it).
_base_ = '../webdet_faster_rcnn_cpu.py'

pipeline = [
    dict(type='LoadWebPage'),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='CropPageWindow', size=(896, 1280)),
    dict(type='Resize', scale_factor=0.5, keep_ratio=True),
    dict(type='LoadPageProposals', max_num=300),
    dict(type='LoadTextMap', n_features=128, scale=8),
    dict(type='PackWebInputs'),
]
train_pipeline = pipeline[:4] + [dict(type='Invert', prob=0.5)] + pipeline[4:]  # as the base
train_dataloader = dict(dataset=dict(pipeline=train_pipeline, proposal_file=None))
model = dict(type='TwoStageDetector', rpn_head=None,
             train_cfg=dict(rpn=None, rpn_proposal=None), test_cfg=dict(rpn=None))
val_cfg = None
val_dataloader = None
val_evaluator = None
