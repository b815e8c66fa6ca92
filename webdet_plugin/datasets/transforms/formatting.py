"""Packing of both modalities into mmdet's ``inputs`` + ``DetDataSample``."""
import torch
from mmdet.datasets.transforms import PackDetInputs
from mmdet.registry import TRANSFORMS
from mmengine.structures import InstanceData

DENSE_TEXTMAP_KEYS = ('textmap_geometry', 'textmap_style')  # dense maps beside the TextMap


@TRANSFORMS.register_module()
class PackWebInputs(PackDetInputs):
    """:class:`~mmdet.datasets.transforms.PackDetInputs` plus the TextMap.

    The data sample gets two data fields, moved to the model's device with it:
    ``textmap_index`` ``(h, w)`` int64 (-1 = no text) and ``textmap_table`` ``(N, F)`` float16.
    The dense TextMap is only made by the data preprocessor. ``LoadTextMap(geometry=True)``'s
    ``(4, h, w)`` float16 map becomes ``data_sample.textmap_geometry``,
    ``LoadTextMap(style=True)``'s ``(C, h, w)`` one ``data_sample.textmap_style``. DOM candidates
    loaded with ``key='dom_candidates'`` become ``data_sample.dom_candidates`` (``bboxes``,
    ``scores``); loaded as proposals with ``class_tags``, their ``(N, num_classes)`` bool mask
    becomes ``data_sample.proposals.class_mask``.
    """

    def __init__(self,
                 meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor',
                            'page_id', 'site', 'page_offset', 'dropped_gt'),
                 **kwargs) -> None:
        super().__init__(meta_keys=meta_keys, **kwargs)

    def transform(self, results: dict) -> dict:
        packed = super().transform(results)
        sample = packed['data_samples']
        if 'textmap_index' in results:
            sample.textmap_index = torch.from_numpy(results['textmap_index']).long()
            sample.textmap_table = torch.from_numpy(results['textmap_table'])
        for key in DENSE_TEXTMAP_KEYS:
            if key in results:
                sample.set_field(torch.from_numpy(results[key]), key)
        if 'proposals_class_mask' in results:
            sample.proposals.class_mask = torch.from_numpy(results['proposals_class_mask'])
        if 'dom_candidates' in results:
            sample.dom_candidates = InstanceData(
                bboxes=torch.from_numpy(results['dom_candidates']),
                scores=torch.from_numpy(results['dom_candidates_scores']))
        return packed
