"""mmdet's 2-D IoU calculator, evaluated over the second box set in cache-sized chunks."""
import torch
from mmdet.models.task_modules.assigners import BboxOverlaps2D
from mmdet.registry import TASK_UTILS
from mmdet.structures.bbox import get_box_tensor
from torch import Tensor


@TASK_UTILS.register_module()
class ChunkedBboxOverlaps2D(BboxOverlaps2D):
    """:class:`~mmdet.models.task_modules.BboxOverlaps2D` over chunks of ``bboxes2``.

    The result is exactly mmdet's. ``MaxIoUAssigner`` calls it with the ground truth as
    ``bboxes1`` and every anchor as ``bboxes2``; mmdet broadcasts all ``(m, n, 2)``
    intermediates at once, which on CPU is memory-bound when ``m`` is a page's ~40 elements
    and ``n`` its 200k anchors (``ElementRPNHead``). Chunks of ``chunk_size`` anchors keep the
    intermediates in cache (``tools/benchmarks/bench_assigner.py`` measures both side by side).

    Args:
        chunk_size (int): Boxes of ``bboxes2`` per chunk. Defaults to 16384.
        **kwargs: As :class:`~mmdet.models.task_modules.BboxOverlaps2D` (``scale``, ``dtype``).
    """

    def __init__(self, chunk_size: int = 16384, **kwargs) -> None:
        super().__init__(**kwargs)
        if chunk_size < 1:
            raise ValueError(f'chunk_size must be >= 1, got {chunk_size}')
        self.chunk_size = chunk_size

    def __call__(self, bboxes1, bboxes2, mode: str = 'iou', is_aligned: bool = False) -> Tensor:
        """IoU (or IoF / GIoU, as mmdet) of ``bboxes1`` ``(m, 4|5)`` and ``bboxes2`` ``(n, 4|5)``.

        Returns:
            Tensor: ``(m, n)``, or ``(m, )`` when ``is_aligned`` (then not chunked).
        """
        overlaps = super().__call__
        bboxes2 = get_box_tensor(bboxes2)
        if is_aligned or bboxes2.dim() != 2 or len(bboxes2) <= self.chunk_size:
            return overlaps(bboxes1, bboxes2, mode, is_aligned)
        return torch.cat([
            overlaps(bboxes1, bboxes2[i:i + self.chunk_size], mode, is_aligned)
            for i in range(0, len(bboxes2), self.chunk_size)
        ], -1)
