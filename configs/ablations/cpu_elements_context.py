# Ablation: the elements config with context around every RoI (ContextRoIExtractor: each box
# and the box x2 about its centre, concatenated).
_base_ = '../webdet_faster_rcnn_elements_cpu.py'

context_scale = 2.0
model = dict(roi_head=dict(
    bbox_roi_extractor=dict(type='ContextRoIExtractor', context_scale=context_scale),
    bbox_head=dict(in_channels=2 * _base_.fused_channels)))
