# Ablation: the DOM-candidate mixture config with mmdet's box head, each candidate classified
# alone (no attention across candidates).
_base_ = '../webdet_fast_rcnn_dom_mix_cpu.py'

_head = {k: v for k, v in _base_.model.roi_head.bbox_head.items() if k != 'attention'}
model = dict(roi_head=dict(type='ClassMaskedRoIHead',
                           bbox_head=dict(_head, _delete_=True, type='Shared2FCBBoxHead')))
