import re

from webdet_plugin.synth import render_product_page, sample_shop_style, shop_pages
from webdet_plugin.synth.shop_templates import LAYOUTS, format_price


def test_deterministic_and_shops_differ():
    a = shop_pages(sample_shop_style(3, seed=7), 3, seed=7)
    b = shop_pages(sample_shop_style(3, seed=7), 3, seed=7)
    assert a == b
    assert shop_pages(sample_shop_style(3, seed=8), 3, seed=8) != a
    styles = [sample_shop_style(i) for i in range(len(LAYOUTS) * 2)]
    assert {s.layout for s in styles} == set(LAYOUTS)
    assert len({(s.font, s.bg, s.price_format) for s in styles}) > len(LAYOUTS)


def test_every_page_labels_one_name_price_image_and_has_distractors():
    for i in range(12):
        st = sample_shop_style(i)
        for page in shop_pages(st, 4):
            labels = re.findall(r'data-webdet-label="(\w+)"', page)
            assert sorted(labels) == ['image', 'name', 'price']
            assert page.count('class="rel-price"') == st.related >= 2


def test_price_formats():
    assert format_price('${:,.2f}', 1299.5) == '$1,299.50'
    assert format_price('{:,.2f} €', 1299.5) == '1.299,50 €'
    assert format_price('{:,.0f} Kč', 12990) == '12 990 Kč'


def test_generated_dataset_splits_by_shop(tiny_dataset):
    import json
    sites = {}
    for split in ('train', 'val', 'test'):
        coco = json.loads((tiny_dataset / 'annotations' / f'{split}.json').read_text())
        sites[split] = {img['site'] for img in coco['images']}
        assert len(coco['annotations']) == 3 * len(coco['images'])
    assert sites == {'train': {'shop00'}, 'val': {'shop01'}, 'test': {'shop02'}}
    assert render_product_page  # public API


def test_extra_shops_join_training_only():
    from webdet_plugin.capture import CaptureJob
    from webdet_plugin.synth.generator import split_with_extra_train
    jobs = [CaptureJob('', f'shop{s:02d}_p{i}', f'shop{s:02d}') for s in range(3) for i in range(2)]
    extra = [CaptureJob('', f'shop{s:02d}_p{i}', f'shop{s:02d}') for s in (3, 4) for i in range(2)]
    captured = [j.page_id for j in jobs + extra if j.page_id not in ('shop03_p1', 'shop01_p0')]
    splits = split_with_extra_train(jobs, extra, captured[::-1])  # any capture order
    assert splits == dict(train=['shop00_p0', 'shop00_p1', 'shop03_p0', 'shop04_p0', 'shop04_p1'],
                          val=['shop01_p1'], test=['shop02_p0', 'shop02_p1'])
    assert split_with_extra_train(jobs, [], captured) == dict(
        splits, train=['shop00_p0', 'shop00_p1'])


def test_generate_with_extra_training_shops(tmp_path):
    import json
    import os.path as osp

    import pytest
    if not osp.exists('/usr/bin/chromium'):
        pytest.skip('Debian chromium is not installed (tools/setup_env.sh)')
    from webdet_plugin.synth import generate_dataset
    summary = generate_dataset(str(tmp_path), num_shops=3, pages_per_shop=1, seed=1, workers=1,
                               progress=False, extra_train_shops=1, extra_train_pages=2)
    assert summary['captured'] == 5 and summary['splits'] == dict(train=3, val=1, test=1)
    assert summary['split_sites'] == dict(train=['shop00', 'shop03'], val=['shop01'],
                                          test=['shop02'])
    coco = json.loads((tmp_path / 'annotations' / 'train.json').read_text())
    assert [img['page_id'] for img in coco['images']] == [
        'shop00_p0000', 'shop03_p0000', 'shop03_p0001']


def test_info_orders_captions_and_breadcrumbs_once():
    """Every info-block order appears across shops; breadcrumbs never appear twice."""
    from webdet_plugin.synth.shop_templates import INFO_ORDERS
    styles = [sample_shop_style(i) for i in range(60)]
    assert {s.info_order for s in styles} == set(INFO_ORDERS)
    assert len({s.price_caption for s in styles}) > 2 and any(s.price_boxed for s in styles)
    for st in styles[:24]:
        for page in shop_pages(st, 2):
            assert page.count('class="crumbs"') == int(st.breadcrumbs)
            info = page[page.index('class="info"'):]
            name_at, price_at = info.index('data-webdet-label="name"'), info.index(
                'data-webdet-label="price"')
            price_first = st.layout == 'price_first' or (
                st.info_order.index('price') < st.info_order.index('name'))
            assert (price_at < name_at) == price_first


def test_a_finished_folder_is_not_mixed_with_pages_of_other_settings(tmp_path):
    import os.path as osp

    import pytest
    if not osp.exists('/usr/bin/chromium'):
        pytest.skip('Debian chromium is not installed (tools/setup_env.sh)')
    from webdet_plugin.synth import generate_dataset
    out = str(tmp_path / 'shops')
    generate_dataset(out, num_shops=3, pages_per_shop=1, seed=0, workers=1, progress=False)
    pages = tmp_path / 'shops' / 'pages'
    before = {p.name: (p / 'dom.json').read_bytes() for p in pages.iterdir()}
    for settings in (dict(seed=1), dict(num_shops=4)):
        with pytest.raises(ValueError, match=r'summary\.json.*' + next(iter(settings))):
            generate_dataset(out, **dict(dict(num_shops=3, pages_per_shop=1, workers=1,
                                              progress=False), **settings))
    assert {p.name: (p / 'dom.json').read_bytes() for p in pages.iterdir()} == before
    # the same settings go on (more pages per shop), and overwrite captures anew
    again = generate_dataset(out, num_shops=3, pages_per_shop=2, seed=0, workers=1,
                             progress=False)
    assert again['captured'] == 6
    fresh = generate_dataset(out, num_shops=3, pages_per_shop=1, seed=1, workers=1,
                             progress=False, overwrite=True)
    assert fresh['seed'] == 1 and fresh['captured'] == 3
    assert (pages / 'shop00_p0000' / 'dom.json').read_bytes() != before['shop00_p0000']
