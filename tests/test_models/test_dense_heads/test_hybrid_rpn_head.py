"""Proposal plumbing: DOM candidates reach the RoI head; hybrid merges and de-duplicates."""
import copy
import os.path as osp

import pytest
import torch
from mmdet.registry import DATASETS, MODELS
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.structures import InstanceData

from webdet_plugin.boxes import box_iou
from webdet_plugin.models import merge_proposals

CONFIGS = osp.join(osp.dirname(osp.abspath(__file__)), '..', '..', '..', 'configs')


def test_merge_proposals_dedups():
    rpn = InstanceData(bboxes=torch.tensor([[0., 0., 10., 10.], [50., 50., 60., 60.],
                                            [0., 0., 10., 11.]]),
                       scores=torch.tensor([0.9, 0.8, 0.7]), labels=torch.zeros(3).long())
    dom = InstanceData(bboxes=torch.tensor([[0., 0., 10., 10.5], [100., 0., 120., 5.],
                                            [100., 0., 120., 5.]]))
    out = merge_proposals(rpn, dom, score=1.0, iou_thr=0.7)
    boxes = out.bboxes.tolist()
    assert boxes[:2] == [[0., 0., 10., 10.5], [100., 0., 120., 5.]]  # candidates win
    assert boxes[2:] == [[50., 50., 60., 60.]] and out.scores.tolist() == pytest.approx([1, 1, .8])
    assert merge_proposals(rpn, None, 1.0, 0.7) is rpn


def build(tiny_dataset, config, key, splits=('train', 'test')):
    cfg = Config.fromfile(osp.join(CONFIGS, config))
    quick = Config.fromfile(osp.join(CONFIGS, 'quick', 'webdet_quick.py'))
    model_cfg = copy.deepcopy(quick.model)
    if config.startswith('webdet_fast_rcnn_dom'):
        model_cfg.update(type='TwoStageDetector', rpn_head=None)
        model_cfg.train_cfg.update(rpn=None, rpn_proposal=None)
        model_cfg.test_cfg.update(rpn=None)
    else:
        model_cfg.rpn_head.update(type=cfg.model.rpn_head.type)
    pipeline = copy.deepcopy(quick.train_dataloader.dataset.pipeline)
    pipeline.insert(4, dict(type='LoadDomCandidates', key=key))
    ds = DATASETS.build(dict(type='WebPageDataset', data_root=str(tiny_dataset),
                             ann_file='annotations/train.json', data_prefix=dict(img=''),
                             pipeline=pipeline))
    for split in ('train', 'test'):  # the real config loads the candidates the same way
        steps = cfg[f'{split}_dataloader'].dataset.pipeline
        assert (dict(type='LoadDomCandidates', key=key) in steps) == (split in splits)
    model = MODELS.build(model_cfg)
    model.init_weights()
    return model, pseudo_collate([ds[0], ds[1]])


def spy_roi_head(model):
    seen = {}
    loss, predict = model.roi_head.loss, model.roi_head.predict

    def spy_loss(x, rpn_results_list, samples):
        seen['loss'] = [r.bboxes.detach().clone() for r in rpn_results_list]
        return loss(x, rpn_results_list, samples)

    def spy_predict(x, rpn_results_list, samples, rescale=False):
        seen['predict'] = [r.bboxes.detach().clone() for r in rpn_results_list]
        return predict(x, rpn_results_list, samples, rescale=rescale)

    model.roi_head.loss, model.roi_head.predict = spy_loss, spy_predict
    return seen


def predict(model, batch):
    """Predict on ``batch`` in eval mode (the spies record the RoI head's proposals)."""
    model.eval()
    with torch.no_grad():
        test_data = model.data_preprocessor(batch, training=False)
        model.predict(test_data['inputs'], test_data['data_samples'])
    return test_data


def test_dom_candidates_reach_the_roi_head(tiny_dataset):
    model, batch = build(tiny_dataset, 'webdet_fast_rcnn_dom_cpu.py', 'proposals')
    assert not model.with_rpn
    seen = spy_roi_head(model)
    data = model.data_preprocessor(batch, training=True)
    # (StandardRoIHead.loss pops 'bboxes' from the proposals it is given: keep a copy)
    want = [s.proposals.bboxes.clone() for s in data['data_samples']]
    losses = model.loss(data['inputs'], data['data_samples'])
    assert 'loss_cls' in losses and not any('rpn' in k for k in losses)
    predict(model, batch)
    for stage in ('loss', 'predict'):
        for got, expected in zip(seen[stage], want):
            assert torch.equal(got, expected) and len(got) > 10


def test_hybrid_merges_rpn_and_dom_candidates(tiny_dataset):
    model, batch = build(tiny_dataset, 'webdet_hybrid_cpu.py', 'dom_candidates')
    assert type(model.rpn_head).__name__ == 'HybridRPNHead'
    seen = spy_roi_head(model)
    data = model.data_preprocessor(batch, training=True)
    want = [s.dom_candidates.bboxes.clone() for s in data['data_samples']]
    losses = model.loss(data['inputs'], data['data_samples'])
    assert 'loss_rpn_cls' in losses and 'loss_cls' in losses
    predict(model, batch)
    for stage in ('loss', 'predict'):
        for got, cands in zip(seen[stage], want):
            iou = torch.from_numpy(box_iou(cands.numpy(), got.numpy()))
            assert (iou.max(1).values > 0.7 - 1e-6).all()  # every candidate is represented
            assert len(got) > len(torch.unique(cands, dim=0))  # and RPN proposals join them
            self_iou = box_iou(got.numpy(), got.numpy())
            self_iou[range(len(got)), range(len(got))] = 0
            assert self_iou.max() <= 0.7 + 1e-6  # no duplicates


@pytest.mark.parametrize('key', ['nonsense'])
def test_bad_key(key):
    from mmdet.registry import TRANSFORMS
    with pytest.raises(ValueError, match='nonsense'):
        TRANSFORMS.build(dict(type='LoadDomCandidates', key=key))


def test_hybrid_candidates_for_training_only(tiny_dataset):
    model, batch = build(tiny_dataset, 'webdet_hybrid_cpu.py', 'dom_candidates')
    model.rpn_head.candidates_at_test = False
    seen = spy_roi_head(model)
    data = model.data_preprocessor(batch, training=True)
    want = [s.dom_candidates.bboxes.clone() for s in data['data_samples']]
    model.loss(data['inputs'], data['data_samples'])
    for got, cands in zip(seen['loss'], want):  # training: the union, as before
        iou = torch.from_numpy(box_iou(cands.numpy(), got.numpy()))
        assert (iou.max(1).values > 0.7 - 1e-6).all()
    model.eval()
    with torch.no_grad():
        test_data = model.data_preprocessor(batch, training=False)
        model.predict(test_data['inputs'], test_data['data_samples'])
        x = model.extract_feat(test_data['inputs'])
        rpn_only = type(model.rpn_head).__mro__[1].predict(model.rpn_head, x,
                                                           test_data['data_samples'])
    for got, rpn in zip(seen['predict'], rpn_only):  # test: the RPN's proposals alone
        assert torch.equal(got, rpn.bboxes)


def test_element_rpn_learns_every_candidate(tiny_dataset):
    """ElementRPNHead: labelled boxes + DOM candidates are the RPN's targets; tests need no DOM."""
    model, batch = build(tiny_dataset, 'webdet_faster_rcnn_elements_cpu.py', 'dom_candidates',
                         splits=('train', ))
    assert type(model.rpn_head).__name__ == 'ElementRPNHead'
    seen = []
    loss_by_feat = model.rpn_head.loss_by_feat

    def spy(cls_scores, bbox_preds, batch_gt_instances, *args, **kwargs):
        seen.extend(len(g) for g in batch_gt_instances)
        return loss_by_feat(cls_scores, bbox_preds, batch_gt_instances, *args, **kwargs)

    model.rpn_head.loss_by_feat = spy
    data = model.data_preprocessor(batch, training=True)
    want = [len(s.gt_instances) + len(s.dom_candidates) for s in data['data_samples']]
    labels = [s.gt_instances.labels.clone() for s in data['data_samples']]
    losses = model.loss(data['inputs'], data['data_samples'])
    assert seen == want and min(want) > 10
    assert 'loss_rpn_cls' in losses and 'loss_cls' in losses
    for s, lab in zip(data['data_samples'], labels):  # the RoI head's labels are untouched
        assert torch.equal(s.gt_instances.labels, lab) and len(lab) < min(want)
    for s in batch['data_samples']:
        del s.dom_candidates
    model.eval()
    with torch.no_grad():
        test_data = model.data_preprocessor(batch, training=False)
        (result, _) = model.predict(test_data['inputs'], test_data['data_samples'])
    assert result.pred_instances.bboxes.shape[1] == 4
