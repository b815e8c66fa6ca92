# Joint training, CPU-sized, at the page's full resolution: the best joint RPN config measured
# so far (README results table). As webdet_faster_rcnn_elements_cpu.py (RPN trained on every
# page element, 1000 test proposals), plus:
# - no 0.5 resize: the CPU configs shrink the 896x1280 page window by 0.5, so a stride-8 cell
#   covers 16 page pixels and a price (median 104x27 px in the training split) is ~1.7 cells
#   tall; at full resolution it is ~3.4 cells, and the TextMap is painted at the seed's 8 page
#   pixels per cell. Half of the elements config's wrong top-1 boxes on the test shops were
#   on the right element but too loose or too tight (docs/experiments.md);
# - training sees random full-width 384x1280 windows of the page window (RandomPageWindow: the
#   best of 40 random offsets, most labelled boxes held whole minus those cut), 1.7x the
#   pixels of the 0.5-resized window; full width so that one-line names up to ~1250 px are
#   seen whole (448x640 / 512x768 windows taught the model half names: docs/experiments.md).
#   At test time the model, fully convolutional, runs on the whole unscaled page window
#   (4x the pixels of the elements config's test input);
# - the anchors double with the objects' size in cells;
# - 4 TextMap geometry channels (LoadTextMap(geometry=True), TwoStreamBackbone
#   text_geometry_channels=4): each painted cell's distance to the edges of its text node's box
#   (all its rendered lines). The TextMap paints every line of a node with the same hashed
#   vector, and without them the first line of a 2-3-line product name was found instead of the
#   whole name (the most frequent error left; configs/ablations/cpu_fullres_no_text_geometry.py);
# - context around every RoI (ContextRoIExtractor, as configs/ablations/cpu_elements_context.py):
#   the box and the box x2 about its centre pooled and concatenated (2 x 64 channels into the
#   bbox head). Inside its box a related product's image looks like the main image; around it
#   are the other related products, around the main image the name and price. Images went from
#   0.856-0.933 to 0.922-0.989 on the test shops at ~1.2x the cost per iteration (side by side;
#   docs/experiments.md, section "Images");
# - labels cut by the training window are ignored (CropPageWindow(cut_labels='ignore') and the
#   RoI head's ignore_iof_thr): 37 % of the training main images are taller than the window,
#   and their visible part, trained as the image, was the likely reason the model took an image
#   cut by the edge of the test window (a related product's) for the main image (with cut
#   labels ignored, row 15 of that section, no such error was left);
# - backbone + neck train in bfloat16 (BF16OptimWrapper; float32 weights and heads; the 2-core
#   CPU here has AMX: tools/benchmarks/bench_train_step.py) and one dataloader worker (two
#   workers on two cores slowed the step from ~0.54 to ~0.58 s), so that 1800 iterations fit
#   the 20-minute budget (1.7x the anchors per training image of the elements config).
_base_ = './webdet_faster_rcnn_elements_cpu.py'

train_window = (384, 1280)  # (height, width) in page pixels
train_pipeline = [
    dict(type='LoadWebPage'),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='RandomPageWindow', size=train_window, region=_base_.page_window, tries=40),
    dict(type='CropPageWindow', size=train_window, cut_labels='ignore'),
    dict(type='Invert', prob=0.5),
    dict(type='LoadDomCandidates', key='dom_candidates'),
    dict(type='LoadTextMap', n_features=128, scale=8, geometry=True),
    dict(type='PackWebInputs'),
]
pipeline = [dict(t, geometry=True) if t['type'] == 'LoadTextMap' else t
            for t in _base_.pipeline if t['type'] != 'Resize']
train_dataloader = dict(num_workers=1, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=pipeline))
test_dataloader = dict(dataset=dict(pipeline=pipeline))
context_scale = 2.0
model = dict(
    backbone=dict(text_geometry_channels=4),
    rpn_head=dict(anchor_generator=dict(scales=[4, 5.66, 8, 11.3, 16, 22.6, 32, 45.3, 64])),
    roi_head=dict(
        bbox_roi_extractor=dict(type='ContextRoIExtractor', context_scale=context_scale),
        bbox_head=dict(in_channels=2 * _base_.fused)),
    train_cfg=dict(rcnn=dict(assigner=dict(ignore_iof_thr=0.5))))
optim_wrapper = dict(type='BF16OptimWrapper')

max_iters = 1800
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, by_epoch=False, begin=0, end=100),
    dict(type='MultiStepLR', begin=0, end=max_iters, by_epoch=False, milestones=[1350, 1620],
         gamma=0.1),
]
default_hooks = dict(checkpoint=dict(interval=max_iters))
