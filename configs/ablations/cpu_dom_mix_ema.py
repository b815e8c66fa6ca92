# Ablation: the DOM-candidate mixture config tested and saved with its weights averaged over the
# last few hundred iterations (mmdet's ExpMomentumEMA through mmengine's EMAHook).
_base_ = '../webdet_fast_rcnn_dom_mix_cpu.py'

custom_hooks = [dict(type='EMAHook', ema_type='ExpMomentumEMA', momentum=0.002, gamma=200,
                     update_buffers=True, priority=49)]
