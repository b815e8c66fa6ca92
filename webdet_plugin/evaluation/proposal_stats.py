"""How many proposals a detector hands its RoI head, and how many labelled elements they cover."""
from typing import Dict

import numpy as np
import torch
from mmengine.dataset import pseudo_collate

from ..boxes import box_iou
from .web_element_accuracy import _boxes


@torch.no_grad()
def proposal_stats(model, dataset, iou_thr: float = 0.5,
                   max_pages: int = None) -> Dict[str, float]:
    """Proposals per page and recall of labelled boxes among them (IoU >= ``iou_thr``).

    Works for RPN-based detectors (``model.rpn_head.predict``, hybrid heads included) and for
    detectors fed ``data_sample.proposals`` (DOM candidates). Boxes are compared in input pixels.

    Args:
        model: An mmdet two-stage detector in eval mode.
        dataset: A dataset whose pipeline loads annotations (and candidates if needed).
        iou_thr (float): Overlap that counts as covered. Defaults to 0.5.
        max_pages (int, optional): Only the first pages.

    Returns:
        dict: ``proposals_per_page``, ``recall`` (all labelled boxes) and ``recall_<class>``.
    """
    classes = dataset.metainfo['classes']
    counts, covered, total = [], np.zeros(len(classes)), np.zeros(len(classes))
    n = len(dataset) if max_pages is None else min(max_pages, len(dataset))
    for i in range(n):
        data = model.data_preprocessor(pseudo_collate([dataset[i]]), training=False)
        sample = data['data_samples'][0]
        if model.with_rpn:
            feats = model.extract_feat(data['inputs'])
            props = model.rpn_head.predict(feats, data['data_samples'], rescale=False)[0].bboxes
        else:
            props = sample.proposals.bboxes
        props = _boxes(props)
        gt = _boxes(sample.gt_instances.bboxes)
        labels = sample.gt_instances.labels.cpu().numpy()
        counts.append(len(props))
        hit = box_iou(gt, props).max(1) >= iou_thr if len(props) else np.zeros(len(gt), bool)
        for c in range(len(classes)):
            total[c] += (labels == c).sum()
            covered[c] += hit[labels == c].sum()
    stats = dict(proposals_per_page=float(np.mean(counts)) if counts else 0.0,
                 recall=float(covered.sum() / max(total.sum(), 1)))
    for c, name in enumerate(classes):
        stats[f'recall_{name}'] = float(covered[c] / max(total[c], 1))
    return stats
