# The DOM-candidate config trained on the mixture: the synthetic shops and pages of real
# designers' templates (the dataset base's template_root), validated on saved real pages; with
# style channels beside the TextMap and a RoI head whose candidates attend to each other.
_base_ = ['_base_/models/webdet_fast_rcnn_dom_cpu.py', '_base_/datasets/synthetic_shops_cpu.py',
          '_base_/schedules/schedule_2k.py', '_base_/default_runtime.py']

extra = dict(type='LoadDomCandidates', key='proposals')  # every visible leaf element
# at test time the main image is one of the page's images (ClassMaskedRoIHead)
test_extra = dict(extra, class_tags=dict(image=('img', 'svg', 'canvas', 'video')),
                  classes=_base_.metainfo['classes'])
load_text = [
    dict(type='LoadTextMap', n_features=_base_.textmap_channels, scale=8, style=True),
    dict(type='PackWebInputs'),
]
train_pipeline = _base_.load_window + [dict(type='Invert', prob=0.5), extra] + load_text
test_pipeline = _base_.load_window + [test_extra] + load_text
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
                                 attention=dict(type='CandidateAttention', num_heads=4))),
    # a class's best candidate counts however low it scores, and none is cut: 3 classes of up to
    # 333 candidates (the real pages' windows hold at most 152)
    test_cfg=dict(rcnn=dict(score_thr=0.0, max_per_img=1000)))
randomness = dict(seed=0)
