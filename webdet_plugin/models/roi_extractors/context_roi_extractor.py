"""RoI features with the context around each box.

A price and the "Add to cart" button beside it, or the main price and a related product's, can
look alike inside their boxes; what tells them apart is around them (the caption before the
price, the name above it, the font size of the neighbours). :class:`ContextRoIExtractor` pools
each RoI twice from the same feature map -- the box itself and the box enlarged around its
centre -- and concatenates the two along the channels, so the bbox head sees both. It is mmdet's
:class:`~mmdet.models.roi_heads.roi_extractors.SingleRoIExtractor` (with its ``roi_rescale``)
called twice; the RoI layer is whatever the config gives (``PortableRoIPool``, ``RoIAlign``).
"""
from typing import Optional, Tuple

import torch
from mmdet.models.roi_heads.roi_extractors import SingleRoIExtractor
from mmdet.registry import MODELS
from torch import Tensor


@MODELS.register_module()
class ContextRoIExtractor(SingleRoIExtractor):
    """Pool every RoI and its enlarged surroundings; concatenate along the channels.

    Args:
        context_scale (float): Width and height factor of the context box, scaled about the
            RoI's centre (mmdet's ``roi_rescale``). Must be > 1. Defaults to 2.0.
        **kwargs: :class:`SingleRoIExtractor`'s arguments (``roi_layer``, ``out_channels``,
            ``featmap_strides``, ...). ``out_channels`` is the feature maps' channels ``C``; the
            output has ``2 * C`` (set the bbox head's ``in_channels`` to that).
    """

    def __init__(self, context_scale: float = 2.0, **kwargs) -> None:
        if not context_scale > 1:
            raise ValueError(f'context_scale must be > 1, got {context_scale}')
        super().__init__(**kwargs)
        self.context_scale = float(context_scale)

    def forward(self,
                feats: Tuple[Tensor],
                rois: Tensor,
                roi_scale_factor: Optional[float] = None) -> Tensor:
        """Pool the boxes and their context.

        Args:
            feats (tuple[Tensor]): Feature maps, each ``(B, C, H, W)``.
            rois (Tensor): ``(N, 5)`` rows of ``(batch_index, x1, y1, x2, y2)`` in input pixels.
            roi_scale_factor (float, optional): As in :class:`SingleRoIExtractor`: rescales the
                RoIs first; the context is taken around the rescaled box.

        Returns:
            Tensor: ``(N, 2 * C, out_h, out_w)``: the box's features, then the context's.
        """
        if roi_scale_factor is not None:
            rois = self.roi_rescale(rois, roi_scale_factor)
        inner = super().forward(feats, rois)
        context = super().forward(feats, self.roi_rescale(rois, self.context_scale))
        return torch.cat([inner, context], dim=1)
