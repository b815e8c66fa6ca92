"""The two-stream backbone: a screenshot CNN (stride 8) and the TextMap stream."""
from typing import Dict, Optional, Sequence, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmcv.cnn import build_norm_layer
from mmdet.registry import MODELS
from mmengine.model import BaseModule

from ..data_preprocessors import gather_textmap
from ..utils import freeze


@MODELS.register_module()
class TwoStreamBackbone(BaseModule):
    """Screenshot stream + TextMap stream, each optional.

    Screenshot stream (defaults = the seed network)::

        conv 96@11x11 s4 + ReLU -> maxpool 3x3 s2 -> BN -> conv 256@5x5 + ReLU -> BN
        -> conv 384@3x3 + ReLU                        ('same' padding, output stride 8)

    TextMap stream: 1x1 conv ``text_in_channels -> text_channels`` + ReLU. With the compact
    input (``textmap_index`` + ``textmap_table``) the 1x1 conv is applied to the ``(N, F)``
    node table and the result gathered into the map, which equals the conv on the dense map
    (empty cells get ``ReLU(bias)``) at a cost that grows with the number of text nodes, not the
    page area.

    With ``text_stride=s > 1`` the TextMap comes ``s`` times finer than the features (painted
    at ``8 / s`` image pixels per cell: ``LoadTextMap(scale=8 // s)`` and the preprocessor's
    ``textmap_scale``) and the 1x1 conv becomes an ``s x s`` conv with stride ``s``: each
    stride-8 cell sees which of its sub-cells hold which text, i.e. where a text line starts and
    ends inside the cell. On an input resized by 0.5 (the CPU configs), ``s=2`` gives the seed's
    8 page pixels per TextMap cell again. The compact path applies each of the ``s*s`` kernel
    taps to the node table and sums their gathers, which equals the strided conv on the dense
    map.

    Args:
        screenshot_channels (Sequence[int]): Output channels of the convs. Defaults to
            (96, 256, 384).
        kernel_sizes (Sequence[int]): Kernel sizes of the convs. Defaults to (11, 5, 3).
        first_stride (int): Stride of the first conv. Defaults to 4.
        pool_stride (int): Stride of the 3x3 max pool after the first conv. Defaults to 2.
        norm_cfg (dict, optional): Norm after the pool and after the second conv; None for
            none. Defaults to ``dict(type='BN')``.
        text_in_channels (int): TextMap features. Defaults to 128.
        text_channels (int): TextMap stream output channels. Defaults to 48.
        text_stride (int): How many times finer than the features the TextMap is (kernel size
            and stride of the text conv). Defaults to 1 (the seed's 1x1 conv).
        text_geometry_channels (int): Dense geometry channels (``textmap_geometry``,
            ``LoadTextMap(geometry=True)``: 4) added to the text conv's input; 0 for none.
        text_style_channels (int): Dense style channels (``textmap_style``,
            ``LoadTextMap(style=True)``: 12) added likewise; 0 for none. Defaults to 0.
        use_screenshot (bool): Build the screenshot stream. Defaults to True.
        use_textmap (bool): Build the TextMap stream. Defaults to True.
        frozen (bool): No gradients and BN statistics kept fixed (steps 3-4 of alternating
            training). Defaults to False.
        init_cfg (dict | list, optional): Initialisation config.
    """

    def __init__(self,
                 screenshot_channels: Sequence[int] = (96, 256, 384),
                 kernel_sizes: Sequence[int] = (11, 5, 3),
                 first_stride: int = 4,
                 pool_stride: int = 2,
                 norm_cfg: Optional[dict] = dict(type='BN'),
                 text_in_channels: int = 128,
                 text_channels: int = 48,
                 text_stride: int = 1,
                 text_geometry_channels: int = 0,
                 text_style_channels: int = 0,
                 use_screenshot: bool = True,
                 use_textmap: bool = True,
                 frozen: bool = False,
                 init_cfg=(dict(type='Kaiming', layer='Conv2d', nonlinearity='relu'),
                           dict(type='Constant', layer='_BatchNorm', val=1))) -> None:
        super().__init__(init_cfg=list(init_cfg) if init_cfg else None)
        if not (use_screenshot or use_textmap):
            raise ValueError('TwoStreamBackbone needs at least one stream')
        if len(screenshot_channels) != len(kernel_sizes):
            raise ValueError('screenshot_channels and kernel_sizes differ in length')
        self.use_screenshot = use_screenshot
        self.use_textmap = use_textmap
        self.stride = first_stride * pool_stride
        self.out_channels = []
        if use_screenshot:
            layers, c_in = [], 3
            for i, (c_out, k) in enumerate(zip(screenshot_channels, kernel_sizes)):
                if i > 0 and norm_cfg is not None:
                    layers.append(build_norm_layer(norm_cfg, c_in)[1])
                stride = first_stride if i == 0 else 1
                layers += [nn.Conv2d(c_in, c_out, k, stride, padding=k // 2), nn.ReLU(True)]
                if i == 0:
                    layers.append(nn.MaxPool2d(3, pool_stride, padding=1))
                c_in = c_out
            self.screenshot_stream = nn.Sequential(*layers)
            self.out_channels.append(c_in)
        if text_stride < 1:
            raise ValueError(f'text_stride must be >= 1, got {text_stride}')
        self.text_stride = text_stride
        if use_textmap:
            self.text_conv = nn.Conv2d(text_in_channels, text_channels, text_stride, text_stride)
            self.out_channels.append(text_channels)
        # the text conv's weights for the dense channels, kept apart so that the compact path
        # applies the hashed-word part to the node table (the sum equals one conv on the concat)
        self.geometry_conv = self.style_conv = None
        if use_textmap and text_geometry_channels > 0:
            self.geometry_conv = nn.Conv2d(text_geometry_channels, text_channels, text_stride,
                                           text_stride, bias=False)
        if use_textmap and text_style_channels > 0:
            self.style_conv = nn.Conv2d(text_style_channels, text_channels, text_stride,
                                        text_stride, bias=False)
        self.frozen = frozen
        if frozen:
            freeze(self)

    def _load_from_state_dict(self, state_dict: dict, prefix: str, *args, **kwargs) -> None:
        """Refuse a checkpoint whose TextMap convs take other input channels than this config's.

        mmengine loads checkpoints non-strictly: a size mismatch is logged and the layer keeps
        its random weights, so a checkpoint trained with other style or geometry channels (e.g.
        12 style channels, before ``price_text``) would run and give garbage.
        """
        for name, option in (('text_conv', 'text_in_channels'),
                             ('geometry_conv', 'text_geometry_channels'),
                             ('style_conv', 'text_style_channels')):
            conv, key = getattr(self, name, None), f'{prefix}{name}.weight'
            if conv is None or key not in state_dict:
                continue
            have, want = state_dict[key].shape[1], conv.weight.shape[1]
            if have != want:
                raise ValueError(
                    f'{key}: the checkpoint takes {have} input channels, this config '
                    f'{want} ({option}); test the checkpoint with the config it was trained '
                    'with (a 12-style-channel checkpoint: configs/ablations/'
                    'cpu_dom_mix_no_price_text.py, or LoadTextMap(style=(names...)))')
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)

    def train(self, mode: bool = True) -> 'TwoStreamBackbone':
        super().train(mode)
        if self.frozen:
            super().train(False)
        return self

    def text_forward(self, inputs: Dict[str, torch.Tensor]) -> torch.Tensor:
        """TextMap stream output ``(B, text_channels, H/8, W/8)``.

        The TextMap (``(B, F, h, w)`` dense or ``(B, h, w)`` index) has ``h, w`` =
        ``text_stride`` times the feature map's size.
        """
        out = self._text_words(inputs)
        for key, conv, option in (('textmap_geometry', self.geometry_conv, 'geometry'),
                                  ('textmap_style', self.style_conv, 'style')):
            if conv is None:
                continue
            if key not in inputs:
                raise KeyError(f'text_{option}_channels > 0 needs {key} in inputs: '
                               f'use LoadTextMap({option}=True) in the pipeline')
            out = out + conv(inputs[key].to(conv.weight.dtype))
        return F.relu(out)

    def _text_words(self, inputs: Dict[str, torch.Tensor]) -> torch.Tensor:
        """The text conv on the hashed words, before the ReLU."""
        if 'textmap' in inputs:
            return self.text_conv(inputs['textmap'])
        if 'textmap_index' not in inputs:
            raise KeyError('the TextMap stream needs textmap or textmap_index + textmap_table '
                           'in inputs: add LoadTextMap to the pipeline')
        index = inputs['textmap_index']
        weight, bias, s = self.text_conv.weight, self.text_conv.bias, self.text_stride
        table = inputs['textmap_table'].to(weight.dtype)
        h, w = index.shape[-2:]
        if h % s or w % s:
            raise ValueError(f'TextMap of {h}x{w} cells is not a multiple of text_stride={s}')
        out = bias.view(1, -1, 1, 1)
        for dy in range(s):
            for dx in range(s):
                out = out + gather_textmap(index[:, dy::s, dx::s],
                                           F.linear(table, weight[:, :, dy, dx]))
        return out

    def forward(self, inputs: Dict[str, torch.Tensor]) -> Tuple[torch.Tensor, ...]:
        """Run the enabled streams.

        Args:
            inputs (dict): ``img`` ``(B, 3, H, W)`` and the TextMap (see
                :class:`~webdet_plugin.models.WebDetDataPreprocessor`).

        Returns:
            tuple[Tensor]: ``(B, C_s, H/8, W/8)`` screenshot features and/or
            ``(B, C_t, H/8, W/8)`` TextMap features, in that order.
        """
        outs = []
        if self.use_screenshot:
            outs.append(self.screenshot_stream(inputs['img']))
        if self.use_textmap:
            text = self.text_forward(inputs)
            if outs and text.shape[-2:] != outs[0].shape[-2:]:
                raise ValueError(f'TextMap {tuple(text.shape[-2:])} and screenshot features '
                                 f'{tuple(outs[0].shape[-2:])} differ in size')
            outs.append(text)
        return tuple(outs)
