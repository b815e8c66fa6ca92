# Ablation: RoIAlign instead of RoIPool in the RoI head.
_base_ = '../webdet_faster_rcnn_cpu.py'
model = dict(roi_head=dict(bbox_roi_extractor=dict(
    roi_layer=dict(_delete_=True, type='RoIAlign', output_size=7, sampling_ratio=0))))
