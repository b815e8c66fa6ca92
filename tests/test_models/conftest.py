"""Fixtures of the model tests: packed tiny pages and the quick config's model."""
import copy
import os.path as osp

import pytest
import torch
from mmdet.structures import DetDataSample
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.structures import InstanceData

CONFIGS = osp.join(osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))), 'configs')


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


@pytest.fixture
def packed_pages():
    """``make_samples(n_pages=2, size=(128, 192), n_feat=16)``: a collated batch of pages."""
    return make_samples


@pytest.fixture
def quick_model_cfg():
    """The model of configs/quick/webdet_quick.py (a fresh copy)."""
    cfg = Config.fromfile(osp.join(CONFIGS, 'quick', 'webdet_quick.py'))
    return copy.deepcopy(cfg.model)
