"""RPN whose pre-NMS top-k runs per group of anchor shapes instead of over all anchors."""
from typing import List, Optional, Sequence

from mmdet.models.dense_heads import RPNHead
from mmdet.registry import MODELS
from mmengine.config import ConfigDict
from mmengine.structures import InstanceData
from torch import Tensor


@MODELS.register_module()
class AnchorGroupRPNHead(RPNHead):
    """:class:`~mmdet.models.dense_heads.RPNHead` with a pre-NMS quota per anchor-ratio group.

    mmdet keeps the ``nms_pre`` best anchors *per feature level* before NMS. With one level and
    many anchors per cell, a web page's main image (and the name) fill that budget with
    thousands of near-identical anchors, and small text elements such as the price are cut
    before NMS ever sees them. Here each group of anchor aspect ratios is treated as its own
    level: ``nms_pre`` applies to each group and NMS runs within each group (mmdet's per-level
    NMS), so wide text-line anchors keep their own quota next to near-square image anchors.
    ``max_per_img`` still caps the union, by score.

    Args:
        ratio_groups (Sequence[Sequence[int]], optional): A partition of the indices of
            ``anchor_generator.ratios``, e.g. ``[[0, 1], [2], [3, 4]]``. ``None`` (default)
            keeps mmdet's behaviour (one group per level).
        **kwargs: As :class:`~mmdet.models.dense_heads.RPNHead`.
    """

    def __init__(self, ratio_groups: Optional[Sequence[Sequence[int]]] = None,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.ratio_groups = self._check_groups(ratio_groups)

    def _check_groups(self, groups: Optional[Sequence[Sequence[int]]]
                      ) -> Optional[List[List[int]]]:
        """Validate ``groups`` against the anchor generator and expand them to anchor indices."""
        if groups is None:
            return None
        gen = self.prior_generator
        num_ratios, num_scales = len(gen.ratios), len(gen.scales)
        flat = sorted(i for g in groups for i in g)
        if flat != list(range(num_ratios)) or any(len(g) == 0 for g in groups):
            raise ValueError(f'ratio_groups {list(map(list, groups))} must partition the '
                             f'{num_ratios} anchor ratio indices 0..{num_ratios - 1}')
        if not gen.scale_major:
            raise ValueError('ratio_groups needs anchor_generator.scale_major=True '
                             '(base anchors ordered ratio by ratio)')
        if len(set(gen.num_base_priors)) != 1 or gen.num_base_priors[0] != num_ratios * num_scales:
            raise ValueError('ratio_groups needs the same ratios x scales anchors on every level')
        # with scale_major the base anchor of (ratio r, scale s) is r * num_scales + s
        return [[r * num_scales + s for r in g for s in range(num_scales)] for g in groups]

    def _predict_by_feat_single(self,
                                cls_score_list: List[Tensor],
                                bbox_pred_list: List[Tensor],
                                score_factor_list: List[Tensor],
                                mlvl_priors: List[Tensor],
                                img_meta: dict,
                                cfg: ConfigDict,
                                rescale: bool = False,
                                with_nms: bool = True) -> InstanceData:
        """Split every level into one virtual level per group, then run mmdet's RPN decoding.

        Args:
            cls_score_list (list[Tensor]): Per level ``(A * C, H, W)`` (``A`` anchors per cell,
                ``C`` = ``cls_out_channels``).
            bbox_pred_list (list[Tensor]): Per level ``(A * 4, H, W)``.
            score_factor_list (list[Tensor]): Unused by the RPN.
            mlvl_priors (list[Tensor]): Per level ``(H * W * A, 4)`` anchors, cell-major.
            img_meta (dict): The image's meta information.
            cfg (ConfigDict): ``nms_pre`` (per group), ``nms``, ``max_per_img``, ...
            rescale (bool): Return boxes in the original image's pixels.
            with_nms (bool): Unused (the RPN always runs NMS).

        Returns:
            InstanceData: ``bboxes`` ``(N, 4)``, ``scores`` ``(N, )``, ``labels`` ``(N, )``.
        """
        if self.ratio_groups is None:
            return super()._predict_by_feat_single(cls_score_list, bbox_pred_list,
                                                   score_factor_list, mlvl_priors, img_meta,
                                                   cfg, rescale, with_nms)
        scores, deltas, priors = [], [], []
        for cls_score, bbox_pred, level_priors in zip(cls_score_list, bbox_pred_list,
                                                      mlvl_priors):
            height, width = cls_score.shape[-2:]
            num_anchors = bbox_pred.shape[0] // 4
            cls_score = cls_score.view(num_anchors, -1, height, width)
            bbox_pred = bbox_pred.view(num_anchors, 4, height, width)
            level_priors = level_priors.view(height * width, num_anchors, -1)
            for group in self.ratio_groups:
                scores.append(cls_score[group].flatten(0, 1))
                deltas.append(bbox_pred[group].flatten(0, 1))
                priors.append(level_priors[:, group].flatten(0, 1))
        return super()._predict_by_feat_single(scores, deltas, [None] * len(scores), priors,
                                               img_meta, cfg, rescale, with_nms)
