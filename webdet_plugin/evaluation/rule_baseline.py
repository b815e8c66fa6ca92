"""A few lines of rules, scored by the same top-1 rule as the detectors (the baseline row).

On a captured page record: the **name** is the first ``h1`` element in the window, the **main
image** the largest image in the window, the **price** the currency-looking text nearest below
the name (the first one when there is no name). Labels and guesses are clipped to the window
the models see (``(height, width)`` from the page's top-left); a label with less than
``min_size`` px left in it is not counted, as :class:`CropPageWindow` drops it for the models.
"""
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np

from ..boxes import box_iou, clip_boxes
from ..page_record import PageRecord
from ..style_channels import looks_like_price

Box = List[float]


def _size_ok(box: Box, min_size: float) -> bool:
    return box[2] - box[0] >= min_size and box[3] - box[1] >= min_size


def rule_guesses(record: PageRecord, window: Tuple[int, int] = (896, 1280),
                 min_size: float = 4.0) -> Dict[str, Optional[Box]]:
    """The rules' box per class (None when they find nothing) in the window."""
    elements = [(e, clip_boxes(e.box, window)) for e in record.elements]
    elements = [(e, b) for e, b in elements if _size_ok(b, min_size)]
    name = next((b for e, b in elements if e.tag == 'h1'), None)
    images = [b for e, b in elements if e.tag == 'img']
    image = max(images, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]), default=None)
    prices = [b for e, b in elements if looks_like_price(e.text)]
    if name is not None:
        below = [b for b in prices if b[1] >= name[1] - 4]
        price = min(below, key=lambda b: (b[1] - name[1], abs(b[0] - name[0])), default=None)
    else:
        price = prices[0] if prices else None
    return dict(name=name, price=price, image=image)


def rule_accuracy(records: Iterable[PageRecord],
                  classes: Sequence[str] = ('name', 'price', 'image'),
                  window: Tuple[int, int] = (896, 1280), iou_thr: float = 0.5,
                  min_size: float = 4.0) -> Dict[str, float]:
    """Top-1 accuracy per class (pages with that label in the window) and their mean."""
    hits = {c: [] for c in classes}
    for record in records:
        guesses = rule_guesses(record, window, min_size)
        for c in classes:
            gts = [clip_boxes(lab.box, window) for lab in record.labels if lab.label == c]
            gts = [b for b in gts if _size_ok(b, min_size)]
            if not gts:
                continue
            guess = guesses.get(c)
            hits[c].append(guess is not None and
                           float(box_iou(np.array([guess]), np.array(gts)).max()) >= iou_thr)
    out = {f'{c}_top1': float(np.mean(h)) for c, h in hits.items() if h}
    out['mean_top1'] = float(np.mean([out[f'{c}_top1'] for c in classes if hits[c]] or [0.0]))
    out.update({f'{c}_pages': len(h) for c, h in hits.items()})
    return out
