"""Style channels: what the page's computed styles say, as dense maps beside the TextMap.

The hashed words of a TextMap say what a text node reads, not how it is shown; a product page's
rules of thumb ("the first ``h1``", "the largest image", "the bold price, not the struck-through
one") use how. :func:`text_style_vectors` turns each text node's
:class:`~webdet_plugin.page_record.Style` into a small vector, gathered over the cells the
node covers like the TextMap's words (:func:`~webdet_plugin.textmaps.gather_nodes`);
:func:`image_channels` paints the page's images with their rendered area. Together they are
:data:`STYLE_CHANNELS`, the ``textmap_style`` input of
:class:`~webdet_plugin.models.TwoStreamBackbone`
(``text_style_channels``).
"""
import math
import re
from typing import Sequence, Tuple

import numpy as np

from .page_record import Element, PageRecordError, TextNode
from .textmaps import cell_span

TEXT_STYLE_CHANNELS = ('font_size', 'font_size_of_page_max', 'font_weight', 'strike', 'contrast',
                       'in_h1', 'in_h2_h6', 'in_link', 'in_button', 'in_label', 'price_text')
IMAGE_CHANNELS = ('image', 'image_area_of_page_max')
STYLE_CHANNELS = TEXT_STYLE_CHANNELS + IMAGE_CHANNELS
IMAGE_TAGS = ('img', 'svg', 'canvas', 'video')
_CONTEXT_CHANNEL = dict(h1=5, h2=6, h3=6, h4=6, h5=6, h6=6, a=7, button=8, label=9)
CURRENCY = (r'[$€£¥₹₽₩₪₺]|US\$|A\$|C\$|R\$|\b(?:USD|EUR|GBP|CHF|JPY|CAD|AUD|INR|EGP|SAR|AED|'
            r'SEK|NOK|DKK|PLN|CZK|Kč|zł|kr|Rs\.?|lei|Ft|руб|грн)(?![A-Za-z])')
#: Currency-looking text: a currency sign or code next to a number (either side).
PRICE = re.compile(rf'(?:{CURRENCY})\s?\d|\d[\d.,\s\u00a0]*\s?(?:{CURRENCY})', re.IGNORECASE)
PRICE_MAX_CHARS = 40


def looks_like_price(text: str) -> bool:
    """Short text (at most :data:`PRICE_MAX_CHARS`) with a currency sign or code next to a
    number, in any currency: what the hashed words of a TextMap cannot say across currencies
    (``$^number^`` and ``^number^ €`` are unrelated hashes)."""
    return len(text) <= PRICE_MAX_CHARS and PRICE.search(text) is not None


def text_style_vectors(nodes: Sequence[TextNode], source: str = '<record>') -> np.ndarray:
    """One row of :data:`TEXT_STYLE_CHANNELS` per text node.

    Font size as ``log2(px / 16)`` and as a fraction of the page's largest text; weight as
    ``(w - 400) / 300`` (bold = 1); strike 0/1; contrast as ``log(ratio) / log(21)`` (0 = none,
    1 = black on white); one 0/1 channel per nearest heading-1 / other heading / link / button /
    label ancestor; ``price_text`` 0/1 (:func:`looks_like_price`).

    Args:
        nodes (Sequence[TextNode]): The page record's text nodes (all of them: the page's
            largest font is taken over the page, not the window).
        source (str): Names the page in the error.

    Returns:
        ndarray: ``(N, 11)`` float32.

    Raises:
        PageRecordError: A node has no style (a ``webdet-page/1`` record, captured before
            styles were recorded: capture the page again).
    """
    out = np.zeros((len(nodes), len(TEXT_STYLE_CHANNELS)), np.float32)
    if any(n.style is None for n in nodes):
        raise PageRecordError(f'{source}: text nodes without style (a webdet-page/1 record); '
                              'capture the page again with this version to use style channels')
    if not len(nodes):
        return out
    sizes = np.array([max(n.style.font_size, 1.0) for n in nodes], np.float32)
    out[:, 0] = np.log2(sizes / 16)
    out[:, 1] = sizes / sizes.max()
    for i, node in enumerate(nodes):
        style = node.style
        out[i, 2] = (style.font_weight - 400) / 300
        out[i, 3] = float(style.strike)
        out[i, 4] = math.log(min(max(style.contrast, 1.0), 21.0)) / math.log(21)
        if style.context in _CONTEXT_CHANNEL:
            out[i, _CONTEXT_CHANNEL[style.context]] = 1
        out[i, 10] = float(looks_like_price(node.text))
    return out


def image_channels(elements: Sequence[Element], boxes: np.ndarray, map_size: Tuple[int, int],
                   scale: int) -> np.ndarray:
    """Paint the page's images (:data:`IMAGE_TAGS`): 1, and their area over the page's largest.

    Larger images are painted first, so that smaller ones on top of them stay visible.

    Args:
        elements (Sequence[Element]): The page record's elements (the largest image is taken
            over all of them).
        boxes (ndarray): ``(len(elements), 4)`` their boxes in the map's pixel frame (after the
            window crop and any resize).
        map_size (tuple[int, int]): ``(h, w)`` cells.
        scale (int): Pixels per cell.

    Returns:
        ndarray: ``(2, h, w)`` float32.
    """
    h, w = map_size
    out = np.zeros((len(IMAGE_CHANNELS), h, w), np.float32)
    images = [i for i, e in enumerate(elements) if e.tag.lower() in IMAGE_TAGS]
    if not images:
        return out
    areas = np.array([(elements[i].box[2] - elements[i].box[0]) *
                      (elements[i].box[3] - elements[i].box[1]) for i in images], np.float64)
    largest = max(areas.max(), 1.0)
    for k in np.argsort(-areas, kind='stable'):
        box = boxes[images[k]]
        xa, xb = cell_span(box[0], box[2], scale, w)
        ya, yb = cell_span(box[1], box[3], scale, h)
        if xa < xb and ya < yb and box[2] > box[0] and box[3] > box[1]:
            out[0, ya:yb, xa:xb] = 1
            out[1, ya:yb, xa:xb] = areas[k] / largest
    return out
