# 4-step alternating training (Ren et al., Faster R-CNN sec. 3.2), step 1 (and the base of step
# 3): backbone + fusion + RPN alone, from scratch; tools/train_alternating.py drives the steps.
_base_ = ['../_base_/models/webdet_faster_rcnn_cpu.py', '../_base_/datasets/synthetic_shops_cpu.py',
          '../_base_/schedules/schedule_2k.py', '../_base_/default_runtime.py']

model = dict(
    _delete_=True,
    type='RPN',
    data_preprocessor={{_base_.model.data_preprocessor}},
    backbone=dict(_base_.model.backbone, text_in_channels=_base_.textmap_channels),
    neck={{_base_.model.neck}},
    rpn_head={{_base_.model.rpn_head}},
    train_cfg={{_base_.model.train_cfg}},
    test_cfg={{_base_.model.test_cfg}})
val_cfg = None
val_dataloader = None
val_evaluator = None
# the test run dumps this model's proposals on the training split for step 2
test_dataloader = dict(dataset=dict(ann_file='annotations/train.json'))
test_evaluator = dict(_delete_=True, type='DumpProposals', output_dir='work_dirs/alternating',
                      proposals_file='proposals_train.pkl', num_max_proposals=300)
randomness = dict(seed=0)
