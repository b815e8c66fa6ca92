# The best joint config: the elements config at the page's full resolution, trained on random
# 384x1280 windows, with TextMap geometry channels and context around every RoI (CPU-sized).
_base_ = [
    '_base_/models/webdet_faster_rcnn_fullres_cpu.py',
    '_base_/datasets/synthetic_shops_fullres_cpu.py', '_base_/schedules/schedule_1800.py',
    '_base_/default_runtime.py'
]

model = dict(backbone=dict(text_in_channels=_base_.textmap_channels))
optim_wrapper = dict(type='BF16OptimWrapper')  # float32 where the CPU lacks native bfloat16
default_hooks = dict(checkpoint=dict(interval=_base_.max_iters))
randomness = dict(seed=0)
