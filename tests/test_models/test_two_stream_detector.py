"""Backbone, neck, data preprocessor and the whole two-stream Faster R-CNN on tiny inputs."""
import copy
import os.path as osp

import pytest
import torch
from mmdet.registry import MODELS
from mmdet.structures import DetDataSample
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.structures import InstanceData

from webdet_plugin.models import gather_textmap

CONFIGS = osp.join(osp.dirname(osp.dirname(osp.dirname(__file__))), 'configs')


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


def test_fusion_neck_coordinate_channels():
    neck = MODELS.build(dict(type='FusionNeck', in_channels=(3, 2), out_channels=4,
                             kernel_size=1, coord_norm=10.0))
    assert neck.fuse.in_channels == 3 + 2 + 2
    x = torch.zeros(2, 3, 5, 7)
    coords = neck.coords(x)
    assert coords.shape == (2, 2, 5, 7)
    assert torch.allclose(coords[1, 0, 4], torch.arange(7) / 10.0)  # column index
    assert torch.allclose(coords[0, 1, :, 6], torch.arange(5) / 10.0)  # row index
    # with all-zero streams the 1x1 fusion sees only the coordinates: the output varies over
    # the map exactly as the coordinate weights say
    with torch.no_grad():
        neck.fuse.weight.zero_()
        neck.fuse.bias.zero_()
        neck.fuse.weight[0, 5] = 1.0  # column channel -> output 0
        neck.fuse.weight[1, 6] = 1.0  # row channel -> output 1
    out = neck((x, torch.zeros(2, 2, 5, 7)))[0]
    assert torch.allclose(out[:, 0], coords[:, 0]) and torch.allclose(out[:, 1], coords[:, 1])


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


def make_samples(n_pages=2, size=(128, 192), n_feat=16):
    """Packed inputs like PackWebInputs makes: one labelled box per class, random text."""
    g = torch.Generator().manual_seed(0)
    items = []
    for i in range(n_pages):
        h, w = size
        img = torch.randint(0, 255, (3, h, w), generator=g, dtype=torch.uint8)
        s = DetDataSample(metainfo=dict(img_shape=size, ori_shape=size, scale_factor=(1., 1.),
                                        page_id=f'p{i}', page_offset=(0, 0)))
        boxes = torch.tensor([[8., 8., 120., 24.], [8., 32., 60., 44.], [130., 8., 186., 90.]])
        s.gt_instances = InstanceData(bboxes=boxes, labels=torch.tensor([0, 1, 2]))
        s.textmap_index = torch.randint(-1, 4, (h // 8, w // 8), generator=g)
        s.textmap_table = torch.rand(4, n_feat, generator=g).half()
        items.append(dict(inputs=img, data_samples=s))
    return pseudo_collate(items)


def quick_model_cfg():
    cfg = Config.fromfile(osp.join(CONFIGS, 'quick', 'webdet_quick.py'))
    return copy.deepcopy(cfg.model)


def test_preprocessor_compact_and_dense():
    cfg = quick_model_cfg().data_preprocessor
    pre = MODELS.build(cfg)
    data = pre(make_samples(), training=True)
    inputs = data['inputs']
    assert inputs['img'].shape == (2, 3, 128, 192) and inputs['img'].dtype == torch.float32
    assert inputs['textmap_index'].shape == (2, 16, 24)
    assert inputs['textmap_table'].shape == (8, 16)
    assert inputs['textmap_index'][1].max() >= 4  # second page's rows are offset
    dense = MODELS.build(dict(cfg, dense_textmap=True))(make_samples(), training=True)
    torch.testing.assert_close(dense['inputs']['textmap'],
                               gather_textmap(inputs['textmap_index'], inputs['textmap_table']))
    with pytest.raises(ValueError, match='multiple of'):
        MODELS.build(dict(cfg, pad_size_divisor=12))
    # geometry maps are stacked and zero-padded to the batch map
    samples = make_samples(size=(128, 184))
    for s in samples['data_samples']:
        s.textmap_geometry = torch.rand(4, 16, 23).half() + 0.5
    geometry = pre(samples, training=True)['inputs']['textmap_geometry']
    assert geometry.shape == (2, 4, 16, 24) and geometry.dtype == torch.float32
    assert (geometry[..., 23] == 0).all() and (geometry[..., :23] >= 0.5).all()


def test_joint_training_loss_decreases_and_predict_format():
    torch.manual_seed(0)
    model = MODELS.build(quick_model_cfg())
    model.init_weights()
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    batch = make_samples()
    totals = []
    for _ in range(25):
        data = model.data_preprocessor(batch, training=True)
        loss, logs = model.parse_losses(model.loss(data['inputs'], data['data_samples']))
        opt.zero_grad()
        loss.backward()
        opt.step()
        totals.append(loss.item())
        assert {'loss_rpn_cls', 'loss_rpn_bbox', 'loss_cls', 'loss_bbox'} <= set(logs)
    assert sum(totals[-5:]) / 5 < 0.6 * sum(totals[:5]) / 5, totals
    # the shared layers get gradients from both heads
    model.zero_grad()
    data = model.data_preprocessor(batch, training=True)
    losses = model.loss(data['inputs'], data['data_samples'])
    sum(losses['loss_rpn_cls']).backward(retain_graph=True)
    rpn_grad = model.neck.fuse.weight.grad.clone()
    model.zero_grad()
    losses['loss_cls'].backward()
    assert rpn_grad.abs().sum() > 0 and model.neck.fuse.weight.grad.abs().sum() > 0

    model.eval()
    with torch.no_grad():
        data = model.data_preprocessor(batch, training=False)
        results = model.predict(data['inputs'], data['data_samples'])
    assert len(results) == 2
    inst = results[0].pred_instances
    assert inst.bboxes.shape[1] == 4 and len(inst.scores) == len(inst.labels) == len(inst.bboxes)
    assert len(inst.labels) > 0 and inst.labels.max() <= 2 and (inst.scores <= 1).all()


@pytest.mark.parametrize('name', ['cpu_screenshot_only', 'cpu_textmap_only', 'cpu_roialign',
                                  'cpu_no_bn', 'cpu_coord_channels', 'cpu_dom_training_rois'])
def test_ablation_configs_build_and_train(name):
    """Each one-key ablation of the CPU config builds, gives all four losses and predicts."""
    torch.manual_seed(0)
    cfg = Config.fromfile(osp.join(CONFIGS, 'ablations', f'{name}.py'))
    model = MODELS.build(cfg.model)
    model.init_weights()
    data = model.data_preprocessor(make_samples(n_feat=128), training=True)
    loss, logs = model.parse_losses(model.loss(data['inputs'], data['data_samples']))
    assert torch.isfinite(loss)
    assert {'loss_rpn_cls', 'loss_rpn_bbox', 'loss_cls', 'loss_bbox'} <= set(logs)
    loss.backward()
    assert model.neck.fuse.weight.grad.abs().sum() > 0
    model.eval()
    with torch.no_grad():
        data = model.data_preprocessor(make_samples(n_feat=128), training=False)
        (result, _) = model.predict(data['inputs'], data['data_samples'])
    assert result.pred_instances.bboxes.shape[1] == 4
