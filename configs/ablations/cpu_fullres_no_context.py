# Ablation: the full-resolution config without the context around its RoIs (the box only).
_base_ = '../webdet_faster_rcnn_fullres_cpu.py'

model = dict(roi_head=dict(
    bbox_roi_extractor=dict(_delete_=True, type='SingleRoIExtractor', roi_layer=_base_.roi_layer,
                            out_channels=_base_.fused_channels, featmap_strides=[8]),
    bbox_head=dict(in_channels=_base_.fused_channels)))
