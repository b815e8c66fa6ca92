import json
import os
import os.path as osp
import shutil
import sys

import numpy as np
import pytest

from webdet_plugin.apis import PageExtractor, snap_to_dom
from webdet_plugin.page_record import load_page_record, write_json_atomic
from ..conftest import run


def test_snapping_recovers_name_price_and_image(tiny_dataset):
    """Boxes near the labelled ones (as a good detector gives) snap to the true strings."""
    rng = np.random.default_rng(0)
    pages = sorted((tiny_dataset / 'pages').iterdir())
    for page in pages:
        record = load_page_record(str(page))
        for lab in record.labels:
            truth = record.elements[lab.element]
            box = (np.array(lab.box) + rng.uniform(-3, 3, 4)).tolist()
            got = snap_to_dom(box, record, media=lab.label == 'image')
            assert got['element']['box'] == truth.box and got['iou'] > 0.7
            if lab.label == 'image':
                assert got['element']['tag'] == 'img' and got['element']['src'] == truth.src
            else:
                # text nodes keep the source text; an element's text is rendered (CSS
                # text-transform applied), so the two may differ in case only
                assert got['text'].casefold() == truth.text.casefold() and got['text'].strip()


def test_extract_tool_json_picture_and_missing_price(tiny_dataset, quick_checkpoint, tmp_path):
    cfg, ckpt = quick_checkpoint
    page = sorted((tiny_dataset / 'pages').iterdir())[0]
    html = tiny_dataset / 'html' / 'shop00' / 'p0000.html'
    # a captured page without a price: remove the price element and its text node
    no_price = tmp_path / 'no_price'
    shutil.copytree(page, no_price)
    data = json.loads((no_price / 'dom.json').read_text())
    price = next(lab for lab in data['labels'] if lab['label'] == 'price')
    data['text_nodes'] = [t for t in data['text_nodes'] if t['box'] != price['box']]
    write_json_atomic(str(no_price / 'dom.json'), data)
    out = tmp_path / 'out'
    proc = run([sys.executable, 'tools/extract.py', str(html), str(no_price), str(tmp_path / 'x'),
                '--config', cfg, '--checkpoint', ckpt, '--out', str(out), '--top-k', '2'])
    assert 'pages: 3, extracted: 2, failures: 1' in proc.stdout
    for name in ('p0000', 'no_price'):
        result = json.loads((out / f'{name}.json').read_text())
        assert set(result['results']) == {'name', 'price', 'image'}
        for entries in result['results'].values():
            assert entries is None or (1 <= len(entries) <= 2 and all(
                set(e) >= {'score', 'found', 'box', 'element', 'text', 'iou'} for e in entries))
        assert osp.getsize(out / f'{name}.png') > 1000
    # no crash on a page without a price: an explicit null, or entries flagged by the threshold
    price = json.loads((out / 'no_price.json').read_text())['results']['price']
    assert price is None or all(e['found'] == (e['score'] >= 0.3) for e in price)
    # run again: the pages with JSON are kept, the failing input is tried again
    stamp = os.stat(out / 'p0000.json').st_mtime_ns
    again = run([sys.executable, 'tools/extract.py', str(html), str(no_price),
                 str(tmp_path / 'x'), '--config', cfg, '--checkpoint', ckpt, '--out', str(out)])
    assert 'pages: 3, extracted: 0 (+2 already there), failures: 1' in again.stdout
    assert os.stat(out / 'p0000.json').st_mtime_ns == stamp


def test_extractor_api_on_captured_page(tiny_dataset, quick_checkpoint):
    cfg, ckpt = quick_checkpoint
    extractor = PageExtractor(cfg, ckpt, top_k=1, score_thr=0.0)
    page = sorted((tiny_dataset / 'pages').iterdir())[1]
    result = extractor.extract_page_dir(str(page))
    assert result['page_id'] == page.name and result['window'][:2] == [0, 0]
    for name, entries in result['results'].items():
        assert entries is None or (len(entries) == 1 and entries[0]['found'])
    with pytest.raises(Exception, match='DOM record not found'):
        extractor.extract_page_dir(str(page.parent / 'nope'))


def test_bf16_backbone_matches_float32_features(tiny_dataset, quick_checkpoint):
    """bf16 autocast covers backbone + neck only: float32 out, close to the float32 features."""
    import torch
    from mmengine.dataset import pseudo_collate
    cfg, ckpt = quick_checkpoint
    # float32 said explicitly: by default a CPU with AMX / AVX512-BF16 runs bf16 too
    fp32 = PageExtractor(cfg, ckpt, score_thr=0.0, bf16=False)
    bf16 = PageExtractor(cfg, ckpt, score_thr=0.0, bf16=True)
    page = sorted((tiny_dataset / 'pages').iterdir())[0]
    data = fp32.pipeline(dict(img_path=str(page / 'screenshot.png'),
                              dom_path=str(page / 'dom.json'), img_id=0, page_id=page.name,
                              window=(0, 0)))
    batch = fp32.model.data_preprocessor(pseudo_collate([data]), False)
    with torch.no_grad():
        ref = fp32.model.extract_feat(batch['inputs'])
        got = bf16.model.extract_feat(batch['inputs'])
    assert len(got) == len(ref)
    for r, g in zip(ref, got):
        assert g.dtype == torch.float32 and g.shape == r.shape
        assert not torch.equal(r, g)  # bf16 really ran
        assert (g - r).abs().max() <= 0.05 * r.abs().max() + 1e-3
    result = bf16.extract_page_dir(str(page))
    assert set(result['results']) == {'name', 'price', 'image'}


def test_extract_many_overlaps_capture_and_keeps_order(tiny_dataset, quick_checkpoint, tmp_path):
    """HTML files and captured folders in one batch: results in job order, a failed capture
    reported and skipped, each page captured only as far down as the model's window reaches."""
    from webdet_plugin.apis import model_window
    from webdet_plugin.capture import CaptureJob
    cfg, ckpt = quick_checkpoint
    extractor = PageExtractor(cfg, ckpt, score_thr=0.0)
    height, width = model_window(extractor.model.cfg)
    assert extractor.capture_options.max_height == height
    html = tiny_dataset / 'html' / 'shop00'
    page = sorted((tiny_dataset / 'pages').iterdir())[0]
    jobs = [CaptureJob(str(html / 'p0000.html'), 'a'), CaptureJob(str(tmp_path / 'no.html'), 'b'),
            CaptureJob(str(page), page.name), CaptureJob(str(html / 'p0001.html'), 'c')]
    got = list(extractor.extract_many(jobs, str(tmp_path / 'pages')))
    assert [g.job.page_id for g in got] == ['a', 'b', page.name, 'c']
    assert got[1].result is None and 'no such HTML file' in got[1].error
    for g in (got[0], got[2], got[3]):
        assert g.error is None and set(g.result['results']) == {'name', 'price', 'image'}
        assert set(g.result['seconds']) == {'capture', 'load', 'model', 'snapping'}
    assert got[2].result['seconds']['capture'] == 0 and got[0].result['seconds']['capture'] > 0
    record = load_page_record(str(tmp_path / 'pages' / 'a'))
    assert record.height <= height and record.page_height > height
    # the same page captured whole gives the same extraction (the model sees the same window)
    full = extractor.extract_page_dir(str(page))
    assert full['results'] == got[2].result['results']
