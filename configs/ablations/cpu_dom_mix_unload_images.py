# Ablation: the DOM-candidate mixture config trained with a quarter of its pages' photos
# unloaded (img boxes painted over in the screenshot; the DOM keeps them).
_base_ = '../webdet_fast_rcnn_dom_mix_cpu.py'

train_pipeline = [t for t in _base_.train_pipeline if t['type'] != 'Invert']
train_pipeline.insert(len(_base_.load_window), dict(type='UnloadImages', prob=0.25))
train_pipeline.insert(len(_base_.load_window) + 1, dict(type='Invert', prob=0.5))
train_dataloader = dict(dataset=dict(datasets=[
    dict(d, pipeline=train_pipeline) for d in _base_.train_dataloader.dataset.datasets]))
