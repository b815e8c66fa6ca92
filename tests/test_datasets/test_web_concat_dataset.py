"""WebConcatDataset: a mixture of page datasets has one metainfo dict, or fails at build."""
import pytest
from mmdet.registry import DATASETS

from webdet_plugin.datasets import agreed_metainfo


def page_dataset(root, split, **kwargs):
    return dict(type='WebPageDataset', data_root=str(root), ann_file=f'annotations/{split}.json',
                data_prefix=dict(img=''), pipeline=[], **kwargs)


def test_mixture_metainfo_is_one_dict(tiny_dataset):
    parts = [page_dataset(tiny_dataset, 'train'), page_dataset(tiny_dataset, 'val')]
    # mmdet's ConcatDataset makes a list of the two (their ann_file differs): the bug of issue 26
    assert isinstance(DATASETS.build(dict(type='ConcatDataset', datasets=parts)).metainfo, list)
    mix = DATASETS.build(dict(type='WebConcatDataset', datasets=parts))
    meta = mix.metainfo
    assert isinstance(meta, dict)
    assert meta['classes'] == ('name', 'price', 'image')
    assert len(meta['palette']) == 3 and 'ann_file' not in meta
    assert meta['cumulative_sizes'] == [2, 4] and len(mix) == 4


def test_mixture_with_other_classes_fails_at_build_naming_both(tiny_dataset):
    parts = [page_dataset(tiny_dataset, 'train'),
             page_dataset(tiny_dataset, 'val', metainfo=dict(classes=('name', 'price')))]
    with pytest.raises(ValueError, match=r"disagree on 'classes'") as info:
        DATASETS.build(dict(type='WebConcatDataset', datasets=parts))
    assert 'annotations/train.json' in str(info.value)
    assert 'annotations/val.json' in str(info.value)


def test_agreed_metainfo_keeps_what_all_share():
    a = dict(classes=('a', 'b'), palette=[(1, 2, 3), (4, 5, 6)], ann_file='a.json', x=1)
    b = dict(classes=['a', 'b'], palette=((1, 2, 3), (4, 5, 6)), ann_file='b.json', x=1)
    assert agreed_metainfo([a, b]) == dict(classes=('a', 'b'), palette=a['palette'], x=1)
    assert agreed_metainfo([a]) == a
    with pytest.raises(ValueError, match="'palette'.*a.json.*b.json"):
        agreed_metainfo([a, dict(b, palette=[(0, 0, 0), (4, 5, 6)])])
    with pytest.raises(ValueError, match='ckpt.pth: no dataset metainfo'):
        agreed_metainfo([], source='ckpt.pth')
