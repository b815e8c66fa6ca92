"""RPN whose proposals are completed by the page's DOM candidates (hybrid proposals)."""
from typing import List, Optional, Tuple

import torch
from mmcv.ops import nms
from mmdet.registry import MODELS
from mmdet.structures import SampleList
from mmengine.structures import InstanceData
from torch import Tensor

from .anchor_group_rpn_head import AnchorGroupRPNHead


def merge_proposals(rpn: InstanceData, candidates: Optional[InstanceData], score: float,
                    iou_thr: float) -> InstanceData:
    """RPN proposals ∪ DOM candidates, near-duplicates removed.

    Candidates get ``score``; with the default 1.0 they win every overlap, so an RPN proposal
    overlapping a candidate by more than ``iou_thr`` is dropped, and duplicate candidates are
    merged too. The result is sorted by score.

    Args:
        rpn (InstanceData): ``bboxes`` ``(N, 4)``, ``scores`` ``(N, )`` (``labels`` optional).
        candidates (InstanceData, optional): ``bboxes`` ``(M, 4)`` in the same pixels.
        score (float): Score given to candidates.
        iou_thr (float): Overlap above which the lower-scored box is a duplicate.

    Returns:
        InstanceData: ``bboxes``, ``scores``, ``labels`` (zeros) of the kept boxes.
    """
    if candidates is None or len(candidates) == 0:
        return rpn
    boxes = torch.cat([rpn.bboxes, candidates.bboxes.to(rpn.bboxes)], 0)
    scores = torch.cat([rpn.scores, rpn.scores.new_full((len(candidates), ), score)], 0)
    if len(boxes) == 0:
        keep = torch.zeros(0, dtype=torch.long, device=boxes.device)
    else:
        _, keep = nms(boxes, scores, iou_thr)
    out = InstanceData()
    out.bboxes = boxes[keep]
    out.scores = scores[keep]
    out.labels = torch.zeros_like(keep)
    return out


@MODELS.register_module()
class HybridRPNHead(AnchorGroupRPNHead):
    """:class:`AnchorGroupRPNHead` (mmdet's ``RPNHead``) + DOM candidates as proposals.

    The candidates travel as ``data_sample.dom_candidates`` (``LoadDomCandidates(key=
    'dom_candidates')``); under that name mmdet's two-stage detector still runs the RPN (it
    skips the RPN only for ``data_sample.proposals``). The RoI head then sees the union in
    training, and at test time too unless ``candidates_at_test=False``: then the candidates only
    teach the RoI head (every element of the page as an exact positive or hard negative) and the
    model detects from its RPN proposals alone.

    Args:
        candidate_score (float): Score of DOM candidates in the union. Defaults to 1.0.
        dedup_iou (float): IoU above which two proposals are duplicates. Defaults to 0.7.
        candidates_at_test (bool): Merge the candidates at test time as well. Defaults to True.
        **kwargs: As :class:`AnchorGroupRPNHead`.
    """

    def __init__(self, candidate_score: float = 1.0, dedup_iou: float = 0.7,
                 candidates_at_test: bool = True, **kwargs) -> None:
        super().__init__(**kwargs)
        self.candidate_score = candidate_score
        self.dedup_iou = dedup_iou
        self.candidates_at_test = candidates_at_test

    def _merge(self, results: List[InstanceData], samples: SampleList) -> List[InstanceData]:
        return [merge_proposals(r, s.get('dom_candidates', None), self.candidate_score,
                                self.dedup_iou) for r, s in zip(results, samples)]

    def loss_and_predict(self, x: Tuple[Tensor], batch_data_samples: SampleList,
                         proposal_cfg=None) -> Tuple[dict, List[InstanceData]]:
        losses, results = super().loss_and_predict(x, batch_data_samples, proposal_cfg)
        return losses, self._merge(results, batch_data_samples)

    def predict(self, x: Tuple[Tensor], batch_data_samples: SampleList,
                rescale: bool = False) -> List[InstanceData]:
        if not self.candidates_at_test:
            return super().predict(x, batch_data_samples, rescale=rescale)
        if rescale:
            raise NotImplementedError('HybridRPNHead merges candidates in input pixels only')
        results = super().predict(x, batch_data_samples, rescale=rescale)
        return self._merge(results, batch_data_samples)
