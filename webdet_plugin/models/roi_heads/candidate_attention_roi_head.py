"""mmdet's standard RoI head handing the RoIs themselves to the box head."""
from typing import Tuple

from mmdet.models.roi_heads import StandardRoIHead
from mmdet.registry import MODELS
from torch import Tensor


@MODELS.register_module()
class CandidateAttentionRoIHead(StandardRoIHead):
    """:class:`~mmdet.models.roi_heads.StandardRoIHead` that passes the RoIs to its box head.

    Training (the sampled RoIs of each page) and testing (every proposal or DOM candidate of
    each page) both go through :meth:`_bbox_forward`, so the box head
    (:class:`~webdet_plugin.models.CandidateAttentionBBoxHead`) sees which RoIs share a page
    and where they are. Everything else (sampling, losses, post-processing) is mmdet's.
    """

    def _bbox_forward(self, x: Tuple[Tensor], rois: Tensor) -> dict:
        """Pool the RoIs and run the box head on the features and the RoIs.

        Args:
            x (tuple[Tensor]): Feature maps, each ``(B, C, H, W)``.
            rois (Tensor): ``(N, 5)`` ``(batch_index, x1, y1, x2, y2)`` in input pixels.

        Returns:
            dict[str, Tensor]: ``cls_score``, ``bbox_pred`` and ``bbox_feats``.
        """
        bbox_feats = self.bbox_roi_extractor(x[:self.bbox_roi_extractor.num_inputs], rois)
        if self.with_shared_head:
            bbox_feats = self.shared_head(bbox_feats)
        cls_score, bbox_pred = self.bbox_head(bbox_feats, rois)
        return dict(cls_score=cls_score, bbox_pred=bbox_pred, bbox_feats=bbox_feats)
