# 2000 iterations, the CPU configs' schedule: schedule_iter.py with a 100-iteration warm-up and
# the learning-rate steps at 75 / 90 % of 2000.
_base_ = './schedule_iter.py'

max_iters = 2000
train_cfg = dict(max_iters=max_iters)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, by_epoch=False, begin=0, end=100),
    dict(type='MultiStepLR', begin=0, end=max_iters, by_epoch=False,
         milestones=[int(max_iters * 0.75), int(max_iters * 0.9)], gamma=0.1),
]
