"""anchor_coverage: best IoU of labelled boxes with a grid of anchors."""
import numpy as np

from webdet_plugin.evaluation import anchor_coverage


def test_anchor_coverage_finds_matching_and_missing_shapes():
    # a 64x16 box centred on a stride-8 cell centre (mmdet's anchors are centred at k * stride)
    wide = np.array([[32 - 32, 40 - 8, 32 + 32, 40 + 8]], np.float32)
    square = np.array([[0, 0, 32, 32]], np.float32)
    best = anchor_coverage(dict(wide=wide, square=square), scales=[4], ratios=[0.25])
    assert best['wide'][0] > 0.99  # scale 4 x stride 8 = 32 = sqrt(64 * 16), h/w = 0.25
    assert best['square'][0] < 0.5
    best = anchor_coverage(dict(wide=wide, square=square), scales=[4], ratios=[0.25, 1.0])
    assert best['square'][0] > 0.99 and best['wide'][0] > 0.99
    best = anchor_coverage(dict(wide=wide, none=np.zeros((0, 4), np.float32)), [4], [0.25])
    assert best['none'].shape == (0, )
