# Ablation: the elements config with context around every RoI. ContextRoIExtractor pools each
# box and the box enlarged x2 about its centre (mmdet's roi_rescale) from the fused map and
# concatenates the two, so the bbox head sees the caption before a price, the name above it and
# the neighbours' font sizes -- what tells the main price from a related product's price or the
# cart button. The head's input doubles (2 x 64 channels); the rest is the elements config.
_base_ = '../webdet_faster_rcnn_elements_cpu.py'

context_scale = 2.0
model = dict(roi_head=dict(
    bbox_roi_extractor=dict(type='ContextRoIExtractor', context_scale=context_scale),
    bbox_head=dict(in_channels=2 * _base_.fused)))
