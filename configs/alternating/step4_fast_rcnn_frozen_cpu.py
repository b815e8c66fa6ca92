# 4-step alternating training, step 4: shared layers still frozen, the RoI head fine-tuned on
# step 3's proposals (initialised from step 2's RoI head).
_base_ = './step2_fast_rcnn_cpu.py'
model = dict(backbone=dict(frozen=True), neck=dict(frozen=True))
