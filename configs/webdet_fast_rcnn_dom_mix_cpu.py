# The DOM-candidate config trained on the mixture: the synthetic shops and pages of real
# designers' templates filled with real product photos (tools/make_template_pages.py).
_base_ = './webdet_fast_rcnn_dom_cpu.py'

template_root = 'data/templates/'
_synthetic = _base_.train_dataloader.dataset
train_dataloader = dict(dataset=dict(
    _delete_=True, type='WebConcatDataset',
    datasets=[_synthetic, dict(_synthetic, data_root=template_root)]))
val_dataloader = dict(dataset=dict(data_root=template_root))
