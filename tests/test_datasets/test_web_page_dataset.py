import json
import shutil

import numpy as np
import pytest
import torch
from mmdet.registry import DATASETS, TRANSFORMS

from webdet_plugin.page_record import PageRecordError, load_page_record


def dataset_cfg(root, pipeline, split='train', **kwargs):
    return dict(type='WebPageDataset', data_root=str(root), ann_file=f'annotations/{split}.json',
                data_prefix=dict(img=''), pipeline=pipeline, **kwargs)


PIPELINE = [
    dict(type='LoadWebPage'),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='CropPageWindow', size=(640, 1280)),
    dict(type='Resize', scale_factor=0.5, keep_ratio=True),
    dict(type='LoadDomCandidates'),
    dict(type='LoadTextMap', n_features=32, scale=8),
    dict(type='PackWebInputs'),
]


def test_dataset_yields_both_modalities(tiny_dataset):
    ds = DATASETS.build(dataset_cfg(tiny_dataset, PIPELINE))
    assert len(ds) == 2 and ds.metainfo['classes'] == ('name', 'price', 'image')
    item = ds[0]
    img, sample = item['inputs'], item['data_samples']
    assert img.shape == (3, 320, 640) and img.dtype == torch.uint8
    assert sample.textmap_index.shape == (40, 80) and sample.textmap_index.dtype == torch.long
    n = sample.textmap_table.shape[0]
    assert sample.textmap_table.shape == (n, 32) and n > 5
    assert sample.textmap_index.max() == n - 1 and sample.textmap_index.min() == -1
    assert sorted(sample.gt_instances.labels.tolist()) == [0, 1, 2]
    assert sample.page_id and sample.site == 'shop00' and sample.page_offset == (0, 0)
    # boxes are in resized window pixels: the record's labels halved
    record = load_page_record(str(tiny_dataset / 'pages' / sample.page_id))
    want = sorted((np.array(lab.box) / 2).tolist() for lab in record.labels)
    got = sorted(sample.gt_instances.bboxes.tensor.numpy().tolist())
    np.testing.assert_allclose(np.array(got), np.array(want), atol=0.01)
    # DOM candidates reach the sample as proposals, labelled elements among them
    props = sample.proposals.bboxes.numpy()
    for lab in record.labels:
        if lab.element >= 0:
            assert np.abs(props - np.array(lab.box) / 2).max(1).min() < 0.01


def test_textmap_geometry_reaches_the_sample(tiny_dataset):
    pipeline = [dict(t, geometry=True) if t['type'] == 'LoadTextMap' else t for t in PIPELINE]
    sample = DATASETS.build(dataset_cfg(tiny_dataset, pipeline))[0]['data_samples']
    index, geometry = sample.textmap_index, sample.textmap_geometry
    assert geometry.shape == (4, *index.shape) and geometry.dtype == torch.float16
    assert (geometry[:, index < 0] == 0).all() and (geometry[:, index >= 0] > 0).any()
    assert 'textmap_geometry' not in DATASETS.build(dataset_cfg(tiny_dataset, PIPELINE))[0][
        'data_samples']


def test_crop_window_drops_and_counts(tiny_dataset):
    ds = DATASETS.build(dataset_cfg(tiny_dataset, []))
    info = ds[0]
    t = [TRANSFORMS.build(c) for c in PIPELINE[:2]]
    results = t[1](t[0](dict(info)))
    record = results['page_record']
    name_bottom = max(lab.box[3] for lab in record.labels if lab.label == 'name')
    crop = TRANSFORMS.build(dict(type='CropPageWindow', size=(int(name_bottom) + 1, 1280)))
    out = crop(dict(results))
    assert out['img'].shape[:2] == (int(name_bottom) + 1, 1280)
    assert out['scale_factor'] == (1.0, 1.0)  # pipelines without Resize still predict
    assert out['dropped_gt'] + len(out['gt_bboxes']) == 3 and len(out['gt_bboxes']) >= 1
    # a window below the page pads with white and keeps nothing
    low = dict(results, window=(0, record.height + 100))
    out = crop(low)
    assert out['dropped_gt'] == 3 and (out['img'] == 255).all()


@pytest.mark.parametrize('damage,message', [
    ('truncate_png', 'corrupt or truncated image'),
    ('garbage_png', 'corrupt or truncated image'),
    ('missing_png', 'screenshot not found'),
    ('missing_dom', 'DOM record not found'),
    ('malformed_dom', 'malformed JSON'),
    ('box_outside', 'x2 < x1'),
    ('size_mismatch', 'screenshot is 1280x'),
])
def test_bad_pages_raise_errors_naming_the_file(tiny_dataset, tmp_path, damage, message):
    root = tmp_path / 'copy'
    shutil.copytree(tiny_dataset, root)
    ds = DATASETS.build(dataset_cfg(root, PIPELINE))
    page = root / 'pages' / ds.get_data_info(0)['page_id']
    png, dom = page / 'screenshot.png', page / 'dom.json'
    if damage == 'truncate_png':
        png.write_bytes(png.read_bytes()[:2000])
    elif damage == 'garbage_png':
        png.write_bytes(b'\x89PNG not really')
    elif damage == 'missing_png':
        png.unlink()
    elif damage == 'missing_dom':
        dom.unlink()
    elif damage == 'malformed_dom':
        dom.write_text(dom.read_text()[:-10])
    else:
        data = json.loads(dom.read_text())
        if damage == 'box_outside':
            data['elements'][0]['box'] = [500, 10, 20, 30]
        else:
            data['height'] += 7
        dom.write_text(json.dumps(data))
    loader = TRANSFORMS.build(dict(type='LoadWebPage'))
    with pytest.raises(PageRecordError, match=message) as err:
        loader(dict(ds.get_data_info(0)))
    assert str(page) in str(err.value)
