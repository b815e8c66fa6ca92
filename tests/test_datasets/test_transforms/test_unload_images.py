"""UnloadImages: photos painted over in the screenshot, the page record left as it was."""
import numpy as np
import pytest

from webdet_plugin.datasets.transforms import UnloadImages
from webdet_plugin.page_record import Element, PageRecord


def page_results():
    elements = [Element('img', [40, 20, 120, 100]), Element('span', [0, 0, 30, 10], text='$5'),
                Element('IMG', [200, 0, 260, 40])]
    record = PageRecord('p', 320, 200, elements=elements)
    img = np.random.RandomState(0).randint(0, 200, (100, 160, 3)).astype(np.uint8)
    return dict(img=img, img_shape=(100, 160), page_record=record, page_offset=(0, 0),
                scale_factor=(0.5, 0.5))


def test_unload_paints_every_image_in_the_image_frame():
    results = page_results()
    before = results['img'].copy()
    out = UnloadImages(prob=1.0, fills=[(1, 2, 3)])(results)
    img = out['img']
    assert (img[10:50, 20:60] == [1, 2, 3]).all()  # page box halved
    assert (img[0:20, 100:130] == [1, 2, 3]).all()  # tag case ignored
    outside = np.ones(img.shape[:2], bool)
    outside[10:50, 20:60] = outside[0:20, 100:130] = False
    np.testing.assert_array_equal(img[outside], before[outside])  # span and the rest untouched
    assert out['images_unloaded'] == 2 and len(out['page_record'].elements) == 3


def test_unload_follows_the_window_and_skips_pages_by_chance():
    results = page_results()
    results.update(page_offset=(40, 20), scale_factor=(1.0, 1.0))
    before = results['img'].copy()
    out = UnloadImages(prob=1.0, fills=[(0, 0, 0)])(results)
    assert (out['img'][0:80, 0:80] == 0).all()
    np.testing.assert_array_equal(out['img'][:, 80:], before[:, 80:])  # 2nd image: off-window
    kept = page_results()
    before = kept['img'].copy()
    np.testing.assert_array_equal(UnloadImages(prob=0.0)(kept)['img'], before)
    np.random.seed(0)
    hits = sum('images_unloaded' in UnloadImages(prob=0.25)(page_results()) for _ in range(400))
    assert 60 < hits < 140


def test_unload_rejects_bad_arguments():
    with pytest.raises(ValueError, match='prob'):
        UnloadImages(prob=1.5)
    with pytest.raises(ValueError, match='BGR'):
        UnloadImages(fills=[(1, 2)])
