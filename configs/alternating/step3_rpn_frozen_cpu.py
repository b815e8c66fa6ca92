# 4-step alternating training, step 3: RPN initialised from step 2's shared layers (and step 1's
# RPN layers), shared layers frozen, only the RPN-specific layers fine-tuned.
_base_ = './step1_rpn_cpu.py'
model = dict(backbone=dict(frozen=True), neck=dict(frozen=True))
