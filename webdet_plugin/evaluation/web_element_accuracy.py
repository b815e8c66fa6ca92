"""Page-level accuracy: is the top-scoring detection of each class the labelled element?"""
import json
from collections import defaultdict
from typing import Dict, List, Optional, Sequence

import numpy as np
from mmdet.registry import METRICS
from mmengine.evaluator import BaseMetric
from scipy.ndimage import gaussian_filter

from ..boxes import box_iou


def _boxes(x) -> np.ndarray:
    """``(N, 4)`` float32 array from a tensor, mmdet ``BaseBoxes`` or array."""
    x = getattr(x, 'tensor', x)
    x = x.detach().cpu().numpy() if hasattr(x, 'detach') else np.asarray(x)
    return x.astype(np.float32).reshape(-1, 4)


class PositionPrior:
    """Per-class frequency of box centres over the page, from a COCO training split.

    ``prior(c, x, y)`` is the smoothed, max-normalised histogram value of class ``c`` at page
    position ``(x, y)`` (plus ``floor``), as in the original TextMaps work, used to re-rank
    detections by ``score * prior``.

    Args:
        ann_file (str): COCO file whose boxes define the prior.
        classes (Sequence[str]): Class order of the detector.
        page_size (tuple[int, int]): ``(height, width)`` covered by the histogram.
        cell (int): Histogram cell size in page pixels. Defaults to 32.
        sigma (float): Gaussian smoothing in cells. Defaults to 2.
        floor (float): Added everywhere so unseen positions are not impossible.
    """

    def __init__(self, ann_file: str, classes: Sequence[str], page_size=(1280, 1280),
                 cell: int = 32, sigma: float = 2.0, floor: float = 0.05) -> None:
        with open(ann_file, encoding='utf-8') as f:
            coco = json.load(f)
        names = {c['id']: c['name'] for c in coco['categories']}
        h, w = -(-page_size[0] // cell), -(-page_size[1] // cell)
        hist = np.zeros((len(classes), h, w), np.float64)
        for ann in coco['annotations']:
            name = names[ann['category_id']]
            if name not in classes:
                continue
            x, y, bw, bh = ann['bbox']
            cy, cx = int((y + bh / 2) // cell), int((x + bw / 2) // cell)
            if 0 <= cy < h and 0 <= cx < w:
                hist[classes.index(name), cy, cx] += 1
        for c in range(len(classes)):
            hist[c] = gaussian_filter(hist[c], sigma, mode='constant')
            hist[c] /= max(hist[c].max(), 1e-9)
        self.hist, self.cell, self.floor = hist + floor, cell, floor

    def __call__(self, label: int, boxes: np.ndarray) -> np.ndarray:
        cx = ((boxes[:, 0] + boxes[:, 2]) / 2 // self.cell).astype(int)
        cy = ((boxes[:, 1] + boxes[:, 3]) / 2 // self.cell).astype(int)
        inside = (cy >= 0) & (cy < self.hist.shape[1]) & (cx >= 0) & (cx < self.hist.shape[2])
        out = np.full(len(boxes), self.floor)
        out[inside] = self.hist[label, cy[inside], cx[inside]]
        return out


@METRICS.register_module()
class WebElementAccuracy(BaseMetric):
    """Top-1 accuracy per page and class, and its mean over classes.

    For every page and every class labelled on it, the detection of that class with the highest
    score (optionally times a :class:`PositionPrior`) is correct when its IoU with a labelled
    box of that class is at least ``iou_thr``; a page with no detection of the class counts as
    wrong. Windows of one page (if a dataset gives several) are merged by ``page_id`` in page
    coordinates.

    Args:
        iou_thr (float): IoU threshold. Defaults to 0.5.
        position_prior (dict, optional): Arguments of :class:`PositionPrior` (``ann_file``...);
            adds ``*_top1_prior`` results.
        collect_device (str): See :class:`~mmengine.evaluator.BaseMetric`.
        prefix (str, optional): Defaults to ``'web'``.
    """
    default_prefix = 'web'

    def __init__(self, iou_thr: float = 0.5, position_prior: Optional[dict] = None,
                 collect_device: str = 'cpu', prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.iou_thr = iou_thr
        self.position_prior_cfg = position_prior
        self._prior = None

    def process(self, data_batch: dict, data_samples: Sequence[dict]) -> None:
        for ds in data_samples:
            ox, oy = ds.get('page_offset', (0, 0))
            shift = np.array([ox, oy, ox, oy], np.float32)
            # predictions are rescaled to the window; ground truth stays in the resized image
            sx, sy = ds.get('scale_factor', (1.0, 1.0))
            gt_scale = np.array([sx, sy, sx, sy], np.float32)
            pred, gt = ds['pred_instances'], ds['gt_instances']
            self.results.append(dict(
                page_id=ds.get('page_id', ds.get('img_id')),
                boxes=_boxes(pred['bboxes']) + shift,
                scores=pred['scores'].cpu().numpy(),
                labels=pred['labels'].cpu().numpy(),
                gt_boxes=_boxes(gt['bboxes']) / gt_scale + shift,
                gt_labels=gt['labels'].cpu().numpy(),
                dropped_gt=int(ds.get('dropped_gt', 0))))

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        classes = list(self.dataset_meta['classes'])
        if self.position_prior_cfg and self._prior is None:
            self._prior = PositionPrior(classes=classes, **self.position_prior_cfg)
        pages = defaultdict(list)
        for r in results:
            pages[r['page_id']].append(r)
        variants = {'': None, '_prior': self._prior} if self._prior else {'': None}
        hits = {v: defaultdict(list) for v in variants}
        dropped = 0
        for windows in pages.values():
            boxes = np.concatenate([w['boxes'] for w in windows])
            scores = np.concatenate([w['scores'] for w in windows])
            labels = np.concatenate([w['labels'] for w in windows])
            gt = np.concatenate([np.concatenate([w['gt_boxes'], w['gt_labels'][:, None]], 1)
                                 for w in windows])
            gt = np.unique(np.round(gt, 1), axis=0)
            dropped += sum(w['dropped_gt'] for w in windows)
            for c in np.unique(gt[:, 4]).astype(int):
                gt_c = gt[gt[:, 4] == c, :4]
                mask = labels == c
                for name, prior in variants.items():
                    if not mask.any():
                        hits[name][c].append(False)
                        continue
                    s = scores[mask] * (prior(c, boxes[mask]) if prior else 1.0)
                    top = boxes[mask][int(np.argmax(s))]
                    hits[name][c].append(bool(box_iou(top[None], gt_c).max() >= self.iou_thr))
        metrics = {}
        for name in variants:
            accs = []
            for c, cls in enumerate(classes):
                if hits[name][c]:
                    metrics[f'{cls}_top1{name}'] = float(np.mean(hits[name][c]))
                    accs.append(metrics[f'{cls}_top1{name}'])
            metrics[f'mean_top1{name}'] = float(np.mean(accs)) if accs else 0.0
        metrics['pages'] = len(pages)
        metrics['dropped_gt'] = dropped
        return metrics
