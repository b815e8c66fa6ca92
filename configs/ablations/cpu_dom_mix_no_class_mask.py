# Ablation (test time only): the DOM-candidate mixture config without the class mask; any
# candidate may be the main image, as in training.
_base_ = '../webdet_fast_rcnn_dom_mix_cpu.py'

test_pipeline = [dict(t, class_tags=None) if t['type'] == 'LoadDomCandidates' else t
                 for t in _base_.test_pipeline]
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
