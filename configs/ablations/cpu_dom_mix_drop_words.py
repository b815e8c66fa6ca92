# Ablation: the DOM-candidate mixture config trained with random text nodes' hashed words zeroed
# (RandomDropWords: 30 % of the nodes, or a whole page at 20 %); their style channels stay.
_base_ = '../webdet_fast_rcnn_dom_mix_cpu.py'

train_pipeline = [t for t in _base_.train_pipeline]
train_pipeline.insert(-1, dict(type='RandomDropWords', prob=0.3, page_prob=0.2))  # before packing
train_dataloader = dict(dataset=dict(datasets=[
    dict(d, pipeline=train_pipeline) for d in _base_.train_dataloader.dataset.datasets]))
