"""Real captures with headless Debian Chromium (installed by tools/setup_env.sh)."""
import json
import os
import os.path as osp

import pytest
from PIL import Image

from webdet_plugin.capture import (CaptureError, CaptureJob, CaptureOptions, PageCapturer,
                                   capture_pages, expand_sources, write_coco)
from webdet_plugin.page_record import load_page_record

FIXTURES = osp.join(osp.dirname(osp.dirname(__file__)), 'fixtures')
pytestmark = pytest.mark.skipif(not osp.exists('/usr/bin/chromium'),
                                reason='Debian chromium is not installed (tools/setup_env.sh)')


def fixture(name):
    return osp.join(FIXTURES, name)


def close(box, want, tol=2.0):
    return all(abs(a - b) <= tol for a, b in zip(box, want))


@pytest.fixture(scope='module')
def capturer():
    options = CaptureOptions(selectors={'cta': '.sel'}, timeout_s=10)
    with PageCapturer(options) as cap:
        yield cap


def test_product_page_boxes_and_labels(capturer, tmp_path):
    record = capturer.capture(fixture('product.html'), str(tmp_path), 'product', site='s1')
    assert (tmp_path / 'product' / 'screenshot.png').is_file()
    assert load_page_record(str(tmp_path / 'product')) == record
    with Image.open(tmp_path / 'product' / 'screenshot.png') as im:
        assert im.size == (record.width, record.height) and record.width == 1280
    labels = {lab.label: lab for lab in record.labels}
    assert set(labels) == {'name', 'price', 'image', 'cta'}
    assert close(labels['image'].box, [400, 60, 700, 260])
    assert labels['name'].box[0] == pytest.approx(40, abs=2)
    assert labels['name'].box[1] == pytest.approx(30, abs=2)
    assert labels['name'].box[3] == pytest.approx(60, abs=2)
    assert labels['price'].box[:2] == pytest.approx([40, 100], abs=2)
    # data attribute and itemprop on the same element give one label
    assert sum(lab.label == 'name' for lab in record.labels) == 1
    texts = {t.text: t for t in record.text_nodes}
    assert 'Café Kettle' in texts and '$12.99' in texts and 'Selected by CSS' in texts
    for hidden in ('hidden by display', 'hidden by visibility', 'transparent child',
                   'off the page', 'zero size'):
        assert hidden not in texts
    wrapped = texts['one two three four five six seven eight']
    assert len(wrapped.lines) >= 3  # one box per rendered line
    assert all(close([ln[0]], [40]) for ln in wrapped.lines)
    pairs = zip(wrapped.lines, wrapped.lines[1:])
    assert all(b[1] - a[1] == pytest.approx(20, abs=1) for a, b in pairs)
    img = record.elements[labels['image'].element]
    assert img.tag == 'img' and img.alt == 'kettle' and img.src.endswith('pixel.svg')
    assert record.elements[labels['price'].element].text == '$12.99'


@pytest.mark.parametrize('name,encoding,text', [
    ('utf8_no_charset.html', None, 'Grüße aus Köln – €5'),
    ('latin1_meta.html', None, 'Grüße aus Köln'),
    ('utf8_bom.html', None, 'Grüße BOM'),
    ('latin1_no_charset.html', 'latin-1', 'Grüße ohne Angabe'),
])
def test_encodings_do_not_turn_into_mojibake(capturer, tmp_path, name, encoding, text):
    capturer.options.encoding = encoding
    try:
        record = capturer.capture(fixture(name), str(tmp_path), 'enc')
    finally:
        capturer.options.encoding = None
    assert [t.text for t in record.text_nodes] == [text]


def test_undeclared_non_utf8_is_a_clear_error(capturer, tmp_path):
    with pytest.raises(CaptureError, match='latin1_no_charset.html.*--encoding'):
        capturer.capture(fixture('latin1_no_charset.html'), str(tmp_path), 'bad')
    assert os.listdir(tmp_path) == []


def test_tall_pages_are_cut_not_refused(capturer, tmp_path):
    record = capturer.capture(fixture('tall.html'), str(tmp_path), 'tall')
    assert (record.width, record.height, record.page_height) == (1280, 4096, 20000)
    assert record.capture['clipped'] and not record.capture['javascript']
    with Image.open(tmp_path / 'tall' / 'screenshot.png') as im:
        assert im.size == (1280, 4096)
    record = capturer.capture(fixture('empty_text.html'), str(tmp_path), 'empty')
    assert record.text_nodes == [] and len(record.elements) == 1
    assert not record.capture['clipped']
    assert sorted(os.listdir(tmp_path)) == ['empty', 'tall']


def test_batch_skips_failures_and_goes_on(tmp_path):
    jobs = [CaptureJob(fixture('hang.html'), 'hang'), CaptureJob(fixture('product.html'), 'ok'),
            CaptureJob(fixture('missing.html'), 'missing')]
    # scripts on: hang.html's loop keeps it from loading (off, it is captured as saved)
    summary = capture_pages(jobs, str(tmp_path / 'pages'),
                            CaptureOptions(timeout_s=3, javascript=True), workers=2,
                            progress=False)
    assert summary.captured == ['ok']
    reasons = dict(summary.failed)
    assert 'Timeout' in reasons[fixture('hang.html')]
    assert 'no such HTML file' in reasons[fixture('missing.html')]
    assert sorted(os.listdir(tmp_path / 'pages')) == ['ok']
    skipped = write_coco(str(tmp_path / 'annotations' / 'all.json'), str(tmp_path), ['ok'])
    coco = json.loads((tmp_path / 'annotations' / 'all.json').read_text())
    assert [c['name'] for c in coco['categories']] == ['name', 'price', 'image']
    assert len(coco['annotations']) == 3 and coco['images'][0]['file_name'] == \
        'pages/ok/screenshot.png'
    assert skipped['not_in_classes'] == {}


def test_expand_sources_makes_unique_ids(tmp_path):
    (tmp_path / 'a').mkdir()
    (tmp_path / 'a' / 'x.html').write_text('<p>1</p>')
    (tmp_path / 'b.html').write_text('<p>2</p>')
    jobs = expand_sources([str(tmp_path / 'a'), str(tmp_path / 'b.html'),
                           'http://localhost:8000/p?q=1'])
    assert [j.page_id for j in jobs] == ['x', 'b', 'localhost_8000_p_q_1']
    with pytest.raises(FileNotFoundError, match='nope.html'):
        expand_sources([str(tmp_path / 'nope.html')])


def test_saved_pages_run_no_scripts_urls_do(capturer, tmp_path):
    page = tmp_path / 'p.html'
    page.write_text('<h1 id="t">as saved</h1><script>document.getElementById("t").textContent '
                    '= "changed by a script"</script>')
    assert not capturer.javascript_for(str(page))
    assert capturer.javascript_for('http://localhost:1/')
    record = capturer.capture(str(page), str(tmp_path / 'pages'), 'saved')
    assert [t.text for t in record.text_nodes] == ['as saved']
    capturer.options.javascript = True  # --js
    try:
        record = capturer.capture(str(page), str(tmp_path / 'pages'), 'run')
    finally:
        capturer.options.javascript = None
    assert [t.text for t in record.text_nodes] == ['changed by a script']
    assert record.capture['javascript']


def test_one_tab_serves_the_pages_without_scripts(capturer, tmp_path):
    """Saved pages reuse one tab (a new one costs a renderer process); nothing of a page
    shows in the next one's record, and a failed page does not break the tab."""
    first = capturer.capture(fixture('product.html'), str(tmp_path), 'a')
    tab = capturer._session[1]
    empty = capturer.capture(fixture('empty_text.html'), str(tmp_path), 'b')
    assert capturer._session[1] is tab
    assert empty.text_nodes == [] and empty.labels == [] and len(empty.elements) == 1
    with pytest.raises(CaptureError, match='cannot decode'):
        capturer.capture(fixture('latin1_no_charset.html'), str(tmp_path), 'bad')
    again = capturer.capture(fixture('product.html'), str(tmp_path), 'c')
    assert again.to_dict()['labels'] == first.to_dict()['labels']
    assert [t.text for t in again.text_nodes] == [t.text for t in first.text_nodes]
    # the decoded copies of the files are not kept
    assert [n for n in os.listdir(capturer._tmp) if n.endswith('.html')] == []


def test_styles_are_recorded(capturer, tmp_path):
    """Font size and weight, struck-through text (s and CSS), contrast against the background
    actually behind the text, and the nearest heading / link / button / label."""
    record = capturer.capture(fixture('styles.html'), str(tmp_path), 'styles')
    assert record.has_styles
    assert json.loads((tmp_path / 'styles' / 'dom.json').read_text())['format'] == 'webdet-page/2'
    style = {t.text: t.style for t in record.text_nodes}
    tag = {t.text: t.tag for t in record.text_nodes}
    assert style['Big Title'].font_size == 32 and style['Big Title'].font_weight == 700
    assert style['Big Title'].context == 'h1' and tag['Big Title'] == 'h1'
    assert style['$20.00'].strike and style['$19.00'].strike and not style['$15.00'].strike
    assert tag['$20.00'] == 's' and style['$15.00'].font_weight == 700
    assert style['$15.00'].font_size == 16 and style['$15.00'].context is None
    assert style['$15.00'].contrast == pytest.approx(21)  # black on the white body
    assert style['faint'].contrast == pytest.approx(1)  # white on white
    assert style['white on black'].contrast == pytest.approx(21)
    assert style['on see-through'].contrast == pytest.approx(1)  # 10 % black: the white below
    assert style['inside link'].context == 'a' and tag['inside link'] == 'span'
    assert style['Buy'].context == 'button' and style['Qty'].context == 'label'
    images = [e for e in record.elements if e.tag == 'img']
    assert len(images) == 2 and all(e.style is not None for e in record.elements)
