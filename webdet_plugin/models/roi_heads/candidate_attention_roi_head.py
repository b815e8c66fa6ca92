"""mmdet's standard RoI head handing the RoIs, and the page's proposals, to the box head."""
from typing import Optional, Tuple

from mmdet.registry import MODELS
from mmdet.structures import SampleList
from mmdet.structures.bbox import bbox2roi
from mmdet.utils import InstanceList
from torch import Tensor

from .class_masked_roi_head import ClassMaskedRoIHead


@MODELS.register_module()
class CandidateAttentionRoIHead(ClassMaskedRoIHead):
    """:class:`~mmdet.models.roi_heads.StandardRoIHead` that passes the RoIs to its box head.

    The box head (:class:`~webdet_plugin.models.CandidateAttentionBBoxHead`) updates each RoI
    from the other candidates of its page. At test time the candidates are the page's
    proposals (or DOM candidates), all of them. In training the RoIs sampled for the loss
    attend to the same set, the page's proposals before sampling, not to each other: the
    sampled subset is thinner than what a test sees, and it holds the ground-truth boxes mmdet
    adds as proposals, each a duplicate of its positive that no test page has. Sampling,
    losses and post-processing are mmdet's; at test time the proposals' ``class_mask``, where
    they carry one, applies as in :class:`~webdet_plugin.models.ClassMaskedRoIHead`.

    Args:
        max_context (int, optional): In training, attend to at most this many of each page's
            proposals (the first ones: the RPN's best, or DOM candidates in document order).
            Defaults to ``None`` (all).
        **kwargs: :class:`ClassMaskedRoIHead`'s (mmdet `StandardRoIHead`'s) arguments.
    """

    def __init__(self, max_context: Optional[int] = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.max_context = max_context
        self._context_rois: Optional[Tensor] = None

    def loss(self, x: Tuple[Tensor], rpn_results_list: InstanceList,
             batch_data_samples: SampleList) -> dict:
        """mmdet's loss, with each page's proposals kept as the sampled RoIs' context.

        Args:
            x (tuple[Tensor]): Feature maps, each ``(B, C, H, W)``.
            rpn_results_list (list[InstanceData]): Each page's proposals (``bboxes``).
            batch_data_samples (list[DetDataSample]): The pages' samples.

        Returns:
            dict[str, Tensor]: The losses.
        """
        self._context_rois = bbox2roi(
            [res.bboxes[:self.max_context].detach() for res in rpn_results_list])
        try:
            return super().loss(x, rpn_results_list, batch_data_samples)
        finally:
            self._context_rois = None

    def _bbox_forward(self, x: Tuple[Tensor], rois: Tensor) -> dict:
        """Pool the RoIs (and the context's) and run the box head on features and RoIs.

        Within :meth:`loss` (mmdet's ``bbox_loss`` calls this) the RoIs attend to the pages'
        proposals; elsewhere to each other.

        Args:
            x (tuple[Tensor]): Feature maps, each ``(B, C, H, W)``.
            rois (Tensor): ``(N, 5)`` ``(batch_index, x1, y1, x2, y2)`` in input pixels.

        Returns:
            dict[str, Tensor]: ``cls_score``, ``bbox_pred`` and ``bbox_feats``.
        """
        context_rois = self._context_rois
        bbox_feats = self._pool(x, rois)
        context = None if context_rois is None else self._pool(x, context_rois)
        cls_score, bbox_pred = self.bbox_head(bbox_feats, rois, context, context_rois)
        return self.mask_scores(
            dict(cls_score=cls_score, bbox_pred=bbox_pred, bbox_feats=bbox_feats))

    def _pool(self, x: Tuple[Tensor], rois: Tensor) -> Tensor:
        feats = self.bbox_roi_extractor(x[:self.bbox_roi_extractor.num_inputs], rois)
        return self.shared_head(feats) if self.with_shared_head else feats
