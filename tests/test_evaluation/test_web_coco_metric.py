"""WebCocoMetric scores against the annotation file of the dataset it is given."""
import json

import pytest
from mmdet.registry import DATASETS

from webdet_plugin.evaluation import WebCocoMetric


def write_root(root, num_pages):
    """A data root whose test split has ``num_pages`` pages with one name box each."""
    (root / 'annotations').mkdir(parents=True)
    images = [dict(id=i + 1, file_name=f'pages/p{i}/screenshot.png', width=1280, height=900)
              for i in range(num_pages)]
    anns = [dict(id=i + 1, image_id=i + 1, category_id=1, bbox=[10, 10, 100, 20], area=2000,
                 iscrowd=0) for i in range(num_pages)]
    cats = [dict(id=i + 1, name=n) for i, n in enumerate(('name', 'price', 'image'))]
    (root / 'annotations' / 'test.json').write_text(
        json.dumps(dict(images=images, annotations=anns, categories=cats)))
    return str(root) + '/'


def dataset(root):
    return DATASETS.build(dict(type='WebPageDataset', data_root=root,
                               ann_file='annotations/test.json', data_prefix=dict(img=''),
                               test_mode=True, pipeline=[]))


def test_follows_the_dataset(tmp_path):
    one, two = write_root(tmp_path / 'one', 2), write_root(tmp_path / 'two', 5)
    metric = WebCocoMetric()
    for root, pages in ((one, 2), (two, 5)):
        metric.dataset_meta = dataset(root).metainfo
        assert metric.dataset_ann_file == root + 'annotations/test.json'
        assert len(metric._coco_api.get_img_ids()) == pages


def test_own_ann_file_wins(tmp_path):
    one, two = write_root(tmp_path / 'one', 2), write_root(tmp_path / 'two', 5)
    metric = WebCocoMetric(ann_file=one + 'annotations/test.json')
    metric.dataset_meta = dataset(two).metainfo
    assert len(metric._coco_api.get_img_ids()) == 2 and metric.dataset_ann_file is None


def test_clear_errors(tmp_path):
    with pytest.raises(ValueError, match='no ann_file'):
        WebCocoMetric().dataset_meta = dict(classes=('name', 'price', 'image'))
    missing = str(tmp_path / 'gone.json')
    with pytest.raises(FileNotFoundError, match='gone.json'):
        WebCocoMetric().dataset_meta = dict(classes=('name', ), ann_file=missing)
