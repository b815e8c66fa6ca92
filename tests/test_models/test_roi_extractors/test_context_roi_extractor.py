import pytest
import torch
from mmdet.registry import MODELS

import webdet_plugin  # noqa: F401  (registers ContextRoIExtractor and PortableRoIPool)


def build(context_scale=2.0):
    return MODELS.build(
        dict(type='ContextRoIExtractor', context_scale=context_scale,
             roi_layer=dict(type='PortableRoIPool', output_size=2), out_channels=1,
             featmap_strides=[1]))


def test_pools_the_box_then_its_centred_context():
    # a 1-channel 8x8 map whose cell (y, x) holds 10 * y + x: a max-pool of a rectangle is its
    # bottom-right cell, so every bin's value says which cells it covered
    feats = (torch.arange(8.).view(8, 1) * 10 + torch.arange(8.)).view(1, 1, 8, 8)
    rois = torch.tensor([[0., 3., 3., 4., 4.]])  # cells 3..4 x 3..4 (mmcv: x2 + 1 exclusive)
    out = build(2.0)((feats, ), rois)
    assert out.shape == (1, 2, 2, 2)
    # the box: 2x2 bins of one cell each
    assert out[0, 0].tolist() == [[33., 34.], [43., 44.]]
    # the context: centre (3.5, 3.5), width/height 1 -> 2: box (2.5, 2.5, 4.5, 4.5), i.e. mmcv
    # pools x in [2.5, 5.5): bins [2.5, 4) -> cells 2..3 and [4, 5.5) -> cells 4..5
    assert out[0, 1].tolist() == [[33., 35.], [53., 55.]]


def test_context_sees_outside_the_box_and_the_box_part_does_not():
    feats = torch.zeros(1, 1, 16, 16)
    rois = torch.tensor([[0., 6., 6., 9., 9.]])
    extractor = build(3.0)
    before = extractor((feats, ), rois)
    feats[0, 0, 3, 3] = 5.  # outside the box, inside its 3x context (3..12 around 7.5)
    after = extractor((feats, ), rois)
    assert torch.equal(after[:, 0], before[:, 0])
    assert after[:, 1].max() == 5.


def test_gradient_reaches_the_features_through_both_parts():
    feats = torch.rand(2, 3, 12, 12, requires_grad=True)
    rois = torch.tensor([[0., 2., 2., 6., 5.], [1., 4., 4., 9., 7.]])
    out = build()((feats, ), rois)
    assert out.shape == (2, 6, 2, 2)
    out[:, 3:].sum().backward()  # the context half only
    assert feats.grad[0].abs().sum() > 0 and feats.grad[1].abs().sum() > 0


@pytest.mark.parametrize('scale', [1.0, 0.5, 0])
def test_rejects_a_context_not_larger_than_the_box(scale):
    with pytest.raises(ValueError, match='context_scale'):
        build(scale)
