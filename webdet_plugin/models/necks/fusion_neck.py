"""Fusion of the screenshot and TextMap streams into one stride-8 feature map."""
from typing import Optional, Sequence, Tuple

import torch
import torch.nn as nn
from mmdet.registry import MODELS
from mmengine.model import BaseModule

from ..utils import freeze


@MODELS.register_module()
class FusionNeck(BaseModule):
    """Concatenate the streams, then ``kernel_size`` conv to ``out_channels`` + ReLU.

    The single output level is what mmdet's ``RPNHead`` and ``SingleRoIExtractor`` (with
    ``featmap_strides=[8]``) consume; both heads share it.

    Args:
        in_channels (Sequence[int]): Channels of each input stream, e.g. (384, 48).
        out_channels (int): Fused channels. Defaults to 96.
        kernel_size (int): Fusion conv kernel ('same' padding). Defaults to 5.
        coord_norm (float, optional): If set, two coordinate channels (CoordConv) join the
            concatenation: each cell's column and row index divided by ``coord_norm``, so the
            fused map knows where on the page it is (the original TextMaps work re-ranked with a
            position prior instead). Off (None) in the seed network. Defaults to None.
        frozen (bool): No gradients (steps 3-4 of alternating training). Defaults to False.
        init_cfg (dict, optional): Initialisation config.
    """

    def __init__(self,
                 in_channels: Sequence[int] = (384, 48),
                 out_channels: int = 96,
                 kernel_size: int = 5,
                 coord_norm: Optional[float] = None,
                 frozen: bool = False,
                 init_cfg=dict(type='Kaiming', layer='Conv2d', nonlinearity='relu')) -> None:
        super().__init__(init_cfg=init_cfg)
        self.in_channels = tuple(in_channels)
        self.coord_norm = coord_norm
        extra = 0 if coord_norm is None else 2
        self.fuse = nn.Conv2d(sum(self.in_channels) + extra, out_channels, kernel_size,
                              padding=kernel_size // 2)
        if frozen:
            freeze(self)

    def forward(self, inputs: Sequence[torch.Tensor]) -> Tuple[torch.Tensor]:
        """Streams ``(B, c_i, h, w)`` → ``((B, out_channels, h, w), )``."""
        if [x.shape[1] for x in inputs] != list(self.in_channels):
            raise ValueError(f'FusionNeck expects channels {self.in_channels}, got '
                             f'{[x.shape[1] for x in inputs]}')
        inputs = list(inputs)
        if self.coord_norm is not None:
            inputs.append(self.coords(inputs[0]))
        x = torch.cat(inputs, 1) if len(inputs) > 1 else inputs[0]
        return (torch.relu(self.fuse(x)), )

    def coords(self, x: torch.Tensor) -> torch.Tensor:
        """``(B, 2, h, w)``: column and row index of each cell of ``x`` over ``coord_norm``."""
        b, _, h, w = x.shape
        ys = torch.arange(h, device=x.device, dtype=x.dtype) / self.coord_norm
        xs = torch.arange(w, device=x.device, dtype=x.dtype) / self.coord_norm
        grid = torch.stack(torch.meshgrid(xs, ys, indexing='xy'))
        return grid[None].expand(b, -1, -1, -1)
