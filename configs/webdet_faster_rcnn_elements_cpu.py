# The CPU config with the RPN trained on every visible page element (ElementRPNHead; DOM
# candidates in training only), an ignore band for the RoI head and 1000 test proposals.
_base_ = ['_base_/models/webdet_faster_rcnn_cpu.py', '_base_/datasets/synthetic_shops_cpu.py',
          '_base_/schedules/schedule_1800.py', '_base_/default_runtime.py']

extra = dict(type='LoadDomCandidates', key='dom_candidates')  # the RPN's extra targets
train_pipeline = _base_.load_window + [dict(type='Invert', prob=0.5), extra] + _base_.load_text
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
model = dict(
    backbone=dict(text_in_channels=_base_.textmap_channels),
    rpn_head=dict(type='ElementRPNHead'),
    train_cfg=dict(
        rpn=dict(allowed_border=0,
                 assigner=dict(iou_calculator=dict(type='ChunkedBboxOverlaps2D'))),
        rcnn=dict(assigner=dict(neg_iou_thr=0.3))),
    test_cfg=dict(rpn=dict(max_per_img=1000), rcnn=dict(max_per_img=1000)))
default_hooks = dict(checkpoint=dict(interval=_base_.max_iters))
randomness = dict(seed=0)
