# The seed network at 1280x1280 with a jointly trained RPN (GPU-sized).
_base_ = [
    '_base_/models/webdet_faster_rcnn.py', '_base_/datasets/synthetic_shops.py',
    '_base_/schedules/schedule_iter.py', '_base_/default_runtime.py'
]
model = dict(backbone=dict(text_in_channels=_base_.textmap_channels))
