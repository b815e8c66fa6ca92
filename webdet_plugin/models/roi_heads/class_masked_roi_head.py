"""mmdet's standard RoI head that keeps each candidate to the classes its element may take."""
from typing import List, Optional, Tuple

import torch
from mmdet.models.roi_heads import StandardRoIHead
from mmdet.registry import MODELS
from mmdet.utils import InstanceList
from mmengine.config import ConfigDict
from torch import Tensor


@MODELS.register_module()
class ClassMaskedRoIHead(StandardRoIHead):
    """:class:`~mmdet.models.roi_heads.StandardRoIHead` whose test-time scores respect the
    proposals' ``class_mask``.

    DOM candidates know what element they are: ``LoadDomCandidates(class_tags=...)`` marks,
    per candidate, the classes its tag allows (the main image is an image element). At test
    time a class a candidate may not take gets zero probability (its logit is set to ``-inf``
    before mmdet's softmax, so the candidate's other classes share what is left), and the page's
    best box of that class is the best candidate that may take it, however low it scores (a
    photo that did not load scores low as an image, below captions and headings). Training is
    mmdet's: the loss sees every candidate unmasked. Proposals without ``class_mask`` (an RPN's)
    are left as they are.

    Args:
        **kwargs: :class:`StandardRoIHead`'s arguments.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._class_mask: Optional[Tensor] = None

    def predict_bbox(self, x: Tuple[Tensor], batch_img_metas: List[dict],
                     rpn_results_list: InstanceList, rcnn_test_cfg: ConfigDict,
                     rescale: bool = False) -> InstanceList:
        """mmdet's box prediction, with the proposals' ``class_mask`` applied to the scores.

        Args:
            x (tuple[Tensor]): Feature maps, each ``(B, C, H, W)``.
            batch_img_metas (list[dict]): The pages' meta information.
            rpn_results_list (list[InstanceData]): Each page's proposals (``bboxes``, and
                ``class_mask`` ``(N, num_classes)`` bool where known).
            rcnn_test_cfg (ConfigDict): ``test_cfg.rcnn``.
            rescale (bool): Boxes back to the original image scale. Defaults to False.

        Returns:
            list[InstanceData]: Each page's detections (``bboxes``, ``scores``, ``labels``).
        """
        masks = [res.get('class_mask') for res in rpn_results_list]
        if masks and all(m is not None for m in masks):
            self._class_mask = torch.cat([m.to(torch.bool) for m in masks])
        elif any(m is not None for m in masks):
            raise ValueError('ClassMaskedRoIHead: some pages of the batch have a class_mask and '
                             'some do not (LoadDomCandidates(class_tags=...) on every page)')
        try:
            return super().predict_bbox(x, batch_img_metas, rpn_results_list, rcnn_test_cfg,
                                        rescale)
        finally:
            self._class_mask = None

    def _bbox_forward(self, x: Tuple[Tensor], rois: Tensor) -> dict:
        """mmdet's box forward, with the scores masked while :meth:`predict_bbox` runs.

        Args:
            x (tuple[Tensor]): Feature maps, each ``(B, C, H, W)``.
            rois (Tensor): ``(N, 5)`` ``(batch_index, x1, y1, x2, y2)`` in input pixels.

        Returns:
            dict[str, Tensor]: ``cls_score``, ``bbox_pred`` and ``bbox_feats``.
        """
        return self.mask_scores(super()._bbox_forward(x, rois))

    def mask_scores(self, bbox_results: dict) -> dict:
        """Set the logits of the classes each RoI may not take to ``-inf`` (test time only).

        Args:
            bbox_results (dict): :meth:`_bbox_forward`'s output; ``cls_score`` is
                ``(N, num_classes + 1)``, background last.

        Returns:
            dict: The same dict, ``cls_score`` masked when a mask is set.
        """
        mask = self._class_mask
        cls_score = bbox_results.get('cls_score')
        if mask is None or cls_score is None:
            return bbox_results
        if mask.shape != (cls_score.shape[0], cls_score.shape[1] - 1):
            raise ValueError(f'ClassMaskedRoIHead: class_mask is {tuple(mask.shape)}, the scores '
                             f'{tuple(cls_score.shape)} (one column per class, background last)')
        keep = torch.cat([mask, mask.new_ones((len(mask), 1))], 1).to(cls_score.device)
        bbox_results['cls_score'] = cls_score.masked_fill(~keep, float('-inf'))
        return bbox_results
