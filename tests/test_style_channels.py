"""Style channels: text styles gathered over the TextMap's cells, images painted by area."""
import numpy as np
import pytest

from webdet_plugin.datasets.transforms import LoadTextMap
from webdet_plugin.page_record import Element, PageRecord, PageRecordError, Style, TextNode
from webdet_plugin.style_channels import (IMAGE_CHANNELS, STYLE_CHANNELS, TEXT_STYLE_CHANNELS,
                                          image_channels, looks_like_price, text_style_vectors)


def node(text, box, **style):
    return TextNode(text, box, [box], 'span', Style(**style))


def styled_page():
    nodes = [node('Kettle', [8, 8, 200, 40], font_size=32, font_weight=700, context='h1'),
             node('$20', [8, 48, 64, 64], strike=True, contrast=4.5),
             node('$15', [72, 48, 128, 64], context='button')]
    elements = [Element('img', [256, 0, 512, 256], style=Style()),
                Element('img', [300, 40, 364, 104], style=Style()),
                Element('span', [8, 48, 64, 64], style=Style())]
    return PageRecord('p', 640, 320, text_nodes=nodes, elements=elements)


def test_text_style_vectors():
    v = text_style_vectors(styled_page().text_nodes)
    c = {name: i for i, name in enumerate(TEXT_STYLE_CHANNELS)}
    assert v.shape == (3, len(TEXT_STYLE_CHANNELS)) == (3, 11)
    assert v[0, c['font_size']] == pytest.approx(1.0)  # 32 px = log2(2)
    assert v[1, c['font_size']] == 0 and v[1, c['font_size_of_page_max']] == 0.5
    assert v[0, c['font_weight']] == 1 and v[1, c['font_weight']] == 0
    assert v[1, c['strike']] == 1 and v[0, c['strike']] == 0
    assert v[0, c['contrast']] == pytest.approx(1) and 0 < v[1, c['contrast']] < 1
    assert v[0, c['in_h1']] == 1 and v[2, c['in_button']] == 1 and v[1, 5:10].sum() == 0
    assert v[:, c['price_text']].tolist() == [0, 1, 1]


@pytest.mark.parametrize('text', ['$17.99', '225,00 €', 'EGP 1,695.00', 'Price: £60', 'CHF 12.-',
                                  '1 299 Kč', 'From £1,049.00', 'US$ 5'])
def test_looks_like_price(text):
    assert looks_like_price(text)


@pytest.mark.parametrize('text', ['Add to cart', '10,000+ sold', 'Ships in 3 days', '06696',
                                  'Free delivery on orders over $50 within the mainland of this '
                                  'country', 'EURO 2024', 'kraft paper 5'])
def test_does_not_look_like_price(text):
    assert not looks_like_price(text)


def test_image_channels_paint_smaller_images_on_top():
    page = styled_page()
    boxes = np.array([e.box for e in page.elements], np.float32)
    maps = image_channels(page.elements, boxes, (40, 80), 8)
    assert maps.shape == (len(IMAGE_CHANNELS), 40, 80)
    assert maps[0, 2, 33] == 1 and maps[1, 2, 33] == 1  # inside the big image only
    assert maps[1, 8, 40] == pytest.approx(64 * 64 / 256 ** 2)  # the small one on top
    assert maps[:, 7, 2].sum() == 0  # the span is no image
    assert image_channels([], np.zeros((0, 4)), (4, 4), 8).sum() == 0


def test_load_textmap_style_channels_follow_the_window(tmp_path):
    results = dict(page_record=styled_page(), img_shape=(160, 320), page_offset=(0, 0),
                   scale_factor=(0.5, 0.5), dom_path='x/dom.json')
    out = LoadTextMap(n_features=8, style=True)(results)
    style = out['textmap_style']
    assert style.shape == (len(STYLE_CHANNELS), 20, 40) and style.dtype == np.float16
    assert style[5, 1, 4] == 1 and style[5, 2, 4] == 0  # the h1 at half size: rows 0-1
    assert style[3, 3, 1] == 1 and style[8, 3, 5] == 1  # struck price, button price
    image = STYLE_CHANNELS.index('image')
    assert style[image, 5, 20] == 1 and style[image, 5, 10] == 0
    price = STYLE_CHANNELS.index('price_text')
    assert style[price, 3, 1] == 1 and style[price, 1, 4] == 0  # '$20', not 'Kettle'


def test_load_textmap_keeps_the_named_style_channels():
    results = dict(page_record=styled_page(), img_shape=(160, 320), page_offset=(0, 0),
                   scale_factor=(0.5, 0.5), dom_path='x/dom.json')
    full = LoadTextMap(n_features=8, style=True)(dict(results))['textmap_style']
    keep = [c for c in STYLE_CHANNELS if c != 'price_text']
    some = LoadTextMap(n_features=8, style=keep)(dict(results))['textmap_style']
    np.testing.assert_array_equal(some, full[[STYLE_CHANNELS.index(c) for c in keep]])
    one = LoadTextMap(n_features=8, style='strike')(dict(results))['textmap_style']
    np.testing.assert_array_equal(one, full[[STYLE_CHANNELS.index('strike')]])
    with pytest.raises(ValueError, match="'boldness'"):
        LoadTextMap(style=['strike', 'boldness'])


def test_records_without_styles_fail_naming_the_file():
    page = styled_page()
    page.text_nodes[1].style = None
    results = dict(page_record=page, img_shape=(160, 320), dom_path='shop/p1/dom.json')
    with pytest.raises(PageRecordError, match='shop/p1/dom.json.*capture the page again'):
        LoadTextMap(n_features=8, style=True)(results)
    assert 'textmap_style' not in LoadTextMap(n_features=8)(results)
