# Ablation: no screenshot stream (TextMap features only).
_base_ = '../webdet_faster_rcnn_cpu.py'
model = dict(backbone=dict(use_screenshot=False), neck=dict(in_channels=(48, )))
