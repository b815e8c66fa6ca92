"""Data preprocessor for two inputs: the screenshot and the TextMap."""
import math
from typing import Sequence

import torch
from mmdet.models.data_preprocessors import DetDataPreprocessor
from mmdet.registry import MODELS


def batch_textmap_index(indices: Sequence[torch.Tensor], sizes: Sequence[int],
                        map_size: Sequence[int]) -> torch.Tensor:
    """Stack per-page index maps into ``(B, h, w)`` with rows of the concatenated node table.

    Args:
        indices (Sequence[Tensor]): Per page ``(h_i, w_i)`` int64, -1 where no text.
        sizes (Sequence[int]): Per page number of table rows ``N_i``.
        map_size (Sequence[int]): Padded ``(h, w)`` of the batch map.

    Returns:
        Tensor: ``(B, h, w)`` int64, -1 where no text (padding included).
    """
    offsets = [0]
    for n in sizes[:-1]:
        offsets.append(offsets[-1] + n)
    shifted = [torch.where(idx >= 0, idx + offset, idx)[None]
               for idx, offset in zip(indices, offsets)]
    return batch_maps(shifted, map_size, fill=-1)[:, 0]


def batch_maps(maps: Sequence[torch.Tensor], map_size: Sequence[int],
               fill: float = 0) -> torch.Tensor:
    """Stack per-page ``(C, h_i, w_i)`` maps into ``(B, C, h, w)``, ``fill``-padded or cropped."""
    out = maps[0].new_full((len(maps), maps[0].shape[0], *map_size), fill)
    for i, m in enumerate(maps):
        h, w = min(m.shape[1], map_size[0]), min(m.shape[2], map_size[1])
        out[i, :, :h, :w] = m[:, :h, :w]
    return out


def gather_textmap(index: torch.Tensor, table: torch.Tensor) -> torch.Tensor:
    """Dense ``(B, C, h, w)`` map: row ``index[b, y, x]`` of ``table`` (``(N, C)``) per cell.

    Cells with index -1 get zeros.
    """
    rows = torch.cat([table.new_zeros(1, table.shape[1]), table], 0)
    return rows[index + 1].permute(0, 3, 1, 2).contiguous()


@MODELS.register_module()
class WebDetDataPreprocessor(DetDataPreprocessor):
    """:class:`~mmdet.models.data_preprocessors.DetDataPreprocessor` for screenshot + TextMap.

    The screenshot goes through the parent (normalisation, BGR→RGB, padding). The per-page
    TextMap index maps and node tables (``data_samples[i].textmap_index`` / ``textmap_table``)
    are batched on the model's device to the padded size divided by ``textmap_scale``.

    ``inputs`` becomes a dict: ``img`` ``(B, 3, H, W)`` and either ``textmap_index``
    ``(B, H/s, W/s)`` + ``textmap_table`` ``(N, F)`` (compact, default; the backbone applies its
    1x1 conv to the table before the gather) or, with ``dense_textmap=True``, ``textmap``
    ``(B, F, H/s, W/s)``. Pages with ``textmap_geometry`` (``LoadTextMap(geometry=True)``) add
    ``textmap_geometry`` ``(B, 4, H/s, W/s)`` float32, zero-padded; likewise ``textmap_style``
    ``(B, 12, H/s, W/s)`` (``LoadTextMap(style=True)``).

    Args:
        textmap_scale (int): Image pixels per TextMap cell. Defaults to 8.
        dense_textmap (bool): Build the dense TextMap here. Defaults to False.
        **kwargs: As :class:`~mmdet.models.data_preprocessors.DetDataPreprocessor`;
            ``pad_size_divisor`` must be a multiple of ``textmap_scale``.
    """

    def __init__(self, textmap_scale: int = 8, dense_textmap: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        if self.pad_size_divisor % textmap_scale:
            raise ValueError(f'pad_size_divisor={self.pad_size_divisor} is not a multiple of '
                             f'textmap_scale={textmap_scale}')
        self.textmap_scale = textmap_scale
        self.dense_textmap = dense_textmap

    def forward(self, data: dict, training: bool = False) -> dict:
        data = super().forward(data, training)
        img, samples = data['inputs'], data['data_samples']
        inputs = dict(img=img)
        if samples and 'textmap_index' in samples[0]:
            map_size = (math.ceil(img.shape[-2] / self.textmap_scale),
                        math.ceil(img.shape[-1] / self.textmap_scale))
            tables = [s.textmap_table.to(img.device, torch.float32) for s in samples]
            index = batch_textmap_index([s.textmap_index.to(img.device) for s in samples],
                                        [len(t) for t in tables], map_size)
            table = torch.cat(tables, 0)
            if self.dense_textmap:
                inputs['textmap'] = gather_textmap(index, table)
            else:
                inputs['textmap_index'] = index
                inputs['textmap_table'] = table
            for key in ('textmap_geometry', 'textmap_style'):
                if key in samples[0]:
                    inputs[key] = batch_maps(
                        [s.get(key).to(img.device, torch.float32) for s in samples], map_size)
        return dict(inputs=inputs, data_samples=samples)
