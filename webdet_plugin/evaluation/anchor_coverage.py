"""How well a grid of anchors covers labelled boxes (tools/anchor_stats.py --scales --ratios)."""
from typing import Dict, Sequence

import numpy as np
import torch
from mmdet.models.task_modules.prior_generators import AnchorGenerator
from mmdet.structures.bbox import bbox_overlaps


def anchor_coverage(boxes: Dict[str, np.ndarray], scales: Sequence[float],
                    ratios: Sequence[float], stride: int = 8) -> Dict[str, np.ndarray]:
    """Best IoU of each box with the anchors of one feature level covering all boxes.

    Args:
        boxes (dict[str, ndarray]): Per class, ``(n, 4)`` boxes ``[x1, y1, x2, y2]`` in input
            pixels.
        scales (Sequence[float]): Anchor scales (size / stride).
        ratios (Sequence[float]): Anchor ratios h/w.
        stride (int): Feature stride. Defaults to 8.

    Returns:
        dict[str, ndarray]: Per class, ``(n, )`` best IoU.
    """
    extent = max(float(b[:, 2:].max()) for b in boxes.values() if len(b))
    cells = int(np.ceil(extent / stride)) + 1
    generator = AnchorGenerator(strides=[stride], ratios=list(ratios), scales=list(scales))
    anchors = generator.grid_priors([(cells, cells)], device='cpu')[0]
    best = {}
    for name, b in boxes.items():
        b = torch.as_tensor(np.asarray(b, np.float32)).reshape(-1, 4)
        best[name] = (bbox_overlaps(b, anchors).max(1).values.numpy()
                      if len(b) else np.zeros(0, np.float32))
    return best
