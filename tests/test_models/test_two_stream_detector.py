"""The whole two-stream Faster R-CNN on tiny inputs: joint training, prediction, ablations."""
import os.path as osp

import pytest
import torch
from mmdet.registry import MODELS
from mmengine.config import Config

CONFIGS = osp.join(osp.dirname(osp.dirname(osp.dirname(__file__))), 'configs')


def test_joint_training_loss_decreases_and_predict_format(packed_pages, quick_model_cfg):
    torch.manual_seed(0)
    model = MODELS.build(quick_model_cfg)
    model.init_weights()
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    batch = packed_pages()
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
def test_ablation_configs_build_and_train(name, packed_pages):
    """Each one-key ablation of the CPU config builds, gives all four losses and predicts."""
    torch.manual_seed(0)
    cfg = Config.fromfile(osp.join(CONFIGS, 'ablations', f'{name}.py'))
    model = MODELS.build(cfg.model)
    model.init_weights()
    data = model.data_preprocessor(packed_pages(n_feat=128), training=True)
    loss, logs = model.parse_losses(model.loss(data['inputs'], data['data_samples']))
    assert torch.isfinite(loss)
    assert {'loss_rpn_cls', 'loss_rpn_bbox', 'loss_cls', 'loss_bbox'} <= set(logs)
    loss.backward()
    assert model.neck.fuse.weight.grad.abs().sum() > 0
    model.eval()
    with torch.no_grad():
        data = model.data_preprocessor(packed_pages(n_feat=128), training=False)
        (result, _) = model.predict(data['inputs'], data['data_samples'])
    assert result.pred_instances.bboxes.shape[1] == 4
