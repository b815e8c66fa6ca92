# The full-resolution joint config trained on the mixture: the synthetic shops and pages of real
# designers' templates (the dataset base's template_root), validated on saved real pages; with
# style channels beside the TextMap and a RoI head whose proposals attend to each other.
_base_ = [
    '_base_/models/webdet_faster_rcnn_fullres_cpu.py',
    '_base_/datasets/synthetic_shops_fullres_cpu.py', '_base_/schedules/schedule_1800.py',
    '_base_/default_runtime.py'
]

train_pipeline = [dict(t, style=True) if t['type'] == 'LoadTextMap' else t
                  for t in _base_.train_pipeline]
test_pipeline = [dict(t, style=True) if t['type'] == 'LoadTextMap' else t
                 for t in _base_.test_pipeline]
_synthetic = dict(_base_.train_dataloader.dataset, pipeline=train_pipeline)
train_dataloader = dict(dataset=dict(
    _delete_=True, type='WebConcatDataset',
    datasets=[_synthetic, dict(_synthetic, data_root=_base_.template_root)]))
val_dataloader = dict(dataset=dict(data_root=_base_.real_root, pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
model = dict(
    backbone=dict(text_in_channels=_base_.textmap_channels, text_style_channels=13),
    roi_head=dict(type='CandidateAttentionRoIHead',
                  bbox_head=dict(type='CandidateAttentionBBoxHead',
                                 attention=dict(type='CandidateAttention', num_heads=4))))
optim_wrapper = dict(type='BF16OptimWrapper')  # float32 where the CPU lacks native bfloat16
default_hooks = dict(checkpoint=dict(interval=_base_.max_iters))
randomness = dict(seed=0)
