# Ablation: no batch normalisation in the screenshot stream.
_base_ = '../webdet_faster_rcnn_cpu.py'
model = dict(backbone=dict(norm_cfg=None))
