# The seed network at half the widths, with anchors and proposal budgets for the 0.5-resized
# page windows of the CPU configs (448x640 inputs).
_base_ = './webdet_faster_rcnn.py'

fused_channels = 64
model = dict(
    backbone=dict(screenshot_channels=(48, 128, 192)),
    neck=dict(in_channels=(192, 48), out_channels=fused_channels),
    rpn_head=dict(in_channels=fused_channels, feat_channels=fused_channels,
                  anchor_generator=dict(scales=[2, 2.83, 4, 5.66, 8, 11.3, 16, 22.6, 32])),
    roi_head=dict(bbox_roi_extractor=dict(out_channels=fused_channels),
                  bbox_head=dict(in_channels=fused_channels, fc_out_channels=256)),
    # nms_pre per ratio group: 5 x 800 before NMS in training, 5 x 2000 at test time
    train_cfg=dict(rpn_proposal=dict(nms_pre=800, max_per_img=500)),
    test_cfg=dict(rpn=dict(nms_pre=2000, max_per_img=300)))
