"""Random training windows inside the page window: full resolution at a fraction of the cost."""
from typing import Optional, Sequence, Tuple

import numpy as np
from mmcv.transforms import BaseTransform
from mmdet.registry import TRANSFORMS

from ...boxes import inside_window


def count_cut_inside(boxes: np.ndarray, x0: float, y0: float, h: int,
                     w: int) -> Tuple[int, int]:
    """How many of ``boxes`` ``(N, 4)`` the window ``[x0, x0 + w] x [y0, y0 + h]`` cuts / holds.

    A box is cut when part of it is inside the window and part outside.

    Returns:
        tuple[int, int]: ``(cut, inside)`` counts.
    """
    if len(boxes) == 0:
        return 0, 0
    ix = np.minimum(boxes[:, 2], x0 + w) - np.maximum(boxes[:, 0], x0)
    iy = np.minimum(boxes[:, 3], y0 + h) - np.maximum(boxes[:, 1], y0)
    overlaps = (ix > 0) & (iy > 0)
    inside = inside_window(boxes, x0, y0, h, w)
    return int((overlaps & ~inside).sum()), int(inside.sum())


@TRANSFORMS.register_module()
class RandomPageWindow(BaseTransform):
    """Pick a random ``size`` window inside the page's ``region`` for :class:`CropPageWindow`.

    Training on random windows of the page at full resolution costs as much per iteration as
    training on the whole page window shrunk to the same number of pixels, but keeps the page's
    detail (a price is ~3 stride-8 cells tall at full resolution, ~1.7 at half); at test time the
    model, being fully convolutional, runs on the whole page window.

    The window is the best of ``tries`` uniformly random offsets inside ``region`` (measured
    from the dataset's ``window``, clamped to the page): the one that holds the most
    ground-truth boxes whole minus those it cuts (a cut label is clipped to a part of its
    element; labelled elements are 3 of ~30 elements on a page, and a window without any
    teaches the RoI head negatives only), then the one that cuts fewest. It only sets
    ``results['window']`` (the page offset); put :class:`CropPageWindow` with the same ``size``
    right after it, which crops, moves and clips the boxes and drops those left outside.

    Args:
        size (tuple[int, int]): Window ``(height, width)`` in page pixels.
        region (tuple[int, int], optional): ``(height, width)`` of the part of the page to
            sample from, from the dataset's window offset; None: the whole page.
        tries (int): Random offsets considered. Defaults to 10 (42 % of 448x640 windows of the
            synthetic pages' 896x1280 page window hold no label whole with 10, 19 % with 40).
        max_height (int, optional): Let the window grow taller than ``size`` for a page whose
            tallest label does not fit: to that label's height plus ``margin``, rounded up to a
            multiple of 32 px, at most ``max_height`` (and the region). Sets
            ``results['window_size']``, which :class:`CropPageWindow` then uses. None: every
            window is ``size``.
        margin (int): Page pixels added to the tallest label's height. Defaults to 32.
    """

    def __init__(self, size: Sequence[int], region: Optional[Sequence[int]] = None,
                 tries: int = 10, max_height: Optional[int] = None, margin: int = 32) -> None:
        if len(size) != 2 or min(size) <= 0:
            raise ValueError(f'size must be (height, width) > 0, got {size!r}')
        if region is not None and (len(region) != 2 or region[0] < size[0]
                                   or region[1] < size[1]):
            raise ValueError(f'region {region!r} must be (height, width) >= size {size!r}')
        if tries < 1:
            raise ValueError(f'tries must be >= 1, got {tries}')
        if max_height is not None and max_height < size[0]:
            raise ValueError(f'max_height {max_height} must be >= the height of size {size!r}')
        if region is not None and max_height is not None and max_height > region[0]:
            raise ValueError(f'max_height {max_height} must be <= the height of region '
                             f'{region!r}')
        self.size = tuple(int(s) for s in size)
        self.region = None if region is None else tuple(int(r) for r in region)
        self.tries = tries
        self.max_height = max_height
        self.margin = margin

    def _window_size(self, boxes: np.ndarray) -> Tuple[int, int]:
        """``(h, w)``: ``size``, taller when ``max_height`` is set and a label needs it."""
        h, w = self.size
        if self.max_height is None or len(boxes) == 0:
            return h, w
        need = float((boxes[:, 3] - boxes[:, 1]).max()) + self.margin
        return min(max(h, int(np.ceil(need / 32)) * 32), self.max_height), w

    def _offset_range(self, results: dict, size: Tuple[int, int]) -> Tuple[int, int, int, int]:
        """``(x_lo, x_hi, y_lo, y_hi)``: inclusive bounds of the window's top-left corner."""
        h, w = size
        page_h, page_w = results['img'].shape[:2]
        x_lo, y_lo = results.get('window', (0, 0))
        reg_h, reg_w = self.region if self.region is not None else (page_h, page_w)
        x_hi = max(min(x_lo + reg_w, page_w) - w, x_lo)
        y_hi = max(min(y_lo + reg_h, page_h) - h, y_lo)
        return x_lo, x_hi, y_lo, y_hi

    def transform(self, results: dict) -> dict:
        boxes = results.get('gt_bboxes')
        boxes = np.zeros((0, 4), np.float32) if boxes is None else np.asarray(boxes.numpy())
        h, w = self._window_size(boxes)
        x_lo, x_hi, y_lo, y_hi = self._offset_range(results, (h, w))
        best, best_key = None, None
        for _ in range(self.tries):
            x0 = int(np.random.randint(x_lo, x_hi + 1))
            y0 = int(np.random.randint(y_lo, y_hi + 1))
            cut, inside = count_cut_inside(boxes, x0, y0, h, w)
            key = (cut - inside, cut)
            if best_key is None or key < best_key:
                best, best_key = (x0, y0), key
        results['window'] = best
        if self.max_height is not None:
            results['window_size'] = (h, w)
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(size={self.size}, region={self.region}, '
                f'tries={self.tries}, max_height={self.max_height}, margin={self.margin})')
