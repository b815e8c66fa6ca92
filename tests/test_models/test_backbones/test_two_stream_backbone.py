"""TwoStreamBackbone: layers, strides, the compact TextMap path, geometry and text stride."""
import pytest
import torch
from mmdet.registry import MODELS
from mmengine.runner.checkpoint import load_state_dict

from webdet_plugin.models import gather_textmap


def test_seed_backbone_layers_and_stride():
    backbone = MODELS.build(dict(type='TwoStreamBackbone'))
    convs = [m for m in backbone.screenshot_stream if isinstance(m, torch.nn.Conv2d)]
    assert [(c.out_channels, c.kernel_size[0], c.stride[0]) for c in convs] == \
        [(96, 11, 4), (256, 5, 1), (384, 3, 1)]
    kinds = [type(m).__name__ for m in backbone.screenshot_stream]
    assert kinds == ['Conv2d', 'ReLU', 'MaxPool2d', 'BatchNorm2d', 'Conv2d', 'ReLU',
                     'BatchNorm2d', 'Conv2d', 'ReLU']
    assert backbone.text_conv.in_channels == 128 and backbone.text_conv.out_channels == 48
    no_bn = MODELS.build(dict(type='TwoStreamBackbone', norm_cfg=None))
    assert not any('Norm' in type(m).__name__ for m in no_bn.screenshot_stream)


@pytest.mark.parametrize('hw', [(64, 96), (72, 100)])
def test_streams_align_at_stride_8(hw):
    backbone = MODELS.build(dict(type='TwoStreamBackbone', screenshot_channels=(8, 16, 24),
                                 text_in_channels=16, text_channels=4))
    h, w = hw
    sh, sw = -(-h // 8), -(-w // 8)
    inputs = dict(img=torch.randn(2, 3, h, w), textmap=torch.rand(2, 16, sh, sw))
    shot, text = backbone(inputs)
    assert shot.shape == (2, 24, sh, sw) and text.shape == (2, 4, sh, sw)
    neck = MODELS.build(dict(type='FusionNeck', in_channels=(24, 4), out_channels=6))
    fused = neck((shot, text))
    assert len(fused) == 1 and fused[0].shape == (2, 6, sh, sw)


@pytest.mark.parametrize('stride', [1, 2])
def test_table_path_equals_dense_conv(stride):
    backbone = MODELS.build(dict(type='TwoStreamBackbone', use_screenshot=False,
                                 text_in_channels=16, text_channels=5, text_stride=stride))
    assert backbone.text_conv.kernel_size == (stride, stride)
    torch.nn.init.normal_(backbone.text_conv.bias)
    index = torch.randint(-1, 7, (2, 9 * stride, 11 * stride))
    table = torch.rand(7, 16)
    dense = gather_textmap(index, table)
    (by_table, ) = backbone(dict(img=None, textmap_index=index, textmap_table=table))
    (by_dense, ) = backbone(dict(img=None, textmap=dense))
    assert by_table.shape == (2, 5, 9, 11)
    torch.testing.assert_close(by_table, by_dense, rtol=1e-5, atol=1e-6)
    with pytest.raises(KeyError, match='LoadTextMap'):
        backbone(dict(img=torch.zeros(1, 3, 8, 8)))


@pytest.mark.parametrize('stride', [1, 2])
def test_geometry_channels_equal_one_conv_on_the_concatenation(stride):
    backbone = MODELS.build(dict(type='TwoStreamBackbone', use_screenshot=False,
                                 text_in_channels=16, text_channels=5, text_stride=stride,
                                 text_geometry_channels=4))
    torch.nn.init.normal_(backbone.text_conv.bias)
    torch.nn.init.normal_(backbone.geometry_conv.weight)
    index = torch.randint(-1, 7, (2, 9 * stride, 11 * stride))
    table, geometry = torch.rand(7, 16), torch.rand(2, 4, 9 * stride, 11 * stride)
    (out, ) = backbone(dict(img=None, textmap_index=index, textmap_table=table,
                            textmap_geometry=geometry))
    weight = torch.cat([backbone.text_conv.weight, backbone.geometry_conv.weight], 1)
    dense = torch.cat([gather_textmap(index, table), geometry], 1)
    want = torch.relu(torch.nn.functional.conv2d(dense, weight, backbone.text_conv.bias, stride))
    torch.testing.assert_close(out, want, rtol=1e-5, atol=1e-5)
    out.sum().backward()
    assert backbone.geometry_conv.weight.grad.abs().sum() > 0
    (words_only, ) = backbone(dict(img=None, textmap=gather_textmap(index, table),
                                   textmap_geometry=torch.zeros_like(geometry)))
    assert not torch.allclose(words_only, out)
    with pytest.raises(KeyError, match='geometry=True'):
        backbone(dict(img=None, textmap_index=index, textmap_table=table))


def test_text_stride_sees_sub_cells():
    """With text_stride 2 a text node in the left or right half of a cell gives different
    features (the 1x1 conv on the coarse map cannot tell them apart)."""
    torch.manual_seed(0)
    backbone = MODELS.build(dict(type='TwoStreamBackbone', use_screenshot=False,
                                 text_in_channels=4, text_channels=3, text_stride=2))
    torch.nn.init.normal_(backbone.text_conv.weight)
    table = torch.ones(1, 4)
    left = torch.full((1, 2, 2), -1)
    left[0, :, 0] = 0
    right = torch.full((1, 2, 2), -1)
    right[0, :, 1] = 0
    (a, ), (b, ) = (backbone(dict(img=None, textmap_index=i, textmap_table=table))
                    for i in (left, right))
    assert a.shape == b.shape == (1, 3, 1, 1) and not torch.allclose(a, b)
    with pytest.raises(ValueError, match='text_stride=2'):
        backbone(dict(img=None, textmap_index=torch.full((1, 3, 4), -1), textmap_table=table))
    with pytest.raises(ValueError, match='text_stride'):
        MODELS.build(dict(type='TwoStreamBackbone', text_stride=0))


def test_style_and_geometry_channels_equal_one_conv_on_the_concatenation():
    backbone = MODELS.build(dict(type='TwoStreamBackbone', use_screenshot=False,
                                 text_in_channels=16, text_channels=5,
                                 text_geometry_channels=4, text_style_channels=12))
    for conv in (backbone.geometry_conv, backbone.style_conv):
        torch.nn.init.normal_(conv.weight)
    index = torch.randint(-1, 7, (2, 9, 11))
    table = torch.rand(7, 16)
    geometry, style = torch.rand(2, 4, 9, 11), torch.rand(2, 12, 9, 11)
    (out, ) = backbone(dict(img=None, textmap_index=index, textmap_table=table,
                            textmap_geometry=geometry, textmap_style=style))
    weight = torch.cat([backbone.text_conv.weight, backbone.geometry_conv.weight,
                        backbone.style_conv.weight], 1)
    dense = torch.cat([gather_textmap(index, table), geometry, style], 1)
    want = torch.relu(torch.nn.functional.conv2d(dense, weight, backbone.text_conv.bias))
    torch.testing.assert_close(out, want, rtol=1e-5, atol=1e-5)
    out.sum().backward()
    assert backbone.style_conv.weight.grad.abs().sum() > 0
    with pytest.raises(KeyError, match=r'LoadTextMap\(style=True\)'):
        backbone(dict(img=None, textmap_index=index, textmap_table=table,
                      textmap_geometry=geometry))


def test_checkpoint_with_other_style_channels_is_refused_not_left_random():
    def build(style):
        return MODELS.build(dict(type='TwoStreamBackbone', use_screenshot=False,
                                 text_in_channels=16, text_channels=5, text_style_channels=style))

    old, new = build(12), build(13)
    with pytest.raises(ValueError, match=r'style_conv.weight: the checkpoint takes 12 input '
                       r'channels, this config 13 \(text_style_channels\)'):
        load_state_dict(new, old.state_dict())
    same = build(12)
    load_state_dict(same, old.state_dict())
    torch.testing.assert_close(same.style_conv.weight, old.style_conv.weight)
