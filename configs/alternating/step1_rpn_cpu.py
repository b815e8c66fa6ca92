# 4-step alternating training (Ren et al., Faster R-CNN §3.2), step 1 (and the base of step 3):
# the backbone + fusion + RPN alone, trained from scratch. Driven by tools/train_alternating.py,
# which also dumps this model's proposals on the training split (test_evaluator below).
_base_ = '../webdet_faster_rcnn_cpu.py'

model = dict(
    _delete_=True,
    type='RPN',
    data_preprocessor={{_base_.model.data_preprocessor}},
    backbone={{_base_.model.backbone}},
    neck={{_base_.model.neck}},
    rpn_head={{_base_.model.rpn_head}},
    train_cfg={{_base_.model.train_cfg}},
    test_cfg={{_base_.model.test_cfg}})
val_cfg = None
val_dataloader = None
val_evaluator = None
test_dataloader = dict(dataset=dict(ann_file='annotations/train.json'))
test_evaluator = dict(_delete_=True, type='DumpProposals', output_dir='work_dirs/alternating',
                      proposals_file='proposals_train.pkl', num_max_proposals=300)
