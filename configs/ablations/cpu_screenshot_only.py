# Ablation: no TextMap stream (screenshot features only).
_base_ = '../webdet_faster_rcnn_cpu.py'
model = dict(backbone=dict(use_textmap=False), neck=dict(in_channels=(192, )))
