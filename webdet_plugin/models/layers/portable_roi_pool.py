"""RoI max pooling that runs on every device with mmcv's semantics.

mmcv ships RoIPool for CUDA only. torchvision's ``roi_pool`` has CPU and CUDA kernels but a
*different* geometry: it rounds the scaled box to integer cells and takes ``x2 - x1 + 1`` cells,
while mmcv keeps real-valued coordinates with ``roi_x2 = (x2 + 1) * spatial_scale``. For the same
box the two pool over different cells, so a model trained with one and evaluated with the other
would silently change.

:class:`PortableRoIPool` keeps mmcv's semantics everywhere:

* on CUDA tensors it calls mmcv's CUDA kernel (``mmcv.ops.roi_pool``);
* elsewhere it computes mmcv's integer bin rectangles itself (the same float32 arithmetic as the
  kernel) and lets torchvision's compiled ``roi_pool`` take the max over each bin, one 1x1 RoI
  per bin. For an integer box with ``spatial_scale=1`` torchvision pools exactly the cells
  ``[x1, x2] x [y1, y2]``, with the same first-maximum rule, so values and gradients equal mmcv's.

It is registered in ``MODELS`` and also exposed as ``mmcv.ops.PortableRoIPool`` because mmdet's
``SingleRoIExtractor`` looks string layer types up in ``mmcv.ops`` only. In a config::

    bbox_roi_extractor=dict(
        type='SingleRoIExtractor',
        roi_layer=dict(type='PortableRoIPool', output_size=7),
        out_channels=96, featmap_strides=[8])
"""
from concurrent.futures import ThreadPoolExecutor
from typing import Tuple, Union

import mmcv.ops
import torch
import torch.nn as nn
from mmdet.registry import MODELS
from torch.nn.modules.utils import _pair
from torchvision.ops import roi_pool as tv_roi_pool

PARALLEL_MIN_BINS = 4096  # fewer bins are pooled on one thread (a thread pool costs ~0.2 ms)


def mmcv_bin_boxes(rois: torch.Tensor, output_size: Tuple[int, int], spatial_scale: float,
                   height: int, width: int) -> Tuple[torch.Tensor, torch.Tensor]:
    """The integer cell rectangle of every output bin, as mmcv's RoIPool kernel computes it.

    Args:
        rois (Tensor): ``(N, 5)`` rows of ``(batch_index, x1, y1, x2, y2)`` in input pixels.
        output_size (tuple[int, int]): ``(pooled_height, pooled_width)``.
        spatial_scale (float): Feature cells per input pixel (``1 / stride``).
        height (int): Feature map height ``H``.
        width (int): Feature map width ``W``.

    Returns:
        tuple[Tensor, Tensor]: ``boxes`` of shape ``(N * PH * PW, 5)`` with rows
        ``(batch_index, cx1, cy1, cx2, cy2)`` holding inclusive cell ranges (bins ordered
        ``n, ph, pw``), and ``empty`` of shape ``(N, PH, PW)``, true where a bin pools nothing
        (mmcv writes 0 there and passes no gradient).
    """
    ph_n, pw_n = output_size
    rois = rois.detach()
    num = rois.size(0)
    scale = torch.tensor(spatial_scale, dtype=rois.dtype, device=rois.device)
    x1, y1 = rois[:, 1] * scale, rois[:, 2] * scale
    x2, y2 = (rois[:, 3] + 1) * scale, (rois[:, 4] + 1) * scale
    roi_w, roi_h = x2 - x1, y2 - y1
    bin_w = roi_w / pw_n
    bin_h = roi_h / ph_n
    pw = torch.arange(pw_n, dtype=rois.dtype, device=rois.device)
    ph = torch.arange(ph_n, dtype=rois.dtype, device=rois.device)
    bx1 = torch.floor(pw[None] * bin_w[:, None] + x1[:, None]).clamp(0, width)
    bx2 = torch.ceil((pw[None] + 1) * bin_w[:, None] + x1[:, None]).clamp(0, width)
    by1 = torch.floor(ph[None] * bin_h[:, None] + y1[:, None]).clamp(0, height)
    by2 = torch.ceil((ph[None] + 1) * bin_h[:, None] + y1[:, None]).clamp(0, height)
    shape = (num, ph_n, pw_n)
    bx1, bx2 = bx1[:, None, :].expand(shape), bx2[:, None, :].expand(shape)
    by1, by2 = by1[:, :, None].expand(shape), by2[:, :, None].expand(shape)
    malformed = ((roi_w <= 0) | (roi_h <= 0))[:, None, None]
    empty = (bx2 <= bx1) | (by2 <= by1) | malformed
    zero = torch.zeros_like(bx1)
    batch = rois[:, 0, None, None].expand(shape)
    boxes = torch.stack([
        batch,
        torch.where(empty, zero, bx1),
        torch.where(empty, zero, by1),
        torch.where(empty, zero, bx2 - 1),
        torch.where(empty, zero, by2 - 1),
    ], dim=-1)
    return boxes.reshape(-1, 5), empty


def _pool_bins(feats: torch.Tensor, boxes: torch.Tensor) -> torch.Tensor:
    """torchvision's ``roi_pool`` of one 1x1 RoI per bin; on CPU split over torch's threads.

    torchvision's CPU kernel runs on one thread; it releases the GIL, so chunks of the bins run
    side by side (the largest cost of a training step that is not a convolution: issue 19).
    The values are the same; the gradient is the sum of the chunks' gradients.
    """
    threads = torch.get_num_threads()
    if feats.device.type != 'cpu' or threads < 2 or boxes.size(0) < PARALLEL_MIN_BINS:
        return tv_roi_pool(feats, boxes, output_size=1, spatial_scale=1.0)
    grad_enabled = torch.is_grad_enabled()  # thread-local: carried into the workers

    def pool(chunk: torch.Tensor) -> torch.Tensor:
        with torch.set_grad_enabled(grad_enabled):
            return tv_roi_pool(feats, chunk, output_size=1, spatial_scale=1.0)

    with ThreadPoolExecutor(threads, thread_name_prefix='roi-pool') as workers:
        return torch.cat(list(workers.map(pool, boxes.chunk(threads))))


def roi_pool_by_bins(feats: torch.Tensor, rois: torch.Tensor,
                     output_size: Union[int, Tuple[int, int]],
                     spatial_scale: float) -> torch.Tensor:
    """mmcv-semantics RoI max pooling on any device, via torchvision's kernel per bin.

    Args:
        feats (Tensor): ``(B, C, H, W)`` feature maps.
        rois (Tensor): ``(N, 5)`` rows of ``(batch_index, x1, y1, x2, y2)`` in input pixels.
        output_size (int | tuple[int, int]): Pooled ``(PH, PW)``.
        spatial_scale (float): ``1 / stride`` of ``feats``.

    Returns:
        Tensor: ``(N, C, PH, PW)`` pooled features; differentiable w.r.t. ``feats``.
    """
    ph_n, pw_n = _pair(output_size)
    num = rois.size(0)
    channels = feats.size(1)
    if num == 0:
        return feats.new_zeros((0, channels, ph_n, pw_n))
    boxes, empty = mmcv_bin_boxes(rois.to(feats.dtype), (ph_n, pw_n), spatial_scale,
                                  feats.size(2), feats.size(3))
    pooled = _pool_bins(feats, boxes)  # (N*PH*PW, C, 1, 1)
    pooled = pooled.view(num, ph_n, pw_n, channels).permute(0, 3, 1, 2)
    return torch.where(empty[:, None], torch.zeros_like(pooled), pooled).contiguous()


@MODELS.register_module()
class PortableRoIPool(nn.Module):
    """RoI max pooling with mmcv's semantics: mmcv's CUDA kernel on GPU, torchvision's elsewhere.

    A drop-in for ``mmcv.ops.RoIPool`` (same constructor and ``forward``).

    Args:
        output_size (int | tuple[int, int]): Pooled ``(PH, PW)``.
        spatial_scale (float): ``1 / stride`` of the input feature map. Defaults to 1.0.
        use_mmcv_cuda (bool): Use mmcv's CUDA kernel for CUDA tensors. When False (or when
            mmcv was built without CUDA) the torchvision path runs on CUDA too. Defaults to True.
    """

    def __init__(self,
                 output_size: Union[int, Tuple[int, int]],
                 spatial_scale: float = 1.0,
                 use_mmcv_cuda: bool = True) -> None:
        super().__init__()
        self.output_size = _pair(output_size)
        self.spatial_scale = float(spatial_scale)
        self.use_mmcv_cuda = use_mmcv_cuda

    def forward(self, input: torch.Tensor, rois: torch.Tensor) -> torch.Tensor:
        """Pool every RoI.

        Args:
            input (Tensor): ``(B, C, H, W)`` feature maps.
            rois (Tensor): ``(N, 5)`` rows of ``(batch_index, x1, y1, x2, y2)``.

        Returns:
            Tensor: ``(N, C, PH, PW)``.
        """
        if input.is_cuda and self.use_mmcv_cuda:
            return mmcv.ops.roi_pool(input, rois, self.output_size, self.spatial_scale)
        return roi_pool_by_bins(input, rois, self.output_size, self.spatial_scale)

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(output_size={self.output_size}, '
                f'spatial_scale={self.spatial_scale})')


# mmdet's BaseRoIExtractor resolves string layer types with getattr(mmcv.ops, type).
mmcv.ops.PortableRoIPool = PortableRoIPool
