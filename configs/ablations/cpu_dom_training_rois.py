# Ablation: the page's DOM candidates join the RPN's proposals as RoI-head training samples only
# (every element as an exact positive or hard negative); at test time the model detects from its
# RPN proposals alone, as the joint config does (the test pipeline loads no candidates).
_base_ = '../webdet_faster_rcnn_cpu.py'

train_pipeline = [
    dict(type='LoadWebPage'),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='CropPageWindow', size=(896, 1280)),
    dict(type='Resize', scale_factor=0.5, keep_ratio=True),
    dict(type='Invert', prob=0.5),  # as the base
    dict(type='LoadDomCandidates', key='dom_candidates'),
    dict(type='LoadTextMap', n_features=128, scale=8),
    dict(type='PackWebInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
model = dict(rpn_head=dict(type='HybridRPNHead', candidates_at_test=False))
