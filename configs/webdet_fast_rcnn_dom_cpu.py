# Baseline, the original TextMaps method: no RPN; the RoI head pools over the page's DOM
# candidates (visible leaf elements) on the same fused features (CPU-sized).
_base_ = ['_base_/models/webdet_fast_rcnn_dom_cpu.py', '_base_/datasets/synthetic_shops_cpu.py',
          '_base_/schedules/schedule_2k.py', '_base_/default_runtime.py']

extra = dict(type='LoadDomCandidates', key='proposals')  # every visible leaf element
train_pipeline = _base_.load_window + [dict(type='Invert', prob=0.5), extra] + _base_.load_text
test_pipeline = _base_.load_window + [extra] + _base_.load_text
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
model = dict(backbone=dict(text_in_channels=_base_.textmap_channels))
randomness = dict(seed=0)
