# Ablation: the full-resolution config without the TextMap geometry channels (hashed words
# only, as the seed's TextMap). Up to commit 7657d76 the full-resolution config was this with
# two dataloader workers, 1500 iterations, no context around the RoIs and cut labels clipped
# (docs/experiments.md, full-resolution rows 1-7).
_base_ = '../webdet_faster_rcnn_fullres_cpu.py'

train_pipeline = [dict(t, geometry=False) if t['type'] == 'LoadTextMap' else t
                  for t in _base_.train_pipeline]
pipeline = [dict(t, geometry=False) if t['type'] == 'LoadTextMap' else t for t in _base_.pipeline]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=pipeline))
test_dataloader = dict(dataset=dict(pipeline=pipeline))
model = dict(backbone=dict(text_geometry_channels=0))
