# Ablation: the elements config with the TextMap at the seed's 8 page pixels per cell (4 image
# pixels; the text stream's conv becomes 2x2 with stride 2).
_base_ = '../webdet_faster_rcnn_elements_cpu.py'

textmap_scale = 4
train_pipeline = [dict(t, scale=textmap_scale) if t['type'] == 'LoadTextMap' else t
                  for t in _base_.train_pipeline]
test_pipeline = [dict(t, scale=textmap_scale) if t['type'] == 'LoadTextMap' else t
                 for t in _base_.test_pipeline]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
model = dict(data_preprocessor=dict(textmap_scale=textmap_scale), backbone=dict(text_stride=2))
