# Ablation: the full-resolution mixture config with training windows grown to hold a label up to
# 768 px tall (RandomPageWindow(max_height=768)): the template designs' main photos seen whole.
_base_ = '../webdet_faster_rcnn_fullres_mix_cpu.py'

max_height = 768
train_pipeline = [dict(t, max_height=max_height) if t['type'] == 'RandomPageWindow' else t
                  for t in _base_.train_pipeline]
train_dataloader = dict(dataset=dict(datasets=[
    dict(d, pipeline=train_pipeline) for d in _base_.train_dataloader.dataset.datasets]))
