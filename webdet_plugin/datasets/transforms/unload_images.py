"""Training pages whose photos did not load: the screenshot loses them, the DOM keeps them."""
from typing import Sequence, Tuple

import numpy as np
from mmcv.transforms import BaseTransform
from mmdet.registry import TRANSFORMS

from .loading import _page_to_image

Color = Tuple[int, int, int]


@TRANSFORMS.register_module()
class UnloadImages(BaseTransform):
    """With probability ``prob``, paint every ``img`` element of the page over with a flat fill.

    A page captured before its lazy-loaded photos arrived, or saved without them, shows an
    empty (or grey placeholder) box where the photo is, while its record still holds the
    ``img`` element, its box and its rendered area (the style channels'
    ``image`` / ``image_area_of_page_max``). Training on such pages keeps the model from
    finding the main image by its pixels alone. Labels, candidates and the TextMap are
    unchanged.

    Must run after :class:`CropPageWindow` and any resize (boxes are mapped through them),
    before colour transforms such as ``Invert``.

    Args:
        prob (float): Chance that a page's images are unloaded. Defaults to 0.25.
        fills (Sequence[tuple[int, int, int]]): BGR fills, one drawn per page: the page
            background of a transparent placeholder, a grey placeholder. Defaults to white and
            light grey.
        tags (Sequence[str]): Element tags painted over. Defaults to ``('img', )``.
    """

    def __init__(self, prob: float = 0.25,
                 fills: Sequence[Color] = ((255, 255, 255), (238, 238, 238)),
                 tags: Sequence[str] = ('img', )) -> None:
        if not 0 <= prob <= 1:
            raise ValueError(f'UnloadImages: prob must be in [0, 1], got {prob}')
        if not len(fills) or any(len(f) != 3 for f in fills):
            raise ValueError(f'UnloadImages: fills must be BGR triples, got {fills}')
        self.prob = prob
        self.fills = [tuple(int(v) for v in f) for f in fills]
        self.tags = tuple(t.lower() for t in tags)

    def transform(self, results: dict) -> dict:
        if np.random.rand() >= self.prob:
            return results
        record = results['page_record']
        boxes = [e.box for e in record.elements if e.tag.lower() in self.tags]
        if not boxes:
            return results
        fill = np.array(self.fills[np.random.randint(len(self.fills))], np.uint8)
        img = results['img'].copy()
        for x1, y1, x2, y2 in _page_to_image(np.array(boxes, np.float32), results):
            xa, ya = int(np.floor(x1)), int(np.floor(y1))
            xb, yb = int(np.ceil(x2)), int(np.ceil(y2))
            if xb > xa and yb > ya:
                img[ya:yb, xa:xb] = fill
        results['img'] = img
        results['images_unloaded'] = len(boxes)
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(prob={self.prob}, fills={self.fills}, tags={self.tags})'
