"""Labels from a page's own structured data (JSON-LD, microdata, OpenGraph)."""
import os.path as osp

import pytest

from webdet_plugin.capture import CaptureOptions, PageCapturer

FIXTURES = osp.join(osp.dirname(osp.dirname(__file__)), 'fixtures', 'structured')
pytestmark = pytest.mark.skipif(not osp.exists('/usr/bin/chromium'),
                                reason='Debian chromium is not installed (tools/setup_env.sh)')


@pytest.fixture(scope='module')
def capturer():
    with PageCapturer(CaptureOptions(itemprops={}, structured=True, timeout_s=10)) as cap:
        yield cap


def labelled(record):
    """label -> (tag, text or img box size) of the labelled element."""
    out = {}
    for lab in record.labels:
        el = record.elements[lab.element]
        out[lab.label] = (el.tag, el.text if el.tag != 'img' else
                          (round(el.box[2] - el.box[0]), round(el.box[3] - el.box[1])))
    return out


def test_json_ld_values_are_matched_to_what_the_page_shows(capturer, tmp_path):
    record = capturer.capture(osp.join(FIXTURES, 'jsonld.html'), str(tmp_path), 'p')
    assert labelled(record) == {'name': ('h1', 'Acme Copper Kettle 1.7 L'),
                                'image': ('img', (300, 300)), 'price': ('span', '1.299,50 €')}
    report = record.capture['structured']
    assert report['price'] == {'source': 'json-ld', 'value': '1299.50', 'found': True}
    # the struck old price and the related product's equal price are not the price
    price = [lab for lab in record.labels if lab.label == 'price'][0]
    assert price.box[1] < 700  # the related price is below 900 px


def test_microdata_of_the_product_item(capturer, tmp_path):
    record = capturer.capture(osp.join(FIXTURES, 'microdata.html'), str(tmp_path), 'p')
    assert labelled(record) == {'name': ('h1', 'Northwind Oak Chair'),
                                'image': ('img', (200, 200)), 'price': ('span', '$89.00')}
    assert record.capture['structured']['name']['source'] == 'microdata'


def test_opengraph_and_markup_labels_first(capturer, tmp_path):
    record = capturer.capture(osp.join(FIXTURES, 'opengraph.html'), str(tmp_path), 'p')
    assert labelled(record) == {'name': ('h1', 'Globex Wireless Headphones'),
                                'image': ('img', (250, 250)), 'price': ('b', '59,90 zł')}
    # the name was labelled by the page's own attribute: one name label, not two
    assert [lab.label for lab in record.labels].count('name') == 1


def test_without_the_option_no_structured_labels(capturer, tmp_path):
    capturer.options.structured = False
    try:
        record = capturer.capture(osp.join(FIXTURES, 'jsonld.html'), str(tmp_path), 'p')
    finally:
        capturer.options.structured = True
    assert record.labels == [] and 'structured' not in record.capture
