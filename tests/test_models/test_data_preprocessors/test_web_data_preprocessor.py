"""WebDetDataPreprocessor: compact and dense TextMaps, padding, geometry maps."""
import pytest
import torch
from mmdet.registry import MODELS

from webdet_plugin.models import gather_textmap


def test_preprocessor_compact_and_dense(packed_pages, quick_model_cfg):
    cfg = quick_model_cfg.data_preprocessor
    pre = MODELS.build(cfg)
    data = pre(packed_pages(), training=True)
    inputs = data['inputs']
    assert inputs['img'].shape == (2, 3, 128, 192) and inputs['img'].dtype == torch.float32
    assert inputs['textmap_index'].shape == (2, 16, 24)
    assert inputs['textmap_table'].shape == (8, 16)
    assert inputs['textmap_index'][1].max() >= 4  # second page's rows are offset
    dense = MODELS.build(dict(cfg, dense_textmap=True))(packed_pages(), training=True)
    torch.testing.assert_close(dense['inputs']['textmap'],
                               gather_textmap(inputs['textmap_index'], inputs['textmap_table']))
    with pytest.raises(ValueError, match='multiple of'):
        MODELS.build(dict(cfg, pad_size_divisor=12))
    # geometry maps are stacked and zero-padded to the batch map
    samples = packed_pages(size=(128, 184))
    for s in samples['data_samples']:
        s.textmap_geometry = torch.rand(4, 16, 23).half() + 0.5
    geometry = pre(samples, training=True)['inputs']['textmap_geometry']
    assert geometry.shape == (2, 4, 16, 24) and geometry.dtype == torch.float32
    assert (geometry[..., 23] == 0).all() and (geometry[..., :23] >= 0.5).all()
