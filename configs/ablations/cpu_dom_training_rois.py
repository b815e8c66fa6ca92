# Ablation: the page's DOM candidates join the RPN's proposals as RoI-head training samples only
# (every element as an exact positive or hard negative); at test time the model detects from its
# RPN proposals alone, as the joint config does (the test pipeline loads no candidates).
_base_ = '../webdet_faster_rcnn_cpu.py'

# the base's training pipeline with the candidates before LoadTextMap
train_pipeline = (_base_.train_pipeline[:5] + [dict(type='LoadDomCandidates', key='dom_candidates')]
                  + _base_.train_pipeline[5:])
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
model = dict(rpn_head=dict(type='HybridRPNHead', candidates_at_test=False))
