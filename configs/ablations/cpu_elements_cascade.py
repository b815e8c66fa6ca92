# Ablation: the elements config with mmdet's CascadeRoIHead (3 stages at IoU 0.5 / 0.6 / 0.7,
# class-agnostic regression) instead of the StandardRoIHead.
_base_ = '../webdet_faster_rcnn_elements_cpu.py'

stage_iou_thrs = [(0.5, 0.3), (0.6, 0.6), (0.7, 0.7)]  # (positive, negative) per stage
stage_target_stds = [[0.1, 0.1, 0.2, 0.2], [0.05, 0.05, 0.1, 0.1], [0.033, 0.033, 0.067, 0.067]]
_head = _base_.model.roi_head.bbox_head
model = dict(
    roi_head=dict(
        _delete_=True,
        type='CascadeRoIHead',
        num_stages=3,
        stage_loss_weights=[1, 0.5, 0.25],
        bbox_roi_extractor=_base_.model.roi_head.bbox_roi_extractor,
        bbox_head=[
            dict(_head, reg_class_agnostic=True,
                 bbox_coder=dict(_head.bbox_coder, target_stds=stds))
            for stds in stage_target_stds
        ]),
    train_cfg=dict(rcnn=[
        dict(_base_.model.train_cfg.rcnn,
             assigner=dict(_base_.model.train_cfg.rcnn.assigner, pos_iou_thr=pos,
                           neg_iou_thr=neg, min_pos_iou=pos))
        for pos, neg in stage_iou_thrs
    ]))
