"""Boxes ``[x1, y1, x2, y2]`` in pixels: clip, shift, inside a window, IoU.

Importing this module imports NumPy only (page capture uses it without torch or mmdet);
:func:`box_iou` imports mmdet when it is first called.
"""
from typing import List, Sequence, Tuple, Union

import numpy as np


def clip_boxes(boxes: Union[np.ndarray, Sequence[float]],
               size: Tuple[float, float]) -> Union[np.ndarray, List[float]]:
    """Boxes clipped to ``[0, w] x [0, h]``.

    Args:
        boxes (ndarray | Sequence[float]): ``(..., 4)`` array, or one box as a list (as a page
            record stores it).
        size (tuple[float, float]): ``(h, w)``.

    Returns:
        ndarray | list[float]: A new array of ``boxes``' dtype, or for one box a list whose
        numbers keep their Python type (an ``int`` coordinate stays one).
    """
    h, w = size
    if isinstance(boxes, np.ndarray):
        return np.clip(boxes, 0, np.array([w, h, w, h], boxes.dtype))
    return [min(max(v, 0), limit) for v, limit in zip(boxes, (w, h, w, h))]


def shift_boxes(boxes: np.ndarray, offset: Tuple[float, float],
                scale: Tuple[float, float] = (1.0, 1.0)) -> np.ndarray:
    """``(N, 4)`` float32 boxes moved by ``-offset``, then scaled.

    Args:
        boxes (ndarray): Boxes, any shape that reshapes to ``(N, 4)``.
        offset (tuple[float, float]): ``(x, y)`` that becomes the origin (a window's top-left).
        scale (tuple[float, float]): ``(sx, sy)`` applied after the move (a resize's scale
            factor). Defaults to (1.0, 1.0).

    Returns:
        ndarray: A new ``(N, 4)`` float32 array.
    """
    out = boxes.astype(np.float32).reshape(-1, 4).copy()
    out[:, 0::2] = (out[:, 0::2] - offset[0]) * scale[0]
    out[:, 1::2] = (out[:, 1::2] - offset[1]) * scale[1]
    return out


def inside_window(boxes: np.ndarray, x0: float, y0: float, h: int, w: int,
                  tolerance: float = 0.0) -> np.ndarray:
    """Which boxes lie whole in the window ``[x0, x0 + w] x [y0, y0 + h]``.

    Args:
        boxes (ndarray): ``(N, 4)`` boxes.
        x0 (float): Left of the window.
        y0 (float): Top of the window.
        h (int): Height of the window.
        w (int): Width of the window.
        tolerance (float): Pixels a box may stick out on each side. Defaults to 0.

    Returns:
        ndarray: ``(N, )`` bool.
    """
    t = tolerance
    return ((boxes[:, 0] >= x0 - t) & (boxes[:, 1] >= y0 - t) & (boxes[:, 2] <= x0 + w + t)
            & (boxes[:, 3] <= y0 + h + t))


def box_iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """IoU matrix of two sets of boxes, by mmdet's ``bbox_overlaps``.

    Args:
        a (ndarray): ``(N, 4)`` boxes.
        b (ndarray): ``(M, 4)`` boxes.

    Returns:
        ndarray: ``(N, M)`` IoU, in the dtype NumPy gives ``a`` and ``b`` together (at least
        float32). Boxes with no area have IoU 0 with every box.
    """
    import torch
    from mmdet.structures.bbox import bbox_overlaps
    a, b = np.asarray(a), np.asarray(b)
    dtype = np.result_type(a, b, np.float32)
    a, b = (torch.from_numpy(np.array(x, dtype)) for x in (a, b))
    return bbox_overlaps(a, b, eps=1e-9).numpy()
