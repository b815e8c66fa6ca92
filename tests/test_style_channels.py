"""Style channels: text styles gathered over the TextMap's cells, images painted by area."""
import numpy as np
import pytest

from webdet_plugin.datasets.transforms import LoadTextMap
from webdet_plugin.page_record import Element, PageRecord, PageRecordError, Style, TextNode
from webdet_plugin.style_channels import (IMAGE_CHANNELS, STYLE_CHANNELS, TEXT_STYLE_CHANNELS,
                                          image_channels, text_style_vectors)


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
    assert v.shape == (3, 10)
    assert v[0, c['font_size']] == pytest.approx(1.0)  # 32 px = log2(2)
    assert v[1, c['font_size']] == 0 and v[1, c['font_size_of_page_max']] == 0.5
    assert v[0, c['font_weight']] == 1 and v[1, c['font_weight']] == 0
    assert v[1, c['strike']] == 1 and v[0, c['strike']] == 0
    assert v[0, c['contrast']] == pytest.approx(1) and 0 < v[1, c['contrast']] < 1
    assert v[0, c['in_h1']] == 1 and v[2, c['in_button']] == 1 and v[1, 5:].sum() == 0


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
    assert style[10, 5, 20] == 1 and style[10, 5, 10] == 0


def test_records_without_styles_fail_naming_the_file():
    page = styled_page()
    page.text_nodes[1].style = None
    results = dict(page_record=page, img_shape=(160, 320), dom_path='shop/p1/dom.json')
    with pytest.raises(PageRecordError, match='shop/p1/dom.json.*capture the page again'):
        LoadTextMap(n_features=8, style=True)(results)
    assert 'textmap_style' not in LoadTextMap(n_features=8)(results)
