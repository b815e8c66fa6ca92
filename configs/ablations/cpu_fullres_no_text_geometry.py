# Ablation: the full-resolution config without the TextMap geometry channels (hashed words
# only, as the seed's TextMap).
_base_ = '../webdet_faster_rcnn_fullres_cpu.py'

train_pipeline = [dict(t, geometry=False) if t['type'] == 'LoadTextMap' else t
                  for t in _base_.train_pipeline]
test_pipeline = [dict(t, geometry=False) if t['type'] == 'LoadTextMap' else t
                 for t in _base_.test_pipeline]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
model = dict(backbone=dict(text_geometry_channels=0))
