"""Pages from templates + photo bank (a tiny outside-data tree made by the test)."""
import json
import os.path as osp

import pytest
from PIL import Image

from webdet_plugin.page_record import load_page_record
from webdet_plugin.synth import (OutsideDataError, PhotoBank, generate_template_dataset,
                                 load_templates, split_families)

PAGE = '''<!doctype html><html><head><link rel="stylesheet" href="css/style.css"></head><body>
<div class="preloader">loading</div><header><img class="logo" src="img/logo.png"></header>
<div class="product"><img class="main" src="img/p1.jpg"><div class="info">
<h2 class="title">Template product</h2><p><span class="now">$10.00</span> <del>$12.00</del></p>
<p class="desc">Lorem ipsum</p></div></div>
<div class="related"><div class="item"><img src="img/r1.jpg"><h4>Other</h4><span>$5</span></div>
<div class="item"><img src="img/r2.jpg"><h4>Other</h4><span>$6</span></div></div></body></html>'''
CSS = ('.main{width:300px;height:360px;object-fit:cover}.related img{width:120px;height:120px}'
       '.logo{width:80px;height:30px}.item{display:inline-block;margin:8px}')


def make_outside(root, designs=('alpha', 'beta', 'gamma'), family=None):
    for slug in designs:
        folder = root / 'templates' / slug
        (folder / 'css').mkdir(parents=True)
        (folder / 'product.html').write_text(PAGE)
        (folder / 'css' / 'style.css').write_text(CSS)
        (folder / 'slots.json').write_text(json.dumps(dict(
            page='product.html', name='.info .title', price='.info .now',
            old_price='.info del', main_image='img.main', related_images='.related img',
            related_names='.related h4', related_prices='.related span',
            other_images='.logo', description='.desc', remove=['.preloader'])))
        (folder / 'manifest.json').write_text(json.dumps(dict(
            design=slug, slug=slug, repository='test/test', licence='MIT',
            family=(family or {}).get(slug, slug))))
    photos = root / 'photos' / 'bank'
    photos.mkdir(parents=True)
    files = []
    for i in range(12):
        split = ('train', 'val', 'test')[i % 3]
        name = f'{split}{i}.jpg'
        Image.new('RGB', (48, 60), (20 * i, 100, 200 - 10 * i)).save(photos / name)
        files.append(dict(file=name, group=f'g{i // 2}-{split}', split=split))
    (photos / 'manifest.json').write_text(json.dumps(dict(source='bank', kind='product',
                                                          files=files)))
    return root


def test_split_families_is_stable_and_covers_every_split():
    split = split_families([f'd{i}' for i in range(20)])
    assert sorted(set(split.values())) == ['test', 'train', 'val']
    assert sum(v == 'test' for v in split.values()) == 3
    more = split_families([f'd{i}' for i in range(20)])
    assert more == split


def test_pages_are_filled_labelled_and_split_by_template(tmp_path):
    outside = make_outside(tmp_path / 'outside')
    summary = generate_template_dataset(str(tmp_path / 'out'), str(outside), 2, seed=0,
                                        workers=1, progress=False)
    assert summary['captured'] == 6 and summary['failed'] == 0
    sites = summary['split_sites']
    assert sorted(sum(sites.values(), [])) == ['alpha', 'beta', 'gamma']
    bank = PhotoBank(str(outside))
    for split in ('train', 'val', 'test'):
        coco = json.loads((tmp_path / 'out' / 'annotations' / f'{split}.json').read_text())
        allowed = {osp.basename(p.path) for p in bank.select(split)}
        for img in coco['images']:
            record = load_page_record(str(tmp_path / 'out' / osp.dirname(img['dom_file'])))
            assert record.site in sites[split]
            labels = {lab.label: record.elements[lab.element] for lab in record.labels}
            assert sorted(labels) == ['image', 'name', 'price']
            assert labels['name'].text != 'Template product' and labels['name'].tag == 'h2'
            assert labels['price'].text != '$10.00'
            texts = [t.text for t in record.text_nodes]
            assert 'loading' not in texts  # removed by the slot map
            photos = {osp.basename(e.src) for e in record.elements
                      if e.tag == 'img' and e.src.startswith('file:') and 'bank' in e.src}
            assert photos and photos <= allowed  # only this split's photos
            main = labels['image']
            assert main.tag == 'img' and round(main.box[2] - main.box[0]) == 300


def test_same_pages_from_the_same_seed(tmp_path):
    outside = make_outside(tmp_path / 'outside', designs=('alpha', ))
    for out in ('a', 'b'):
        generate_template_dataset(str(tmp_path / out), str(outside), 1, seed=3, workers=1,
                                  progress=False)
    a = load_page_record(str(tmp_path / 'a' / 'pages' / 'alpha_p0000'))
    b = load_page_record(str(tmp_path / 'b' / 'pages' / 'alpha_p0000'))
    assert a.text_nodes == b.text_nodes and a.labels == b.labels


def test_bad_outside_data_names_the_file(tmp_path):
    outside = make_outside(tmp_path / 'outside', designs=('alpha', ))
    slots = outside / 'templates' / 'alpha' / 'slots.json'
    data = json.loads(slots.read_text())
    del data['price']
    slots.write_text(json.dumps(data))
    with pytest.raises(OutsideDataError, match=r'alpha/slots.json: slot .price. is missing'):
        load_templates(str(outside))
    manifest = outside / 'photos' / 'bank' / 'manifest.json'
    data = json.loads(manifest.read_text())
    data['files'][0]['file'] = 'gone.jpg'
    manifest.write_text(json.dumps(data))
    with pytest.raises(OutsideDataError, match='bank/manifest.json: files.0. .*gone.jpg'):
        PhotoBank(str(outside))


def test_outside_root_is_the_argument_else_the_variable_else_the_shared_folder(monkeypatch):
    from webdet_plugin.synth import outside_root
    monkeypatch.delenv('WEBDET_OUTSIDE', raising=False)
    assert outside_root() == '../shared/outside'
    monkeypatch.setenv('WEBDET_OUTSIDE', '/data/outside')
    assert outside_root() == '/data/outside'
    assert outside_root('mine') == 'mine'


def _same_texts_images_broken_in_training(root_a, root_b, site, split):
    """Page 0 of ``site`` in dataset ``root_b`` has the texts of ``root_a``'s, every image broken
    in training and none held out, and its image label on an ``img``, which is returned."""
    a = load_page_record(str(root_a / 'pages' / f'{site}_p0000'))
    b = load_page_record(str(root_b / 'pages' / f'{site}_p0000'))
    assert [t.text for t in a.text_nodes] == [t.text for t in b.text_nodes]
    srcs = [e.src for e in b.elements if e.tag == 'img']
    missing = [s.startswith('file:///webdet-missing/') for s in srcs]
    assert srcs and all(missing) if split == 'train' else not any(missing)
    image = next(b.elements[lab.element] for lab in b.labels if lab.label == 'image')
    assert image.tag == 'img'  # the label stays on the image
    return image


def test_broken_images_break_training_pages_only_and_keep_their_contents(tmp_path):
    outside = make_outside(tmp_path / 'outside')
    whole = generate_template_dataset(str(tmp_path / 'whole'), str(outside), 1, seed=0,
                                      workers=1, progress=False)
    broken = generate_template_dataset(str(tmp_path / 'broken'), str(outside), 1, seed=0,
                                       workers=1, progress=False, broken_images=1.0)
    assert broken['captured'] == whole['captured'] == 3 and broken['broken_images'] == 1.0
    for split, sites in broken['split_sites'].items():
        for site in sites:
            _same_texts_images_broken_in_training(tmp_path / 'whole', tmp_path / 'broken', site,
                                                  split)  # the label stays (CSS keeps its box)
    with pytest.raises(ValueError, match='broken_images'):
        generate_template_dataset(str(tmp_path / 'x'), str(outside), 1, broken_images=2)


def test_bare_pages_lose_their_stylesheets_and_photos_in_training_only(tmp_path):
    outside = make_outside(tmp_path / 'outside')
    broken = generate_template_dataset(str(tmp_path / 'broken'), str(outside), 1, seed=0,
                                       workers=1, progress=False, broken_images=1.0)
    bare = generate_template_dataset(str(tmp_path / 'bare'), str(outside), 1, seed=0,
                                     workers=1, progress=False, bare_pages=1.0)
    assert bare['captured'] == broken['captured'] == 3 and bare['bare_pages'] == 1.0
    for split, sites in bare['split_sites'].items():
        for site in sites:
            image = _same_texts_images_broken_in_training(tmp_path / 'broken', tmp_path / 'bare',
                                                          site, split)
            width = image.box[2] - image.box[0]
            # style.css gives the main image 300 px, broken or not; without it the browser
            # draws the broken image's own small box
            if split == 'train':
                assert width < 200
            else:
                assert width == pytest.approx(300, abs=1)
    with pytest.raises(ValueError, match='bare_pages'):
        generate_template_dataset(str(tmp_path / 'x'), str(outside), 1, bare_pages=-0.1)


def test_a_finished_folder_is_not_mixed_with_pages_of_other_settings(tmp_path):
    outside = make_outside(tmp_path / 'outside')
    out = str(tmp_path / 'pages')
    generate_template_dataset(out, str(outside), 1, seed=0, workers=1, progress=False)
    before = sorted(p.name for p in (tmp_path / 'pages' / 'pages').iterdir())
    for settings in (dict(seed=1), dict(bare_pages=0.5), dict(broken_images=0.5)):
        with pytest.raises(ValueError, match=r'summary\.json.*' + next(iter(settings))):
            generate_template_dataset(out, str(outside), 1, workers=1, progress=False,
                                      **settings)
    assert sorted(p.name for p in (tmp_path / 'pages' / 'pages').iterdir()) == before
    # the same settings go on (more pages per design), and overwrite captures anew
    again = generate_template_dataset(out, str(outside), 2, seed=0, workers=1, progress=False)
    assert again['captured'] == 6
    fresh = generate_template_dataset(out, str(outside), 1, seed=1, workers=1, progress=False,
                                      overwrite=True)
    assert fresh['seed'] == 1 and fresh['captured'] == 3
