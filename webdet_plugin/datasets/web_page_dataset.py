"""WebPageDataset: COCO split files over captured page folders (see docs/data_format.md)."""
import os.path as osp

from mmdet.datasets import CocoDataset
from mmdet.registry import DATASETS


@DATASETS.register_module()
class WebPageDataset(CocoDataset):
    """Web pages with labelled elements; a :class:`~mmdet.datasets.CocoDataset` plus page data.

    Each data info also carries ``dom_path`` (the page record), ``page_id``, ``site`` and
    ``window``, the ``(x, y)`` offset of the page window the pipeline crops (see
    :class:`~webdet_plugin.datasets.transforms.CropPageWindow`).

    Args:
        *args, **kwargs: As :class:`~mmdet.datasets.CocoDataset`.
    """

    METAINFO = dict(classes=('name', 'price', 'image'),
                    palette=[(220, 20, 60), (0, 160, 0), (0, 80, 255)])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # the metrics get the metainfo: WebCocoMetric scores against this file
        self._metainfo['ann_file'] = self.ann_file

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
