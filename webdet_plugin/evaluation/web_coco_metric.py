"""mmdet's COCO metric scored against the annotation file of the dataset it evaluates."""
import os.path as osp
from typing import Optional

from mmdet.datasets.api_wrappers import COCO
from mmdet.evaluation import CocoMetric
from mmdet.registry import METRICS
from mmengine.fileio import get_local_path


@METRICS.register_module()
class WebCocoMetric(CocoMetric):
    """:class:`~mmdet.evaluation.CocoMetric` that needs no ``ann_file`` in the config.

    mmdet's metric takes the ground truth from its own ``ann_file``, so a config that points a
    dataset at other pages had to restate the evaluator too (or was silently scored against the
    old annotations). Here, unless ``ann_file`` is given, the ground truth is the COCO file of
    the dataset being evaluated: :class:`~webdet_plugin.datasets.WebPageDataset` puts its
    resolved ``ann_file`` in its ``metainfo``, which the runner hands to every metric.

    Args:
        ann_file (str, optional): COCO file to score against; None: the dataset's.
        **kwargs: As :class:`~mmdet.evaluation.CocoMetric` (``metric``, ``classwise``...).
    """

    def __init__(self, ann_file: Optional[str] = None, **kwargs) -> None:
        super().__init__(ann_file=ann_file, **kwargs)
        self.ann_file = ann_file
        self.dataset_ann_file: Optional[str] = None

    @CocoMetric.dataset_meta.setter
    def dataset_meta(self, dataset_meta: dict) -> None:
        self._dataset_meta = dataset_meta
        if self.ann_file is not None:
            return
        ann_file = (dataset_meta or {}).get('ann_file')
        if not ann_file:
            raise ValueError('WebCocoMetric: the dataset has no ann_file in its metainfo (use '
                             'WebPageDataset) and the metric none of its own')
        if not osp.isfile(ann_file):
            raise FileNotFoundError(f'WebCocoMetric: annotation file {ann_file} not found')
        with get_local_path(ann_file, backend_args=self.backend_args) as local_path:
            self._coco_api = COCO(local_path)
        self.dataset_ann_file = ann_file
