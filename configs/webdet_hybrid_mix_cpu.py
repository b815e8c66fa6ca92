# Hybrid proposals (RPN proposals and DOM candidates) trained on the mixture of synthetic shops
# and real designers' template pages, validated on saved real pages; with style channels beside
# the TextMap and a RoI head whose proposals attend to each other.
_base_ = ['_base_/models/webdet_faster_rcnn_cpu.py', '_base_/datasets/synthetic_shops_cpu.py',
          '_base_/schedules/schedule_2k.py', '_base_/default_runtime.py']

extra = dict(type='LoadDomCandidates', key='dom_candidates')
load_text = [
    dict(type='LoadTextMap', n_features=_base_.textmap_channels, scale=8, style=True),
    dict(type='PackWebInputs'),
]
train_pipeline = _base_.load_window + [dict(type='Invert', prob=0.5), extra] + load_text
test_pipeline = _base_.load_window + [extra] + load_text
_synthetic = dict(_base_.train_dataloader.dataset, pipeline=train_pipeline)
train_dataloader = dict(dataset=dict(
    _delete_=True, type='WebConcatDataset',
    datasets=[_synthetic, dict(_synthetic, data_root=_base_.template_root)]))
val_dataloader = dict(dataset=dict(data_root=_base_.real_root, pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
model = dict(
    backbone=dict(text_in_channels=_base_.textmap_channels, text_style_channels=13),
    rpn_head=dict(type='HybridRPNHead', candidate_score=1.0, dedup_iou=0.7),
    roi_head=dict(type='CandidateAttentionRoIHead',
                  bbox_head=dict(type='CandidateAttentionBBoxHead',
                                 attention=dict(type='CandidateAttention', num_heads=4))))
randomness = dict(seed=0)
