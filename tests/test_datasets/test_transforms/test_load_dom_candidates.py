"""LoadDomCandidates' class mask: which classes each DOM candidate may take."""
import numpy as np
import pytest
import torch

from webdet_plugin.datasets.transforms import LoadDomCandidates, PackWebInputs
from webdet_plugin.page_record import Element, PageRecord

CLASSES = ('name', 'price', 'image')
IMAGES = dict(image=('img', 'svg'))


def page_results(elements):
    record = PageRecord('p', 320, 200, elements=elements)
    return dict(img=np.zeros((100, 160, 3), np.uint8), img_shape=(100, 160), ori_shape=(100, 160),
                page_record=record, page_offset=(0, 0), scale_factor=(0.5, 0.5))


def test_the_image_class_is_open_to_image_elements_only():
    elements = [Element('h1', [0, 0, 100, 20], text='Lamp'), Element('IMG', [0, 30, 120, 50]),
                Element('span', [0, 60, 30, 61], text='tiny'),  # under min_size: left out
                Element('span', [0, 70, 40, 90], text='$5'), Element('svg', [200, 0, 260, 40])]
    out = LoadDomCandidates(class_tags=IMAGES, classes=CLASSES)(page_results(elements))
    assert out['proposals'].shape == (4, 4)
    np.testing.assert_array_equal(out['proposals_class_mask'], [[1, 1, 0], [1, 1, 1], [1, 1, 0],
                                                                [1, 1, 1]])
    packed = PackWebInputs()(out)['data_samples']
    assert packed.proposals.class_mask.dtype == torch.bool
    assert packed.proposals.class_mask.tolist() == out['proposals_class_mask'].tolist()
    assert len(packed.proposals) == 4  # one row per proposal, beside bboxes and scores


def test_a_page_without_images_keeps_the_class_open():
    elements = [Element('h1', [0, 0, 100, 20], text='Lamp'), Element('div', [0, 30, 120, 90])]
    out = LoadDomCandidates(class_tags=IMAGES, classes=CLASSES)(page_results(elements))
    assert out['proposals_class_mask'].all()


def test_no_mask_without_class_tags():
    out = LoadDomCandidates()(page_results([Element('img', [0, 30, 120, 50])]))
    assert 'proposals_class_mask' not in out
    assert not hasattr(PackWebInputs()(out)['data_samples'].proposals, 'class_mask')


@pytest.mark.parametrize('kwargs, match', [
    (dict(class_tags=IMAGES), 'classes'),
    (dict(class_tags=dict(photo=('img', )), classes=CLASSES), "photo.*not among"),
    (dict(class_tags=IMAGES, classes=CLASSES, key='dom_candidates'), "key='proposals'"),
])
def test_bad_class_tags_are_refused(kwargs, match):
    with pytest.raises(ValueError, match=match):
        LoadDomCandidates(**kwargs)
