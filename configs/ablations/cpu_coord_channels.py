# Ablation: two coordinate channels (column and row index / 64) join the fusion conv's input, so
# the fused map knows where on the page it is (CoordConv; cf. the position prior of the metric).
_base_ = '../webdet_faster_rcnn_cpu.py'
model = dict(neck=dict(coord_norm=64.0))
