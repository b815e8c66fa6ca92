# The stock Faster R-CNN trained for the wall time of the full-resolution joint config's 1800
# iterations on 2 cores (8.8x slower per iteration: docs/experiments.md), same schedule shape.
_base_ = './faster-rcnn_r50_fpn_screenshot_cpu.py'

max_iters = 200
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, by_epoch=False, begin=0, end=max_iters // 18),
    dict(type='MultiStepLR', begin=0, end=max_iters, by_epoch=False,
         milestones=[int(max_iters * 0.75), int(max_iters * 0.9)], gamma=0.1),
]
default_hooks = dict(checkpoint=dict(interval=max_iters))
