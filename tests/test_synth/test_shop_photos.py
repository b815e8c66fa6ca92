"""Synthetic shops with real photos (issue 27 item 1): ShopPhotos and the generator."""
import random

import pytest

from webdet_plugin.page_record import load_page_record
from webdet_plugin.synth import (PhotoBank, ShopPhotos, generate_dataset, render_product_page,
                                 sample_shop_style)
from .test_template_pages import make_outside


def groups_of(tmp_path, n=4):
    from webdet_plugin.synth.outside_data import Photo
    out = {}
    for g in range(n):
        out[f'g{g}'] = []
        for k in range(2):
            path = tmp_path / f'g{g}_{k}.jpg'
            path.write_bytes(b'x')
            out[f'g{g}'].append(Photo(str(path), f'g{g}', 'train'))
    return out


def test_main_image_and_thumbs_show_one_product_related_others(tmp_path):
    photos = ShopPhotos(groups_of(tmp_path), photo_prob=1.0)
    src = photos.for_page(random.Random(0))
    main = src('main', 300, 300)
    group = main.rsplit('/', 1)[1].split('_')[0]
    assert main.startswith('file://')
    assert all(src('thumb', 60, 60).rsplit('/', 1)[1].startswith(group) for _ in range(3))
    assert all(src('related', 100, 100).startswith('file://') for _ in range(5))


def test_no_page_is_only_shapes(tmp_path):
    photos = ShopPhotos(groups_of(tmp_path), photo_prob=0.0)
    src = photos.for_page(random.Random(1))
    assert src('main', 300, 300).startswith('data:image/svg')
    assert src('thumb', 60, 60).startswith('data:image/svg')
    assert src('related', 100, 100).startswith('file://')  # the first related: a photo
    assert src('related', 100, 100).startswith('data:image/svg')
    with pytest.raises(ValueError, match='no product photos'):
        ShopPhotos({})


def test_pages_with_photos_are_deterministic_and_cropped(tmp_path):
    st = sample_shop_style(3)
    photos = ShopPhotos(groups_of(tmp_path), photo_prob=0.8)
    pages = [render_product_page(st, random.Random('p'), photos.for_page(random.Random('p')))
             for _ in range(2)]
    assert pages[0] == pages[1]
    assert 'file://' in pages[0] and 'style="object-fit:cover"' in pages[0]
    plain = render_product_page(st, random.Random('p'))
    assert 'file://' not in plain and 'object-fit' not in plain


def test_generated_shops_use_their_own_splits_photos(tmp_path):
    make_outside(tmp_path / 'outside')
    bank = PhotoBank(str(tmp_path / 'outside'))
    out = tmp_path / 'shops'
    summary = generate_dataset(str(out), num_shops=3, pages_per_shop=1, seed=1, workers=1,
                               progress=False, photo_bank=bank, photo_prob=1.0)
    assert summary['captured'] == 3 and summary['photo_prob'] == 1.0
    split_of_path = {p.path: p.split for p in bank.photos}
    assert {s for s, sites in summary['split_sites'].items() if sites} == {'train', 'val', 'test'}
    for split, sites in summary['split_sites'].items():
        for site in sites:
            record = load_page_record(str(out / 'pages' / f'{site}_p0000'))
            srcs = [e.src for e in record.elements if e.src and e.src.startswith('file://')]
            assert srcs, site
            for src in srcs:
                path = src[len('file://'):]
                assert split_of_path[path] == split, (site, path)
