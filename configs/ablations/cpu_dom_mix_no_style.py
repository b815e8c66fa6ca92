# Ablation: the DOM-candidate mixture config without the style channels (hashed words only).
_base_ = '../webdet_fast_rcnn_dom_mix_cpu.py'

train_pipeline = [dict(t, style=False) if t['type'] == 'LoadTextMap' else t
                  for t in _base_.train_pipeline]
test_pipeline = [dict(t, style=False) if t['type'] == 'LoadTextMap' else t
                 for t in _base_.test_pipeline]
train_dataloader = dict(dataset=dict(datasets=[
    dict(d, pipeline=train_pipeline) for d in _base_.train_dataloader.dataset.datasets]))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
model = dict(backbone=dict(text_style_channels=0))
