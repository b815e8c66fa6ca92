"""WebPageDataset: COCO split files over captured page folders (see docs/data_format.md)."""
import copy
import math
import os.path as osp
from typing import List, Optional, Tuple

from mmdet.datasets import CocoDataset
from mmdet.registry import DATASETS


@DATASETS.register_module()
class WebPageDataset(CocoDataset):
    """Web pages with labelled elements; a :class:`~mmdet.datasets.CocoDataset` plus page data.

    Each data info also carries ``dom_path`` (the page record), ``page_id``, ``site`` and
    ``window``, the ``(x, y)`` offset of the page window the pipeline crops (see
    :class:`~webdet_plugin.datasets.transforms.CropPageWindow`).

    Pages are taller than a window: by default each page gives one window, its top
    (``page_windows=None``). With ``page_windows=dict(height=1280, stride=1024)`` each page gives
    one window every ``stride`` px down to its bottom, so that elements far down a page are seen
    (at test time the metric keeps, per page and class, the best-scoring detection over all
    windows).

    Args:
        page_windows (dict, optional): ``height`` and ``stride`` of sliding windows.
        *args, **kwargs: As :class:`~mmdet.datasets.CocoDataset`.
    """

    METAINFO = dict(classes=('name', 'price', 'image'),
                    palette=[(220, 20, 60), (0, 160, 0), (0, 80, 255)])

    def __init__(self, *args, page_windows: Optional[dict] = None, **kwargs) -> None:
        self.page_windows = page_windows
        super().__init__(*args, **kwargs)

    def parse_data_info(self, raw_data_info: dict) -> dict:
        data_info = super().parse_data_info(raw_data_info)
        img_info = raw_data_info['raw_img_info']
        dom_file = img_info.get('dom_file') or osp.join(osp.dirname(img_info['file_name']),
                                                        'dom.json')
        data_info['dom_path'] = osp.join(self.data_prefix.get('img', ''), dom_file)
        data_info['page_id'] = img_info.get('page_id', str(img_info['id']))
        data_info['site'] = img_info.get('site', '')
        data_info['window'] = (0, 0)
        return data_info

    def load_data_list(self) -> List[dict]:
        data_list = super().load_data_list()
        if not self.page_windows:
            return data_list
        windows = []
        for info in data_list:
            for y in window_offsets(info['height'], self.page_windows['height'],
                                    self.page_windows['stride']):
                item = copy.copy(info)
                item['window'] = (0, y)
                windows.append(item)
        return windows


def window_offsets(page_height: int, height: int, stride: int) -> Tuple[int, ...]:
    """Top offsets of sliding windows covering ``page_height`` (the last one ends at the bottom)."""
    if page_height <= height:
        return (0, )
    n = math.ceil((page_height - height) / stride)
    offsets = [i * stride for i in range(n)] + [page_height - height]
    return tuple(sorted(set(offsets)))
