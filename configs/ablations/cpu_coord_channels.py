# Ablation: two coordinate channels (column and row index / 64) join the fusion conv's input
# (CoordConv).
_base_ = '../webdet_faster_rcnn_cpu.py'
model = dict(neck=dict(coord_norm=64.0))
