# Ablation: the elements config with the TextMap at the seed's resolution. The CPU configs
# resize the page by 0.5, so a TextMap cell at stride 8 covers 16 page pixels (the seed: 8);
# here the map is painted at 4 image pixels per cell and the text stream's 1x1 conv becomes a
# 2x2 conv with stride 2 (TwoStreamBackbone's text_stride), so each stride-8 cell sees where
# inside it a text line starts and ends.
_base_ = '../webdet_faster_rcnn_elements_cpu.py'

textmap_scale = 4
train_pipeline = [dict(t, scale=textmap_scale) if t['type'] == 'LoadTextMap' else t
                  for t in _base_.train_pipeline]
pipeline = [dict(t, scale=textmap_scale) if t['type'] == 'LoadTextMap' else t
            for t in _base_.pipeline]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=pipeline))
test_dataloader = dict(dataset=dict(pipeline=pipeline))
model = dict(data_preprocessor=dict(textmap_scale=textmap_scale), backbone=dict(text_stride=2))
