# Ablation: the CPU config with the page's DOM candidates as extra RoI-head training samples;
# at test time the model detects from its RPN proposals alone.
_base_ = '../webdet_faster_rcnn_cpu.py'

extra = dict(type='LoadDomCandidates', key='dom_candidates')
train_pipeline = _base_.load_window + [dict(type='Invert', prob=0.5), extra] + _base_.load_text
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
model = dict(rpn_head=dict(type='HybridRPNHead', candidates_at_test=False))
