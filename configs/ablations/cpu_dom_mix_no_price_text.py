# Ablation: the DOM-candidate mixture config without the price_text style channel (the other
# twelve style channels stay).
_base_ = '../webdet_fast_rcnn_dom_mix_cpu.py'

style = ('font_size', 'font_size_of_page_max', 'font_weight', 'strike', 'contrast', 'in_h1',
         'in_h2_h6', 'in_link', 'in_button', 'in_label', 'image', 'image_area_of_page_max')
train_pipeline = [dict(t, style=style) if t['type'] == 'LoadTextMap' else t
                  for t in _base_.train_pipeline]
test_pipeline = [dict(t, style=style) if t['type'] == 'LoadTextMap' else t
                 for t in _base_.test_pipeline]
train_dataloader = dict(dataset=dict(datasets=[
    dict(d, pipeline=train_pipeline) for d in _base_.train_dataloader.dataset.datasets]))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
model = dict(backbone=dict(text_style_channels=12))
