# The seed network at half the widths on the top 896x1280 of each page resized by 0.5, joint
# training, 2000 iterations (CPU-sized).
_base_ = ['_base_/models/webdet_faster_rcnn_cpu.py', '_base_/datasets/synthetic_shops_cpu.py',
          '_base_/schedules/schedule_2k.py', '_base_/default_runtime.py']

model = dict(backbone=dict(text_in_channels=_base_.textmap_channels))
randomness = dict(seed=0)
